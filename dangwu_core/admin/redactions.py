"""脱密脱敏 in the admin: the findings stored with the version shown on the item's page, and
the reviewer's decision on each (accept the redaction, or override it with a written reason).

:class:`RedactionDecisions` adds the one route (``/finding/``, POST) to the disclosure view;
it asks :func:`dangwu_core.findings.decide`, which decides who may and records the audit
event. The page's part is ``dangwu_admin/_redactions.html``.
"""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import findings
from ..schemas.numbers import parse_int
from .base import unit

KIND_LABELS = {
    "id_card": _l("身份证号码"),
    "mobile": _l("手机号码"),
    "landline": _l("固定电话号码"),
    "bank_card": _l("银行卡号"),
    "uscc": _l("统一社会信用代码"),
    "passport": _l("护照号码"),
    "email": _l("电子邮箱"),
    "classification": _l("密级标志"),
    "internal_marking": _l("内部资料标志"),
    "sensitive_word": _l("敏感词"),
}
DECISION_LABELS = {"accept": _l("已接受脱敏"), "override": _l("不予脱敏")}


def source_label(source: str) -> str:
    """Where a finding is, in Chinese: 标题, 正文, 附件“…”, 附件名“…”."""
    if source.startswith("filename:"):
        return _("附件名“%(name)s”", name=source.removeprefix("filename:"))
    if source.startswith("attachment:"):
        return _("附件“%(name)s”", name=source.removeprefix("attachment:"))
    return {"title": _("标题"), "body": _("正文")}.get(source, source)


def review_results(item, version) -> list[dict] | None:
    """The stored run of the checks on ``version`` as the page's findings (None: none stored,
    the page runs the checks itself, as for a draft never submitted)."""
    return findings.as_results(unit(), version)


def redaction_context(item, version, person) -> dict:
    """What ``_redactions.html`` needs: the stored findings, whether ``person`` may decide
    them now, and the labels. A reviewer finds them stored even for an item submitted before
    findings were stored with versions (:func:`dangwu_core.findings.ensure`)."""
    may_decide = findings.may_decide(unit(), item, person)
    if may_decide:
        findings.ensure(unit(), item, version)
    return {
        "stored_findings": findings.of_version(version),
        "may_decide": may_decide,
        "kind_labels": KIND_LABELS,
        "decision_labels": DECISION_LABELS,
        "source_label": source_label,
    }


class RedactionDecisions:
    """The disclosure view's route for deciding one finding."""

    @expose("/finding/", methods=["POST"])
    def finding_view(self):
        finding_id = parse_int(request.form.get("finding"))
        kind = request.form.get("decision", "")
        label = DECISION_LABELS.get(kind, kind)
        return self.act_on_item(
            lambda item: findings.decide(
                unit(),
                item,
                finding_id if finding_id is not None else -1,
                self.person,
                kind,
                request.form.get("reason", ""),
            ),
            _("已记录对该项审查结果的处理：%(label)s。", label=label),
            item_id=request.form.get("id"),
        )
