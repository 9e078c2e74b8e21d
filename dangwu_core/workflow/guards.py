"""Core's guards: named checks a workflow definition lists on its transitions.

A guard receives the :class:`~dangwu_core.workflow.engine.TransitionContext` and answers a
refusal message (one sentence naming the cause), or None to let the transition go on. Guards
only read; what they saw may be added to ``ctx.payload`` for the audit event.
"""

from __future__ import annotations

from .. import risk
from ..clock import today
from ..disclosures import current_version
from ..errors import ValidationError
from ..feedback import correction_source
from ..findings import redactions_pending
from ..models import Filing, FilingKind, FilingStatus, Scope
from ..review import REVIEW_ASPECTS, Outcome
from ..secrecy import (
    REFER_ADVICE,
    SECRECY_OUTCOMES,
    check_results,
    classification_cleared,
    overridden_blocks,
    secrecy_outcome,
)
from ..sections import in_catalog, section_items
from .kinds import TransitionKind

#: Scopes from narrowest to widest (先党内后党外 widens, never narrows).
SCOPE_WIDTH = {Scope.SPECIFIC: 0, Scope.UNIT: 1, Scope.PARTY: 2, Scope.PUBLIC: 3}
ASPECT_LABELS = {"necessity": "必要性", "accuracy": "准确性", "legality": "法规", "secrecy": "保密"}


def not_proposer(ctx) -> str | None:
    """Separation of duties: the proposer never reviews or approves their own item (004 五)."""
    if ctx.actor is not None and ctx.actor.id == ctx.disclosure.proposer_id:
        return (
            f"separation of duties: {ctx.actor.name} proposed “{ctx.disclosure.title}” and may "
            f"not {ctx.transition.label} ({ctx.transition.name}) it"
        )
    return None


def review_findings_complete(ctx) -> str | None:
    """审核 records four findings — necessity, accuracy, legality, secrecy (004 五(二)) — and
    each must have passed for the item to go on to approval."""
    findings = ctx.findings or {}
    missing = [a for a in REVIEW_ASPECTS if not findings.get(a, {}).get("opinion", "").strip()]
    if missing:
        names = ", ".join(f"{a} ({ASPECT_LABELS[a]})" for a in missing)
        return f"the review must record a finding on {names}"
    failed = [a for a in REVIEW_ASPECTS if not findings[a]["passed"]]
    if failed:
        aspect = failed[0]
        return (
            f"the {aspect} ({ASPECT_LABELS[aspect]}) review did not pass: "
            f"{findings[aspect]['opinion']}; return it for revision or refuse it"
        )
    return None


def _refer_step(definition) -> str:
    steps = definition.transitions_of_kind(TransitionKind.REFER)
    return f"{steps[0].label}, {steps[0].name}" if steps else "escalate it"


