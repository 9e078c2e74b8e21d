"""保密审查 decisions: who may let a blocked item go on, and who settles an unclear marking.

Two rules of 004 七(三) on what the review checks (:mod:`dangwu_core.review`) find:

* **A block** (a classification marking, 内部资料) stops the item at review and at approval.
  Only the approver of the disclosing organization may override it, with a written reason
  (:func:`override_block`, the action ``review.override_block``); the override is an audit
  event and holds for exactly the passages it saw: a new version, or a new marking, blocks
  again.
* **An uncertain classification** (a marking without a valid period, or the reviewer's doubt)
  goes to the organization above, which asks the secrecy administration (保密行政管理部门).
  The workflow carries it (steps of kind ``refer`` and ``classify``, see
  :mod:`dangwu_core.workflow.kinds`); the upper organization's decision is recorded by the
  effect ``record_classification`` and read here (:func:`classification_cleared`).

The passages are compared by a digest of what was found (:func:`span_digest`), so no found
text enters the audit trail. :func:`secrecy_outcome` gives the review's secrecy finding
(004 五(二)) from the checks' outcome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import access, audit
from .disclosures import current_version
from .errors import PermissionDenied, ValidationError
from .models import Disclosure, Event, Person
from .models.kinds import StateKind, TransitionKind
from .review import Finding, Outcome, ReviewAction, ReviewCheck, run_check

OVERRIDE_ACTION = "review.override_block"
OVERRIDE_EVENT = "disclosure.block_overridden"

#: The review's secrecy finding (004 五(二)), filled from the checks' outcome.
SECRECY_OUTCOMES = {
    "passed": "保密审查：通过",
    "redacted": "保密审查：已脱密脱敏",
    "blocked_overridden": "保密审查：含不得公开的标志，经审批人说明理由后同意",
    "escalated_decided": "保密审查：密级不明确，已由上一级党组织确定可以公开",
}

#: What the refusal of an unclear classification says (《条例》 on the secrecy administration).
REFER_ADVICE = (
    "密级不明确的，依照《中国共产党党务公开条例（试行）》须报上一级党组织，由其报保密行政管理部门"
    "确定；确定前不得审批"
)


def span_digest(check: str, spans) -> str:
    """A digest of the passages ``spans`` found (check, source, kind and text), so an override
    or a decision holds for exactly what it saw without storing the text."""
    parts = sorted(f"{s.source}\x1f{s.kind}\x1f{s.text}" for s in spans)
    return hashlib.sha256("\x1e".join([check, *parts]).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CheckResult:
    """One check's finding on one version, with its blocking and uncertain passages."""

    check: ReviewCheck
    finding: Finding

    @property
    def unclear(self) -> tuple:
        """The passages whose classification the organization above must settle."""
        spans = tuple(s for s in self.finding.spans if s.action == ReviewAction.ESCALATE)
        return spans

    @property
    def escalates(self) -> bool:
        return bool(self.finding.escalate or self.unclear)

    @property
    def blocking(self) -> tuple:
        """The passages that block (all of a blocking finding's spans but the unclear ones)."""
        if self.finding.outcome != Outcome.BLOCK:
            return ()
        return tuple(s for s in self.finding.spans if s.action != ReviewAction.ESCALATE)

    @property
    def blocks(self) -> bool:
        """A block the approver may override (not one that only waits for the upper decision)."""
        return self.finding.outcome == Outcome.BLOCK and (bool(self.blocking) or not self.escalates)

    @property
    def block_digest(self) -> str:
        return span_digest(self.check.name, self.blocking)

    @property
    def unclear_digest(self) -> str:
        return span_digest(self.check.name, self.unclear)


def check_results(unit, disclosure: Disclosure, version=None) -> list[CheckResult]:
    """Every registered check's finding on ``version`` (the current one by default)."""
    version = version or current_version(disclosure)
    return [
        CheckResult(check, run_check(check, disclosure, version, unit))
        for check in unit.registry.review_checks.values()
    ]


def _events(disclosure: Disclosure, actions) -> list[Event]:
    return list(
        Event.select()
        .where(
            (Event.subject_type == "disclosure")
            & (Event.subject_id == disclosure.id)
            & Event.action.in_(list(actions))
        )
        .order_by(Event.id)
    )


