"""Public answers (答复) checked before they are shown (004 七(三)).

An answer to an opinion (意见建议) or the reasons of a decision on a request for disclosure
(依申请公开) is shown to whoever holds the receipt number, beside the item it concerns. The
unit's review checks run on it as on a draft: a finding that blocks (a classification marking)
or that leaves its classification unclear keeps it from being published, with one clear error;
personal data is replaced by each span's masked suggestion in the text the public sees, while
the stored original stays as written (for the officers who handle it).
"""

from __future__ import annotations

from . import redaction
from .errors import ValidationError
from .models import Disclosure, DisclosureVersion
from .review import Outcome, ReviewAction, run_check


def public_text(unit, text: str, what: str = "答复") -> str:
    """``text`` as the public may see it: each redaction span replaced by its suggestion.

    :param what: what the text is, for the error (``答复``, ``答复意见``).
    :raises ValidationError: a check blocks the text or leaves its classification unclear.
    """
    if unit is None or not text:
        return text
    transient = Disclosure(title="", organization=None)  # no id: no attachments to read
    version = DisclosureVersion(title="", body=text, number=1)
    spans = []
    for check in unit.registry.review_checks.values():
        finding = run_check(check, transient, version, unit)
        unclear = finding.escalate or any(s.action == ReviewAction.ESCALATE for s in finding.spans)
        if finding.outcome == Outcome.BLOCK or unclear:
            raise ValidationError(
                f"the {what} may not be published: review check {check.label} ({check.name}): "
                f"{finding.message}",
                "answer",
            )
        spans += [
            s
            for s in finding.spans
            if s.source == "body" and s.action == ReviewAction.REDACT and s.suggestion
        ]
    return redaction.mask(text, spans)