def review_checks_pass(ctx) -> str | None:
    """Run every registered review check on the current version (保密审查, 004 七(三)).

    A block refuses until the approver overrides it with a written reason
    (:func:`dangwu_core.secrecy.override_block`); an uncertain classification refuses until
    the organization above decided it may be disclosed (steps of kind ``refer``/``classify``);
    a request for redaction (脱密脱敏) refuses until a reviewer decided each of its redactions
    (:func:`dangwu_core.findings.decide`) or the text no longer has them. The results, and
    the secrecy finding they make (004 五(二)), go into the event payload.
    """
    version = current_version(ctx.disclosure)
    overridden = overridden_blocks(ctx.disclosure, version.number)
    cleared = classification_cleared(ctx.definition, ctx.disclosure)
    results = []
    refusal = None
    for r in check_results(ctx.unit, ctx.disclosure, version):
        check, finding = r.check, r.finding
        result = {
            "check": check.name,
            "aspect": check.aspect,
            "outcome": str(finding.outcome),
            "message": finding.message,
            "escalate": r.escalates,
        }
        if finding.spans:  # where and what, never the found text itself
            result["spans"] = finding.spans_record()
        refused = None
        if r.escalates:
            if r.unclear_digest in cleared:
                result["classification_decided"] = True
            else:
                refused = (
                    f"review check {check.label} ({check.name}): {finding.message}; "
                    f"{REFER_ADVICE}: refer it to the upper organization "
                    f"({_refer_step(ctx.definition)}) and wait for its decision"
                )
        if refused is None and r.blocks:
            event = overridden.get((check.name, r.block_digest))
            if event is not None:
                result["overridden"] = event
            else:
                refused = (
                    f"review check {check.label} ({check.name}) blocks it: {finding.message}; "
                    "only the approver (审批人) may override it, with a written reason"
                )
        elif (
            refused is None
            and finding.outcome == Outcome.REDACT
            and redactions_pending(version, finding)
        ):
            refused = (
                f"review check {check.label} ({check.name}) asks for redaction (脱密脱敏): "
                f"{finding.message}; decide each redaction or return it for revision"
            )
        results.append(result)
        refusal = refusal or refused
    ctx.payload["checks"] = results
    outcome = secrecy_outcome(results)
    ctx.payload["secrecy_review"] = {"outcome": outcome, "label": SECRECY_OUTCOMES[outcome]}
    return refusal


def _important(disclosure) -> bool:
    item = disclosure.catalog_item
    return bool(disclosure.important or (item is not None and item.important))


def collective_decision_if_important(ctx) -> str | None:
    """Important items are approved by a collective decision of the leadership (集体研究决定,
    004 五(三); 000 四(一)1(2)) — or escalated to the upper organization instead."""
    if not _important(ctx.disclosure):
        return None
    decision = ctx.collective_decision or {}
    missing = [k for k in ("meeting", "date", "decision") if not str(decision.get(k, "")).strip()]
    if missing:
        return (
            f"“{ctx.disclosure.title}” is an important item: approving it needs a recorded "
            f"collective decision (集体研究决定: meeting, date, decision; missing "
            f"{', '.join(missing)}), or escalate it to the upper organization"
        )
    return None


def risk_assessments_complete(ctx) -> str | None:
    """风险评估 (004 七(四)): an item flagged by its catalog item, the reviewer or a plugin is
    approved only once its social-stability (and, for a major decision, online-opinion)
    assessment is complete; a high rating needs the collective decision (集体研究决定)."""
    return risk.refusal(ctx.unit, ctx.disclosure, ctx.collective_decision)


def within_authority(ctx) -> str | None:
    """Items the catalog reserves to the upper organization must be escalated (004 五(三))."""
    items = [ctx.disclosure.catalog_item] if ctx.disclosure.catalog_item_id else []
    items += section_items(ctx.disclosure)  # a sheet's items (003 §8(二)), each as its own
    for item in items:
        if item.needs_upper_approval:
            return (
                f"catalog item “{item.title}” needs the upper organization's approval "
                f"(报请上一级党组织审批): escalate it"
            )
    return None


def approved_plan(disclosure) -> Filing | None:
    """The approved work plan (工作方案) of an out-of-catalog disclosure, if any."""
    return (
        Filing.select()
        .where(
            (Filing.kind == FilingKind.IMPLEMENTATION_PLAN.value)
            & (Filing.subject_type == "disclosure")
            & (Filing.subject_id == disclosure.id)
            & (Filing.status == FilingStatus.REVIEWED.value)
        )
        .order_by(Filing.id.desc())
        .first()
    )


def plan_approved_if_out_of_catalog(ctx) -> str | None:
    """目录外事项: publish only after the catalog issuer approved a work plan (003 §6(二)).
    A 党务公开日 sheet whose every section is a catalogued item is in the catalog."""
    if in_catalog(ctx.disclosure):
        return None
    plan = approved_plan(ctx.disclosure)
    if plan is None or not (plan.payload or {}).get("approved"):
        return (
            f"“{ctx.disclosure.title}” is not in the catalog: publishing it needs a work plan "
            f"(工作方案) approved by the organization that issued the catalog"
        )
    ctx.payload["plan_filing"] = plan.id
    return None


