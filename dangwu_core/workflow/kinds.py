"""Kinds: what a state or a transition *means*, whatever a sector calls it.

Every state and every transition of a definition carries a ``kind`` from the two small
vocabularies below. Core's code (the admin's bulk actions and styling, ``dangwu tick``, the
change rules of 001 四.2, attachments, separation of duties) asks a definition for kinds —
``definition.transitions_of_kind(TransitionKind.PUBLISH)`` — never for the names of the
default workflow, so a sector whose procedure names its steps differently keeps all of it
(as Plone asks for permissions rather than state ids). The default workflow's steps are named
after the kinds they carry; the names are the sector's, the kinds are core's.

Transition kinds (:class:`TransitionKind`), in the order of the procedure (004 五):

============  ==================================================================================
propose       提出: the proposer submits the item to the procedure
cancel        the proposer takes a proposal back before it is judged (撤回申报)
review        审核 begins: the reviewer takes the item up
pass_review   the review finds the item fit (necessity, accuracy, secrecy) and sends it on
return        the item goes back to its proposer for revision (退回修改)
refuse        a judgment that the item is not disclosed (不予公开; by reviewer, approver, upper)
approve       审批 同意 (by the approver, or the upper organization)
escalate      报请上一级党组织审批: the item goes up for approval
refer         the classification is uncertain (密级不明确, 004 七(三)): the item goes to the
              organization above, which decides (asking the secrecy administration) before
              the item may be approved
classify      the organization above decides a referred classification: may be disclosed
              (the item goes back to its review); may not (kind ``refuse``) and with redaction
              (kind ``return``) are steps of those kinds from the referred state
defer         暂不宜公开: filed with the upper organization as not suitable for now
reopen        a deferred item is proposed again
hand_over     the approved item is handed to whoever publishes it (a branch to the town office)
publish       实施: the item is disclosed on its channels
republish     再公开: a new version of a published item, with the reason stated
widen         the scope widens (先党内后党外), never narrows
withdraw      撤销: the item stops being disclosed (needs the catalog issuer, 003 §9(二))
terminate     终止: a catalogued item ends for good (needs the catalog issuer, 001 四.2)
supersede     a newer item replaces it
expire        its display window is over (``dangwu tick`` fires it as the unit itself)
archive       归档 (004 五(五))
============  ==================================================================================

State kinds (:class:`StateKind`):

============  ==================================================================================
draft         written or revised by its proposer; not in the procedure
in_procedure  proposed, waiting for a review or an approval (own or upper organization)
ready         approved: cleared for publication, not yet public (approved, handed over)
published     disclosed on its channels
deferred      filed as not suitable for now (暂不宜公开); may be proposed again
closed        out of the procedure: refused, withdrawn, superseded, expired
archived      filed (归档)
============  ==================================================================================

The vocabularies are closed: an unknown kind is a ValidationError listing the known ones. A
new meaning for core is a new member here, documented, not a string a sector invents.

Two rules on who reads hang on kinds (:mod:`.readers` checks them when a definition loads):
only a step of a kind in :data:`DISCLOSING_KINDS` makes an item readable by scope, and
neither a step in :data:`STOPPING_KINDS` nor an ``archive`` step ever widens who reads it.
"""

from __future__ import annotations

from enum import StrEnum

from ..models.kinds import StateKind, TransitionKind

#: Kinds whose transitions judge the item (004 五: 提出 and 审核/审批 are different hands): on
#: the disclosing organization itself they must carry the separation guard, and the unit itself
#: (``system``) may never fire them.
JUDGING_KINDS = frozenset(
    {
        TransitionKind.REVIEW,
        TransitionKind.PASS_REVIEW,
        TransitionKind.RETURN,
        TransitionKind.REFUSE,
        TransitionKind.APPROVE,
        TransitionKind.ESCALATE,
        TransitionKind.REFER,
        TransitionKind.CLASSIFY,
        TransitionKind.DEFER,
        TransitionKind.WITHDRAW,
        TransitionKind.TERMINATE,
    }
)

#: Kinds that end with the item no longer (or never) shown: the admin styles them as dangerous.
STOPPING_KINDS = frozenset(
    {
        TransitionKind.CANCEL,
        TransitionKind.RETURN,
        TransitionKind.REFUSE,
        TransitionKind.DEFER,
        TransitionKind.WITHDRAW,
        TransitionKind.TERMINATE,
    }
)

#: Kinds whose transitions disclose: the only steps that may take an item from a state not
#: readable by scope (``by_scope``) to one that is (实施, 004 五(四): what is disclosed has been
#: reviewed and approved). Archiving, expiry, re-publication never disclose anew.
DISCLOSING_KINDS = frozenset({TransitionKind.PUBLISH})

#: The change rules of 001 四.2 / 003 §9(二): which kind performs which change action.
CHANGE_ACTIONS = {
    TransitionKind.REPUBLISH: "change",
    TransitionKind.WITHDRAW: "revoke",
    TransitionKind.TERMINATE: "terminate",
}


__all__ = [
    "CHANGE_ACTIONS",
    "DISCLOSING_KINDS",
    "JUDGING_KINDS",
    "STOPPING_KINDS",
    "StateKind",
    "TransitionKind",
    "known",
]


def known(vocabulary: type[StrEnum]) -> str:
    """The members of ``vocabulary``, comma-separated, for error messages."""
    return ", ".join(member.value for member in vocabulary)
