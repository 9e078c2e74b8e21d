"""The review checks this plugin registers, run on a disclosure's version as core's approval
guard (``review_checks_pass``) and the admin's findings ask: the title, the body, the file names
of its attachments and the text extracted from them.

Each check answers one :class:`~dangwu_core.review.Finding` whose spans carry ``kind``,
``action``, ``suggestion`` and ``source`` (which text the offsets are in: only ``body`` spans
are highlighted in the body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dangwu_core.toolkit import Attachment, Finding, Outcome, ReviewCheck, Span

from .extract import Unreadable, extract_text
from .hits import Hit
from .markings import classification, internal_markings
from .personal import personal_data
from .words import DEFAULT_WORDS, SETTING, sensitive_words

KIND_LABELS = {
    "id_card": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "uscc": "统一社会信用代码",
    "passport": "护照号码",
    "email": "电子邮箱",
    "classification": "密级标志",
    "internal_marking": "内部资料标志",
    "sensitive_word": "敏感词",
}


def source_label(source: str) -> str:
    if source.startswith("filename:"):
        return f"附件名“{source.removeprefix('filename:')}”"
    if source.startswith("attachment:"):
        return f"附件“{source.removeprefix('attachment:')}”"
    return {"title": "标题", "body": "正文"}.get(source, source)


def _files(disclosure, number: int) -> list:
    if disclosure.id is None:
        return []
    return list(
        Attachment.select()
        .where(
            (Attachment.disclosure == disclosure.id)
            & (Attachment.version <= number)
            & (Attachment.until_version.is_null() | (Attachment.until_version > number))
        )
        .order_by(Attachment.id)
    )


def texts(disclosure, version) -> Iterator[tuple[str, str | None, str | None]]:
    """``(source, text, problem)`` for every text of ``version``: its title, body, each
    attachment's file name and extracted text (or why it could not be read)."""
    yield "title", version.title or "", None
    yield "body", version.body or "", None
    for file in _files(disclosure, version.number or 1):
        yield f"filename:{file.filename}", file.filename, None
        try:
            yield f"attachment:{file.filename}", extract_text(file.filename, bytes(file.data)), None
        except Unreadable as exc:
            yield f"attachment:{file.filename}", None, str(exc)


def _spans(disclosure, version, find: Callable[[str], list[Hit]]):
    spans, problems = [], []
    for source, text, problem in texts(disclosure, version):
        if problem is not None:
            problems.append(problem)
            continue
        for hit in find(text):
            spans.append(
                Span(hit.start, hit.end, hit.text, hit.kind, hit.action, hit.suggestion, source)
            )
    return tuple(spans), problems


def _where(spans, show) -> str:
    return "；".join(f"{source_label(s.source)}{KIND_LABELS[s.kind]}{show(s)}" for s in spans)


def secrecy_markings(disclosure, version) -> Finding:
    """密级标志 and 内部资料 block; a marking without a valid period escalates (004 七(三))."""
    spans, problems = _spans(
        disclosure, version, lambda t: classification(t) + internal_markings(t)
    )
    unclear = [s for s in spans if s.action == "escalate"]
    blocking = [s for s in spans if s.action == "block"]
    parts = []
    if blocking:
        parts.append("含" + _where(blocking, lambda s: f"“{s.text}”") + "，不得公开")
    if unclear:
        parts.append(
            "密级不明确（" + _where(unclear, lambda s: f"“{s.text}”")
            + "），须报上一级党组织，由其报保密行政管理部门确定密级，确定前不得审批"
        )  # fmt: skip
    parts += problems
    outcome = Outcome.BLOCK if spans else Outcome.PASS
    return Finding("review.secrecy", outcome, "；".join(parts), spans, escalate=bool(unclear))


def personal_information(disclosure, version) -> Finding:
    """Personal data asks for redaction (脱密脱敏) with each span's masked suggestion."""
    spans, _problems = _spans(disclosure, version, personal_data)
    if not spans:
        return Finding("review.personal_data", Outcome.PASS)
    message = "含个人信息，应脱敏后公开：" + _where(spans, lambda s: f"（建议：{s.suggestion}）")
    return Finding("review.personal_data", Outcome.REDACT, message, spans)


def unit_words(unit) -> list[str]:
    if unit is None:
        return list(DEFAULT_WORDS)
    return list(unit.settings.get(SETTING) or [])


def flagged_words(disclosure, version, unit=None) -> Finding:
    """The unit's sensitive words are flagged for the reviewer; they do not refuse."""
    words = unit_words(unit)
    spans, _problems = _spans(disclosure, version, lambda t: sensitive_words(t, words))
    message = ("含敏感词，请审核：" + _where(spans, lambda s: f"“{s.text}”")) if spans else ""
    return Finding("review.sensitive_words", Outcome.PASS, message, spans)


CHECKS = (
    ReviewCheck("review.secrecy", "保密审查（密级标志）", "secrecy", secrecy_markings),
    ReviewCheck("review.personal_data", "个人信息审查", "secrecy", personal_information),
    ReviewCheck("review.sensitive_words", "敏感词审查", "legality", flagged_words, takes_unit=True),
)
