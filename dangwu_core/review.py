"""Review checks (审核): what plugins contribute to the review before publication.

004 五(二) names four findings a review records: necessity, accuracy, legality and secrecy.
Plugins add automated checks (classified markings, personal data, risk assessment) as
:class:`ReviewCheck` objects; the workflow engine runs them when a disclosure is reviewed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class ReviewAction(StrEnum):
    """What one span of a finding asks of the reviewer.

    ``block``: it may not be published (a classification marking); ``redact``: publish it only
    de-sensitized (脱密脱敏, the span's ``suggestion`` is the masked text); ``flag``: the
    reviewer looks at it (a sensitive word); ``escalate``: the organization above decides (an
    uncertain classification, 004 七(三)).
    """

    BLOCK = "block"
    REDACT = "redact"
    FLAG = "flag"
    ESCALATE = "escalate"


class Outcome(StrEnum):
    """What a check concludes: pass, ask for redaction (脱密脱敏), or block."""

    PASS = "pass"  # nosec B105  # an outcome's name (review passed), not a password
    REDACT = "redact"
    BLOCK = "block"


#: The four findings every review records (004 五(二)).
REVIEW_ASPECTS = ("necessity", "accuracy", "legality", "secrecy")


@dataclass(frozen=True)
class Span:
    """Where in the text a finding applies (character offsets), for highlighting.

    The fields after ``text`` are optional (checks written before them still work):

    :param kind: what was found (``id_card``, ``mobile``, ``classification``...).
    :param action: what the span asks, a :class:`ReviewAction` (or "" when the check says nothing).
    :param suggestion: the masked text for a redaction (``110105********123X``), else advice.
    :param source: which text the offsets are in: ``body`` (the default, the one the admin
        highlights), ``title``, ``filename:<name>`` (an attachment's file name) or
        ``attachment:<name>`` (the text extracted from an attachment).
    """

    start: int
    end: int
    text: str = ""
    kind: str = ""
    action: str = ""
    suggestion: str = ""
    source: str = "body"


@dataclass(frozen=True)
class Finding:
    """The result of one check on one disclosure version."""

    check: str
    outcome: Outcome
    message: str = ""
    spans: tuple[Span, ...] = field(default_factory=tuple)
    #: Escalate to the upper organization (uncertain classification, 004 七(三)).
    escalate: bool = False

    def spans_record(self) -> list[dict]:
        """The spans as the review event stores them: where, what kind, which action and the
        suggestion, but never the found text (an ID number must not enter the audit trail)."""
        return [
            {
                "source": s.source,
                "start": s.start,
                "end": s.end,
                "kind": s.kind,
                "action": str(s.action),
                "suggestion": s.suggestion,
            }
            for s in self.spans
        ]


@dataclass(frozen=True)
class ReviewCheck:
    """An automated review check supplied by a plugin.

    :param name: a stable identifier (``secrecy.markings``).
    :param label: the Chinese name shown to reviewers.
    :param aspect: which of :data:`REVIEW_ASPECTS` it informs.
    :param run: ``run(disclosure, version) -> Finding``; with ``takes_unit``,
        ``run(disclosure, version, unit=unit)`` (a check that reads the unit's settings, such
        as a sensitive-word list).
    :param takes_unit: whether :func:`run_check` passes the running unit.
    """

    name: str
    label: str
    aspect: str
    run: Callable[..., Finding]
    takes_unit: bool = False

    def __post_init__(self) -> None:
        if self.aspect not in REVIEW_ASPECTS:
            raise ValueError(
                f"review check {self.name!r}: aspect {self.aspect!r} is not one of "
                f"{', '.join(REVIEW_ASPECTS)}"
            )
        if not callable(self.run):
            raise ValueError(f"review check {self.name!r}: run is not callable")


def run_check(check: ReviewCheck, disclosure, version, unit=None) -> Finding:
    """Run ``check`` on ``version`` of ``disclosure``, passing ``unit`` if the check takes it.

    The one way core runs a check (the approval guard, the admin's findings)."""
    if check.takes_unit:
        return check.run(disclosure, version, unit=unit)
    return check.run(disclosure, version)


@dataclass(frozen=True)
class RiskRule:
    """A plugin's rule that flags items needing a risk assessment (风险评估, 004 七(四)).

    :param name: a stable identifier (``myplugin.land_requisition``).
    :param label: the Chinese name shown where the requirement is listed.
    :param applies: ``applies(disclosure) -> "stability" | "opinion" | None``: the assessment
        the item needs (``opinion``, for a major decision, needs both the social-stability and
        the online-opinion assessment), or None.
    """

    name: str
    label: str
    applies: Callable[..., str | None]

    def __post_init__(self) -> None:
        if not callable(self.applies):
            raise ValueError(f"risk rule {self.name!r}: applies is not callable")