def new_version_given(ctx) -> str | None:
    """再公开 publishes changed content: a new body is required (000 四(一)1(5)); an opinion
    named as its cause (``feedback``, 003 §8(四)) must be one on this disclosure or its
    organization."""
    if not str(ctx.data.get("body") or "").strip():
        return "re-publishing (再公开) needs the changed content (body)"
    if ctx.data.get("feedback") is not None:
        try:
            correction_source(ctx.disclosure, ctx.data["feedback"])
        except ValidationError as exc:
            return str(exc)
    return None


def widens_scope(ctx) -> str | None:
    """先党内后党外: a published item's scope may widen, never narrow; channels must fit."""
    new = ctx.data.get("scope")
    if new not in Scope.values():
        return f"widening the scope needs a new scope: one of {', '.join(Scope.values())}"
    old = Scope(ctx.disclosure.scope)
    if SCOPE_WIDTH[Scope(new)] <= SCOPE_WIDTH[old]:
        return (
            f"the scope of a published item only widens: {Scope(new).label} is not wider "
            f"than {old.label}"
        )
    channels = ctx.data.get("channels") or ctx.disclosure.channels
    try:
        ctx.unit.registry.channels.check_fit(new, channels)
    except Exception as exc:  # the channels' own ValidationError message says which
        return str(exc)
    return None


def change_approved_by_issuer(ctx) -> str | None:
    """变更/撤销/终止 of a catalogued item needs the catalog issuer's approval (001 四.2,
    003 §9(二)) — unless the disclosing organization issued the catalog itself."""
    from ..changes import ACTIONS, approved_change, change_issuer
    from .kinds import CHANGE_ACTIONS

    action = CHANGE_ACTIONS.get(ctx.transition.kind, "change")
    issuer = change_issuer(ctx.disclosure)
    if issuer is None:
        return None
    filing = approved_change(ctx.disclosure, action)
    if filing is None:
        return (
            f"{ACTIONS[action]} “{ctx.disclosure.title}” needs the approval of {issuer.name}, "
            f"which issued its catalog: ask for it first"
        )
    ctx.payload["change_filing"] = filing.id
    return None


def display_window_ended(ctx) -> str | None:
    """An item expires only once its display window (公开时限) is over."""
    until = ctx.disclosure.display_until
    if until is not None and today() <= until:
        return f"“{ctx.disclosure.title}” is on display until {until.isoformat()}"
    return None


GUARDS = {
    "not_proposer": (not_proposer, "申报人不得审核、审批本人申报的事项"),
    "review_findings_complete": (
        review_findings_complete,
        "审核意见齐全（必要性、准确性、法规、保密）",
    ),
    "review_checks_pass": (review_checks_pass, "自动审查通过（保密、个人信息、风险）"),
    "collective_decision_if_important": (
        collective_decision_if_important,
        "重要事项须集体研究决定",
    ),
    "within_authority": (within_authority, "须上级审批的事项不得自行审批"),
    "risk_assessments_complete": (
        risk_assessments_complete,
        "须风险评估的事项评估完成（社会稳定、网络舆情），高风险须集体研究决定",
    ),
    "plan_approved_if_out_of_catalog": (
        plan_approved_if_out_of_catalog,
        "目录外事项须经目录制定单位审核同意工作方案",
    ),
    "new_version_given": (new_version_given, "再公开须提交调整后的内容"),
    "widens_scope": (widens_scope, "公开范围只扩大不缩小（先党内后党外）"),
    "display_window_ended": (display_window_ended, "公开期限已满"),
    "change_approved_by_issuer": (
        change_approved_by_issuer,
        "变更、撤销、终止须经制定目录的党组织批准",
    ),
}