def overridden_blocks(disclosure: Disclosure, number: int) -> dict[tuple[str, str], int]:
    """``(check, digest) -> event id`` of the blocks the approver overrode on version
    ``number``."""
    out = {}
    for event in _events(disclosure, [OVERRIDE_EVENT]):
        payload = event.payload or {}
        if payload.get("version") != number:
            continue
        for block in payload.get("blocks", []):
            out[(block["check"], block["digest"])] = event.id
    return out


def may_override(unit, person: Person | None, disclosure: Disclosure) -> bool:
    """True when ``person`` may override a block on ``disclosure`` (the action registry)."""
    return (
        person is not None
        and person.id != disclosure.proposer_id
        and access.allowed(
            person,
            OVERRIDE_ACTION,
            disclosure.organization_id,
            permissions=unit.registry.permissions,
        )
    )


def override_block(unit, disclosure: Disclosure, actor: Person | None, reason: str) -> Event:
    """The approver overrides what blocks the current version, with a written reason.

    :raises PermissionDenied: ``actor`` may not (only the approver, never the proposer).
    :raises ValidationError: no reason, the item is not in its review or approval, or nothing
        blocks it. Nothing is changed when any is raised.
    :returns: the audit event ``disclosure.block_overridden`` (reason and the overridden
        passages' places and digests, never their text).
    """
    if not may_override(unit, actor, disclosure):
        who = actor.name if actor is not None else "an anonymous visitor"
        raise PermissionDenied(
            f"{who} may not override what blocks “{disclosure.title}”: only its approver "
            f"(审批人) on {disclosure.organization.name} may, with a written reason"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("overriding a block needs a written reason", "reason")
    definition = unit.registry.workflows.get(disclosure.workflow)
    if definition.states[disclosure.state].kind != StateKind.IN_PROCEDURE:
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}: a block is "
            "overridden only while the item is in its review or approval",
            "state",
        )
    version = current_version(disclosure)
    done = overridden_blocks(disclosure, version.number)
    blocks = [
        {
            "check": r.check.name,
            "digest": r.block_digest,
            "spans": Finding(r.check.name, r.finding.outcome, spans=r.blocking).spans_record(),
        }
        for r in check_results(unit, disclosure, version)
        if r.blocks and (r.check.name, r.block_digest) not in done
    ]
    if not blocks:
        raise ValidationError(f"nothing blocks “{disclosure.title}”: there is nothing to override")
    return audit.record(
        OVERRIDE_EVENT,
        "disclosure",
        disclosure.id,
        actor=actor,
        organization=disclosure.organization_id,
        reason=reason,
        payload={"version": version.number, "blocks": blocks},
    )


def classification_cleared(definition, disclosure: Disclosure) -> set[str]:
    """The digests of unclear passages the organization above decided may be disclosed (steps
    of kind ``classify``)."""
    kind = TransitionKind.CLASSIFY
    names = {f"disclosure.{t.name}" for t in definition.transitions_of_kind(kind)}
    return {
        digest
        for event in _events(disclosure, names)
        for digest in (event.payload or {}).get("classification", {}).get("digests", [])
    }


def record_classification(ctx) -> None:
    """Effect of the upper organization's classification decision: what it decided (by the
    step's kind: ``classify`` may be disclosed, ``return`` with redaction, ``refuse`` may not),
    on which version and which passages (their digests), with its reason."""
    decision = {
        TransitionKind.CLASSIFY: "disclosable",
        TransitionKind.RETURN: "redact",
        TransitionKind.REFUSE: "withhold",
    }.get(ctx.transition.kind, str(ctx.transition.kind))
    version = current_version(ctx.disclosure)
    unclear = [r for r in check_results(ctx.unit, ctx.disclosure, version) if r.escalates]
    digests = [r.unclear_digest for r in unclear]
    ctx.payload["classification"] = {
        "decision": decision,
        "version": version.number,
        "digests": digests,
    }


def secrecy_outcome(records: list[dict]) -> str:
    """The review's secrecy finding (004 五(二)) from the checks' results as the guard
    records them: ``escalated_decided``, ``blocked_overridden``, ``redacted`` or ``passed``."""
    if any(r.get("classification_decided") for r in records):
        return "escalated_decided"
    if any(r.get("overridden") for r in records):
        return "blocked_overridden"
    if any(r.get("outcome") == Outcome.REDACT for r in records):
        return "redacted"
    return "passed"
