"""The review checks' findings stored with each version, and the reviewer's decision on each.

The checks run (and their findings are stored, :func:`store`) whenever a version is submitted
for review, approved or re-published (transitions of kind ``propose``, ``reopen``,
``approve``, ``republish``; :mod:`dangwu_core.builtin.redaction` listens), so the admin page
shows them without running the checks, attachment reading included, on every view. A finding
keeps where it is and a keyed digest of what it found, never the found text.

A reviewer decides each ``redact`` or ``flag`` finding (:func:`decide`): ``accept`` the
redaction or ``override`` it with a written reason; a block or an escalation is left to the
approver. Each decision is an audit event and recomputes the masked text readers who may not
see the original are shown (:mod:`dangwu_core.redaction`). A re-run keeps the findings (and
decisions) that are still there, drops those that are gone, adds the new ones undecided.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import access, audit, redaction
from .clock import utcnow
from .context import UnitContext
from .db import atomic
from .errors import NotFound, PermissionDenied, ValidationError
from .models import (
    Disclosure,
    DisclosureVersion,
    FindingDecision,
    Person,
    VersionFinding,
    VersionReview,
)
from .models.kinds import TransitionKind
from .review import Finding, Outcome, Span, run_check

#: The kinds of transition after which the checks run again and their findings are stored.
STORING_KINDS = (
    TransitionKind.PROPOSE.value,
    TransitionKind.REOPEN.value,
    TransitionKind.APPROVE.value,
    TransitionKind.REPUBLISH.value,
)
DECISIONS = {redaction.ACCEPT: "接受脱敏", redaction.OVERRIDE: "不予脱敏"}


#: What a span asks when its check says nothing (a check written before spans had actions):
#: what its finding concludes.
_BY_OUTCOME = {Outcome.REDACT: redaction.REDACT, Outcome.BLOCK: "block"}


def span_action(span: Span, finding: Finding) -> str:
    """The action of ``span`` of ``finding``: its own, else its finding's outcome's."""
    return str(span.action) or _BY_OUTCOME.get(finding.outcome, redaction.FLAG)


def _key(unit: UnitContext) -> str:
    return str(unit.settings.get("secret_key") or "")


def current_of(disclosure: Disclosure) -> DisclosureVersion:
    return DisclosureVersion.get(
        (DisclosureVersion.disclosure == disclosure.id)
        & (DisclosureVersion.number == disclosure.current_version)
    )


def store(
    unit: UnitContext, disclosure: Disclosure, version: DisclosureVersion, stage: str
) -> VersionReview:
    """Run every registered check on ``version`` and store its findings (see the module)."""
    texts = {redaction.TITLE: version.title or "", redaction.BODY: version.body or ""}
    results, spans = [], {}
    for check in unit.registry.review_checks.values():
        finding = run_check(check, disclosure, version, unit)
        results.append(
            {
                "check": check.name,
                "aspect": check.aspect,
                "outcome": str(finding.outcome),
                "message": finding.message,
                "refer_upward": finding.escalate,
            }
        )
        for span in finding.spans:
            if span.end <= span.start:
                continue
            found = span.text or texts.get(span.source, "")[span.start : span.end]
            key = (span.source, span.start, span.end, span.kind)
            action = span_action(span, finding)
            spans[key] = (check.name, span, action, redaction.digest(found, _key(unit)))
    with atomic():
        review = VersionReview.get_or_none(VersionReview.version == version.id)
        if review is None:
            review = VersionReview.create(version=version, stage=stage, results=results)
        else:
            review.stage, review.results = stage, results
            review.save()
        kept = {}
        for row in VersionFinding.select().where(VersionFinding.version == version.id):
            key = (row.source, row.start, row.end, row.kind)
            if key in spans and spans[key][3] == row.digest and spans[key][2] == row.action:
                kept[key] = row
            else:
                row.delete_instance(recursive=True)
        for key, (check, span, action, found) in spans.items():
            if key not in kept:
                VersionFinding.create(
                    version=version,
                    check=check,
                    kind=span.kind,
                    action=action,
                    source=span.source,
                    start=span.start,
                    end=span.end,
                    suggestion=span.suggestion,
                    digest=found,
                )
        redaction.refresh(version)
    return review


def ensure(unit: UnitContext, disclosure: Disclosure, version: DisclosureVersion) -> None:
    """Store the findings of ``version`` if none are (an item submitted before findings were
    stored with versions), so that its reviewer has findings to decide."""
    if stored(version) is None:
        store(unit, disclosure, version, "review")


def stored(version: DisclosureVersion) -> VersionReview | None:
    """The stored run of the checks on ``version``, if any."""
    return VersionReview.get_or_none(VersionReview.version == version.id)


@dataclass(frozen=True)
class Stored:
    """One finding as the admin shows it: the row, its decision in force and the check."""

    row: VersionFinding
    decision: FindingDecision | None

    @property
    def decidable(self) -> bool:
        return self.row.action in redaction.DECIDABLE

    @property
    def masked(self) -> bool:
        return redaction.in_force(self.row.action, getattr(self.decision, "kind", None))


def of_version(version: DisclosureVersion) -> list[Stored]:
    """The stored findings of ``version`` with their decisions in force, in text order."""
    rows = list(
        VersionFinding.select()
        .where(VersionFinding.version == version.id)
        .order_by(VersionFinding.source, VersionFinding.start, VersionFinding.id)
    )
    decisions = redaction.latest_decisions(r.id for r in rows)
    return [Stored(r, decisions.get(r.id)) for r in rows]


def as_results(unit: UnitContext, version: DisclosureVersion) -> list[dict] | None:
    """The stored run as the admin's findings (``check``, ``finding``), None if none is
    stored: :class:`~dangwu_core.review.Finding` objects rebuilt from the stored rows (their
    spans without the found text)."""
    review = stored(version)
    if review is None:
        return None
    rows = of_version(version)
    out = []
    for result in review.results:
        check = unit.registry.review_checks.get(result["check"])
        spans = tuple(
            Span(
                r.row.start, r.row.end, "", r.row.kind, r.row.action, r.row.suggestion, r.row.source
            )
            for r in rows
            if r.row.check == result["check"]
        )
        finding = Finding(
            result["check"],
            Outcome(result["outcome"]),
            result.get("message", ""),
            spans,
            escalate=bool(result.get("refer_upward")),
        )
        if check is not None:
            out.append({"check": check, "finding": finding})
    return out


def may_decide(unit: UnitContext, disclosure: Disclosure, actor: Person | None) -> bool:
    """True when ``actor`` may decide findings of ``disclosure`` now: they may fire one of
    its review-passing transitions (kind ``pass_review``) from its state, and did not
    propose it (separation of duties, 004 五)."""
    if actor is None or actor.id == disclosure.proposer_id:
        return False
    definition = unit.registry.workflows.get(disclosure.workflow)
    return any(
        disclosure.state in t.sources and access.can_fire(actor, disclosure, t)
        for t in definition.transitions_of_kind(TransitionKind.PASS_REVIEW.value)
    )


def decide(
    unit: UnitContext,
    disclosure: Disclosure,
    finding_id: int,
    actor: Person | None,
    kind: str,
    reason: str = "",
) -> FindingDecision:
    """Record ``actor``'s decision on one finding of ``disclosure``'s current version.

    :param kind: ``accept`` (mask it for readers who may not see the original) or
        ``override`` (show it; ``reason`` required).
    :raises ValidationError, NotFound, PermissionDenied: one clear cause; nothing changes.
    """
    reason = (reason or "").strip()
    if kind not in DECISIONS:
        raise ValidationError(
            f"a decision on a finding is one of {', '.join(DECISIONS)}, not {kind!r}", "kind"
        )
    if kind == redaction.OVERRIDE and not reason:
        raise ValidationError("overriding a redaction (不予脱敏) needs a written reason", "reason")
    version = current_of(disclosure)
    row = VersionFinding.get_or_none(
        (VersionFinding.id == finding_id) & (VersionFinding.version == version.id)
    )
    if row is None:
        raise NotFound(f"“{disclosure.title}” has no finding {finding_id} in its current version")
    if row.action not in redaction.DECIDABLE:
        raise ValidationError(
            f"a finding that asks to {row.action} is decided by the approver, not here", "kind"
        )
    if not may_decide(unit, disclosure, actor):
        raise PermissionDenied(
            f"only a reviewer of “{disclosure.title}”, while it is in review, and not its "
            "proposer, decides its redactions"
        )
    with atomic():
        decision = FindingDecision.create(
            finding=row, kind=kind, by=actor, at=utcnow(), reason=reason
        )
        audit.record(
            "disclosure.finding_decided",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            reason=reason,
            payload={
                "finding": row.id,
                "decision": kind,
                "version": version.number,
                "check": row.check,
                "kind": row.kind,
                "action": row.action,
                "source": row.source,
                "start": row.start,
                "end": row.end,
                "suggestion": row.suggestion,
            },
        )
        redaction.refresh(version)
    return decision


def redactions_pending(version: DisclosureVersion, finding: Finding) -> bool:
    """True while a check's redaction ``finding`` on ``version`` waits for the reviewer: a
    ``redact`` span of it nobody decided (a span not stored is undecided), or no span at all
    (nothing to decide: the text must change)."""
    if not finding.spans:
        return True
    decided = {
        (s.row.source, s.row.start, s.row.end, s.row.kind)
        for s in of_version(version)
        if s.decision is not None
    }
    return any(
        span_action(s, finding) == redaction.REDACT
        and (s.source, s.start, s.end, s.kind) not in decided
        for s in finding.spans
    )


# --- Attachments -------------------------------------------------------------------------------

REDACTED, WITHHELD = "redacted", "withheld"
#: A file of these types cannot be safely redacted in place: it is withheld instead.
UNREDACTABLE_TYPES = frozenset({"application/pdf"})


def _shown_in(disclosure: Disclosure, attachment) -> int:
    """The number of the version whose findings apply to ``attachment`` (the newest one it
    belongs to, up to the current version)."""
    number = disclosure.current_version
    if attachment.until_version is not None and attachment.until_version <= number:
        number = attachment.until_version - 1
    return number


def _file_spans(disclosure: Disclosure, files: list) -> dict[int, list[Span]]:
    """The masked spans (findings in force) in each of ``files`` or in its name."""
    numbers = {_shown_in(disclosure, f) for f in files}
    versions = {
        v.number: v
        for v in DisclosureVersion.select().where(
            (DisclosureVersion.disclosure == disclosure.id)
            & DisclosureVersion.number.in_(sorted(numbers))
        )
    }
    out: dict[int, list[Span]] = {}
    for number, version in versions.items():
        masked = [
            f
            for f in redaction.masked_findings(version)
            if f.source.startswith((redaction.ATTACHMENT, redaction.FILENAME))
        ]
        for file in files:
            if _shown_in(disclosure, file) != number:
                continue
            sources = (redaction.ATTACHMENT + file.filename, redaction.FILENAME + file.filename)
            spans = [
                Span(f.start, f.end, "", f.kind, f.action, redaction.replacement(f), f.source)
                for f in masked
                if f.source in sources
            ]
            if spans:
                out[file.id] = spans
    return out


def file_statuses(person, disclosure: Disclosure, files: list) -> dict[int, str]:
    """For readers who may not see the original: each file of ``files`` that has masked
    findings, ``redacted`` (they get a redacted copy) or ``withheld`` (a PDF, which cannot be
    redacted in place). Empty for those who read the original (and when nothing is masked)."""
    if not files or access.reads_original(person, disclosure):
        return {}
    masked = _file_spans(disclosure, files)
    return {
        file.id: WITHHELD if file.content_type in UNREDACTABLE_TYPES else REDACTED
        for file in files
        if file.id in masked
    }


def file_for(unit: UnitContext, person, disclosure: Disclosure, attachment) -> bytes | None:
    """The bytes of ``attachment`` that ``person`` gets: the original for those who read the
    original (and where nothing is masked in it), else a redacted copy made by a plugin
    (``dangwu_redacted_file``); None when it is withheld (no plugin can redact it, a PDF).
    The original bytes stay stored."""
    data = bytes(attachment.data)
    if access.reads_original(person, disclosure):
        return data
    spans = _file_spans(disclosure, [attachment]).get(attachment.id)
    if not spans:
        return data
    if attachment.content_type in UNREDACTABLE_TYPES:
        return None
    return unit.pm.hook.dangwu_redacted_file(
        filename=attachment.filename,
        content_type=attachment.content_type,
        data=data,
        spans=spans,
    )
