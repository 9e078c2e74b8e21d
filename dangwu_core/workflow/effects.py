"""Core's effects: named actions a workflow definition runs when a transition fires.

An effect receives the :class:`~dangwu_core.workflow.engine.TransitionContext` and runs inside
the transition's transaction, after the state changed and before the audit event is written;
what it did goes into ``ctx.payload`` (and so into the event). Raising aborts the transition.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..clock import today, utcnow
from ..disclosures import current_version
from ..feedback import correction_source, record_correction
from ..models import (
    Disclosure,
    DisclosureVersion,
    Filing,
    FilingKind,
    FilingStatus,
    Obligation,
    ObligationStatus,
)
from ..risk import record_rule_requirements
from ..secrecy import record_classification
from ..sections import copy_sections, fulfil_sections, is_batch, sections
from ..timelimits import WorkCalendar
from .kinds import TransitionKind


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _save(disclosure: Disclosure, **fields) -> None:
    Disclosure.update(**fields).where(Disclosure.id == disclosure.id).execute()
    for name, value in fields.items():
        setattr(disclosure, name, value)


def flag_important(ctx) -> None:
    """The reviewer marks the item important (重要事项): approval then needs a collective
    decision (004 五(三))."""
    if ctx.data.get("flag_important") and not ctx.disclosure.important:
        _save(ctx.disclosure, important=True)
        ctx.payload["flagged_important"] = True


def require_risk_assessments(ctx) -> None:
    """At review: what the plugins' risk rules ask of the item is recorded as requirements
    (风险评估, 004 七(四)), so supervision counts the items awaiting an assessment."""
    added = record_rule_requirements(ctx.unit, ctx.disclosure)
    if added:
        ctx.payload["risk_assessments_required"] = added


def stamp_publication(ctx) -> None:
    """实施: the publication time, on the disclosure and its current version, and the display
    window from the catalog item's time limit (long-term items stay ≥ 6 months, 000 三).

    Immediate items (任前公示...) are shown for ``display_days`` working days, counted on the
    unit's working-day calendar (``WorkCalendar.from_database()``, the official holiday schedule).
    """
    now, start = utcnow(), today()
    item = ctx.disclosure.catalog_item
    until = None
    if item is not None and item.display_months:
        until = add_months(start, item.display_months)
    elif item is not None and item.display_days:
        until = WorkCalendar.from_database().add_working_days(start, item.display_days).date
    _save(ctx.disclosure, published_at=now, display_from=start, display_until=until)
    DisclosureVersion.update(published_at=now).where(
        (DisclosureVersion.disclosure == ctx.disclosure.id)
        & (DisclosureVersion.number == ctx.disclosure.current_version)
    ).execute()
    ctx.payload["display"] = [start.isoformat(), until.isoformat() if until else None]


def fulfil_obligation(ctx) -> None:
    """The linked 应公开事项 is fulfilled: on time, or late against its due date.

    A 党务公开日 sheet (003 §8(二)) fulfils the obligation of every section, each against its
    own due date, and files a withheld section's as not suitable (暂不宜公开), one audit event
    per obligation (:func:`dangwu_core.batches.fulfil_sections`).
    """
    if is_batch(ctx.disclosure):
        ctx.payload["obligations"] = fulfil_sections(ctx.disclosure, ctx.actor)
    obligation = ctx.disclosure.obligation
    if obligation is None:
        return
    status = ObligationStatus.ON_TIME if today() <= obligation.due_date else ObligationStatus.LATE
    Obligation.update(status=status.value, fulfilled_at=utcnow()).where(
        Obligation.id == obligation.id
    ).execute()
    ctx.payload["obligation"] = {"id": obligation.id, "status": status.value}


def mark_obligation_not_suitable(ctx) -> None:
    """暂不宜公开: the linked obligation is filed as not suitable for now (003 §9(二)); a
    deferred 党务公开日 sheet files every obligation its sections cover."""
    if is_batch(ctx.disclosure):
        covered = [s.obligation_id for s in sections(ctx.disclosure) if s.obligation_id]
        Obligation.update(
            status=ObligationStatus.NOT_SUITABLE.value, closed_reason=ctx.comment
        ).where(
            Obligation.id.in_(covered)
            & Obligation.status.in_([ObligationStatus.PENDING, ObligationStatus.OVERDUE])
        ).execute()
        ctx.payload["obligations"] = covered
    obligation = ctx.disclosure.obligation
    if obligation is None:
        return
    Obligation.update(status=ObligationStatus.NOT_SUITABLE.value, closed_reason=ctx.comment).where(
        Obligation.id == obligation.id
    ).execute()
    ctx.payload["obligation"] = {"id": obligation.id, "status": ObligationStatus.NOT_SUITABLE}


def file_with_upper(ctx) -> None:
    """备案/报批: file the item with the parent organization — as 暂不宜公开 (003 §9(二)) when
    it is deferred, as a request for approval when it is escalated (004 五(三))."""
    disclosure = ctx.disclosure
    organization = disclosure.organization
    deferred = ctx.transition.kind == TransitionKind.DEFER
    kind = FilingKind.NOT_SUITABLE if deferred else FilingKind.OTHER
    prefix = "报请上级审批："
    if deferred:
        prefix = "暂不宜公开备案："
    elif ctx.transition.kind == TransitionKind.REFER:  # 密级不明确 (004 七(三))
        prefix = "密级确定请示："
    title = prefix + disclosure.title
    filing = Filing.create(
        organization=organization,
        upper_organization=organization.parent_id,
        kind=kind.value,
        subject_type="disclosure",
        subject_id=disclosure.id,
        title=title[:300],
        body=ctx.comment,
        payload={"transition": ctx.transition.name, "state": ctx.transition.target},
        filed_by=ctx.actor,
    )
    ctx.payload["filing"] = filing.id


def close_upper_filing(ctx) -> None:
    """The upper organization decided an escalated item: its filing is reviewed (已审定)."""
    filing = (
        Filing.select()
        .where(
            (Filing.subject_type == "disclosure")
            & (Filing.subject_id == ctx.disclosure.id)
            & (Filing.status == FilingStatus.FILED.value)
            & (Filing.upper_organization == ctx.disclosure.organization.parent_id)
        )
        .order_by(Filing.id.desc())
        .first()
    )
    if filing is None:
        return
    Filing.update(
        status=FilingStatus.REVIEWED.value,
        reviewed_by=ctx.actor,
        reviewed_at=utcnow(),
        review_opinion=ctx.comment,
        payload={**(filing.payload or {}), "decision": ctx.transition.name},
    ).where(Filing.id == filing.id).execute()
    ctx.payload["filing"] = filing.id


def new_version(ctx) -> None:
    """再公开: the changed content becomes a new version, with the stated reason; readers see
    the current version (000 四(一)1(5))."""
    disclosure = ctx.disclosure
    previous = current_version(disclosure)
    number = previous.number + 1
    title = str(ctx.data.get("title") or previous.title).strip()
    now = utcnow()
    source = None
    reason = ctx.comment
    if ctx.data.get("feedback") is not None:  # checked by the guard new_version_given
        source = correction_source(disclosure, ctx.data["feedback"])
        reason = f"{reason}（根据意见建议 {source.receipt_number}）".lstrip()
    DisclosureVersion.create(
        disclosure=disclosure,
        number=number,
        title=title,
        body=str(ctx.data["body"]),
        reason=reason,
        author=ctx.actor,
        published_at=now,
    )
    _save(disclosure, current_version=number, title=title, published_at=now)
    ctx.payload["version"] = number
    if is_batch(disclosure):
        # A sheet's sections are copied into the new version; changed ones carry their reason.
        changed = copy_sections(disclosure, previous.number, number, ctx.data.get("sections"))
        ctx.payload["sections"] = changed
    if source is not None:
        record_correction(source, disclosure, number, ctx.actor, ctx.comment)
        ctx.payload["feedback"] = {"id": source.id, "receipt_number": source.receipt_number}


def apply_scope(ctx) -> None:
    """先党内后党外: the scope widens (checked by ``widens_scope``), channels follow."""
    old = ctx.disclosure.scope
    channels = list(ctx.data.get("channels") or ctx.disclosure.channels)
    _save(ctx.disclosure, scope=str(ctx.data["scope"]), channels=channels)
    ctx.payload["scope"] = [old, str(ctx.data["scope"])]
    ctx.payload["channels"] = channels


def use_change_approval(ctx) -> None:
    """The issuer's approval of a change (``change_approved_by_issuer``) is used up."""
    filing_id = ctx.payload.get("change_filing")
    if filing_id is None:
        return
    filing = Filing.get_by_id(filing_id)
    Filing.update(payload={**(filing.payload or {}), "used": True}).where(
        Filing.id == filing_id
    ).execute()


EFFECTS = {
    "flag_important": (flag_important, "审核人标记为重要事项"),
    "require_risk_assessments": (require_risk_assessments, "记录须进行的风险评估"),
    "stamp_publication": (stamp_publication, "记录公开时间和公开期限"),
    "fulfil_obligation": (fulfil_obligation, "应公开事项按时/逾期完成"),
    "mark_obligation_not_suitable": (mark_obligation_not_suitable, "应公开事项暂不宜公开"),
    "file_with_upper": (file_with_upper, "报上一级党组织备案/审批"),
    "close_upper_filing": (close_upper_filing, "上级审定"),
    "record_classification": (record_classification, "记录上级确定密级的决定"),
    "new_version": (new_version, "再公开：新版本及事由"),
    "apply_scope": (apply_scope, "扩大公开范围"),
    "use_change_approval": (use_change_approval, "目录制定单位的批准已使用"),
}
