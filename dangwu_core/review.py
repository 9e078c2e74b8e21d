"""Review checks (审核): what plugins contribute to the review before publication.

004 五(二) names four findings a review records: necessity, accuracy, legality and secrecy.
Plugins add automated checks (classified markings, personal data, risk assessment) as
:class:`ReviewCheck` objects; the workflow engine runs them when a disclosure is reviewed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """What a check concludes: pass, ask for redaction (脱密脱敏), or block."""

    PASS = "pass"  # nosec B105  # an outcome's name (review passed), not a password
    REDACT = "redact"
    BLOCK = "block"


#: The four findings every review records (004 五(二)).
REVIEW_ASPECTS = ("necessity", "accuracy", "legality", "secrecy")


@dataclass(frozen=True)
class Span:
    """Where in the text a finding applies (character offsets), for highlighting."""

    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Finding:
    """The result of one check on one disclosure version."""

    check: str
    outcome: Outcome
    message: str = ""
    spans: tuple[Span, ...] = field(default_factory=tuple)
    #: Escalate to the upper organization (uncertain classification, 004 七(三)).
    escalate: bool = False


@dataclass(frozen=True)
class ReviewCheck:
    """An automated review check supplied by a plugin.

    :param name: a stable identifier (``secrecy.markings``).
    :param label: the Chinese name shown to reviewers.
    :param aspect: which of :data:`REVIEW_ASPECTS` it informs.
    :param run: ``run(disclosure, version) -> Finding``.
    """

    name: str
    label: str
    aspect: str
    run: Callable[..., Finding]

    def __post_init__(self) -> None:
        if self.aspect not in REVIEW_ASPECTS:
            raise ValueError(
                f"review check {self.name!r}: aspect {self.aspect!r} is not one of "
                f"{', '.join(REVIEW_ASPECTS)}"
            )
        if not callable(self.run):
            raise ValueError(f"review check {self.name!r}: run is not callable")
