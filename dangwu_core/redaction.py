"""脱密脱敏 per reader: what the text of a version is for those who may not see the original.

The review checks' findings are stored with each version (:mod:`dangwu_core.findings`); a
finding *in force* is masked for readers who may not see the original: a ``redact`` finding
unless the reviewer overrode it, a ``flag`` finding only once the reviewer accepted its
redaction (:func:`in_force`). An undecided redaction is in force: what nobody has cleared is
not shown to the public. The masked text replaces each span by the check's suggestion
(``110105********123X``), or by asterisks where it has none.

The masked title and body are kept on the version (``public_title``/``public_body``, None where
nothing is masked) and the title on the disclosure, so that every surface decides "original or
redacted" from the row it already holds and the reader's facts
(:func:`dangwu_core.access.text_for`), with no query per row. Redaction never changes the
stored original.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Disclosure, DisclosureVersion, FindingDecision, VersionFinding

ACCEPT, OVERRIDE = "accept", "override"
REDACT, FLAG = "redact", "flag"
#: The actions a reviewer decides on; a block or an escalation is the approver's.
DECIDABLE = (REDACT, FLAG)
TITLE, BODY = "title", "body"
ATTACHMENT, FILENAME = "attachment:", "filename:"


@dataclass(frozen=True)
class Shown:
    """The title and body of a version as one reader sees them (``redacted``: masked)."""

    title: str
    body: str
    redacted: bool = False


class ShownVersion:
    """A version as one reader sees it: its ``title`` and ``body`` are those of ``shown``,
    every other attribute the version's own (templates and schemas read it as a version)."""

    def __init__(self, version: DisclosureVersion, shown: Shown):
        self._version = version
        self.title, self.body, self.redacted = shown.title, shown.body, shown.redacted

    def __getattr__(self, name: str):
        return getattr(self._version, name)


def digest(text: str, key: str) -> str:
    """The keyed hash a finding keeps of the text it found (HMAC-SHA256 under ``key``)."""
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def in_force(action: str, decision: str | None) -> bool:
    """True when a finding of ``action`` with the latest ``decision`` (None: undecided) masks
    its span for readers who may not see the original."""
    if action == REDACT:
        return decision != OVERRIDE
    return action == FLAG and decision == ACCEPT


def replacement(finding) -> str:
    """What a masked span is shown as: the suggestion, else one asterisk per character."""
    return finding.suggestion or "*" * (finding.end - finding.start)


def mask(text: str, spans: Iterable) -> str:
    """``text`` with each span (``start``, ``end``, ``suggestion``) replaced; overlapping spans
    are merged into the first (its replacement stands for both)."""
    out, position = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start, end = max(span.start, position), min(span.end, len(text))
        if end <= start:
            continue
        out.append(text[position:start])
        out.append(replacement(span) if start == span.start else "")
        position = end
    out.append(text[position:])
    return "".join(out)


def latest_decisions(finding_ids: Iterable[int]) -> dict[int, FindingDecision]:
    """The decision in force (the latest) of each finding that has one."""
    ids = sorted(set(finding_ids))
    found: dict[int, FindingDecision] = {}
    if not ids:
        return found
    for decision in (
        FindingDecision.select()
        .where(FindingDecision.finding.in_(ids))
        .order_by(FindingDecision.id)
    ):
        found[decision.finding_id] = decision
    return found


def masked_findings(version: DisclosureVersion) -> list[VersionFinding]:
    """The findings of ``version`` in force (see :func:`in_force`), in text order."""
    findings = list(
        VersionFinding.select()
        .where(VersionFinding.version == version.id)
        .order_by(VersionFinding.source, VersionFinding.start)
    )
    decisions = latest_decisions(f.id for f in findings)
    return [f for f in findings if in_force(f.action, getattr(decisions.get(f.id), "kind", None))]


def refresh(version: DisclosureVersion) -> None:
    """Recompute the masked title and body kept on ``version`` (and, for the current version,
    the title kept on its disclosure) from its findings in force."""
    spans = masked_findings(version)
    title = [s for s in spans if s.source == TITLE]
    body = [s for s in spans if s.source == BODY]
    version.public_title = mask(version.title, title) if title else None
    version.public_body = mask(version.body, body) if body else None
    DisclosureVersion.update(
        public_title=version.public_title, public_body=version.public_body
    ).where(DisclosureVersion.id == version.id).execute()
    sync_disclosure_title(version.disclosure_id)


def sync_disclosure_title(disclosure_id: int) -> None:
    """Keep the disclosure's masked title that of its current version (lists show it)."""
    current = (
        DisclosureVersion.select(DisclosureVersion.public_title)
        .join(Disclosure, on=(DisclosureVersion.disclosure == Disclosure.id))
        .where(
            (Disclosure.id == disclosure_id)
            & (DisclosureVersion.number == Disclosure.current_version)
        )
        .scalar()
    )
    Disclosure.update(public_title=current).where(Disclosure.id == disclosure_id).execute()


def public_title(version: DisclosureVersion) -> str:
    """The title readers who may not see the original are shown."""
    return version.public_title if version.public_title is not None else version.title


def public_body(version: DisclosureVersion) -> str:
    """The body readers who may not see the original are shown (what the search index holds)."""
    return version.public_body if version.public_body is not None else version.body


def shown_title(disclosure: Disclosure) -> str:
    """The title of ``disclosure`` readers who may not see the original are shown (the one a
    register handed on, a ledger, carries)."""
    if disclosure.public_title is not None:
        return disclosure.public_title
    return disclosure.title


def is_redacted(version: DisclosureVersion) -> bool:
    """True when something in ``version``'s title or body is masked for the public."""
    return version.public_title is not None or version.public_body is not None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _about(person, found: str) -> bool:
    """True when the found text is the person's own phone number or e-mail address."""
    if person is None or not found:
        return False
    phone, email = _digits(person.phone), (person.email or "").strip().lower()
    return bool(
        (phone and len(phone) >= 7 and _digits(found).endswith(phone[-11:]))
        or (email and found.strip().lower() == email)
    )


def for_data_subject(person, version: DisclosureVersion) -> Shown:
    """``version`` as an addressee shown their own data sees it: the spans that are the
    person's own phone number or e-mail address unmasked, every other one masked."""
    spans = masked_findings(version)

    def text(source: str, original: str) -> str:
        own = [s for s in spans if s.source == source]
        return mask(original, [s for s in own if not _about(person, original[s.start : s.end])])

    return Shown(text(TITLE, version.title), text(BODY, version.body), redacted=True)


def attachment_spans(version: DisclosureVersion, filename: str) -> list[VersionFinding]:
    """The findings in force in the text of the attachment named ``filename`` (or in its
    file name) of ``version``."""
    return [
        f
        for f in masked_findings(version)
        if f.source in (ATTACHMENT + filename, FILENAME + filename)
    ]
