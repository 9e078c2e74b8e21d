"""风险评估 (004 七(四)): the risk gate before an item is decided.

An item needs a **social-stability assessment** (社会稳定风险评估: 合法性, 合理性, 可行性,
可控性) when its catalog item says so (``risk_assessment``), when the reviewer flags it
(:func:`flag`) or when a plugin's :class:`~dangwu_core.review.RiskRule` does; a **major
decision** (``opinion``) needs the **online-opinion assessment** (网络舆情风险评估: 可行性,
民意认可度) as well. Each assessment (:func:`assess`) rates every aspect 低/中/高 with a
note, by a named assessor, and is an audit event. Approval is refused, naming what is
missing, until the required assessments are complete (:func:`refusal`, the guard
``risk_assessments_complete``); a high rating needs the collective decision (集体研究决定)
recorded with the approval.
"""

from __future__ import annotations

from . import access, audit
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import Disclosure, Person, RiskAssessment, RiskKind, RiskRequirement

#: The aspects of each assessment, in order, with their Chinese names.
ASPECTS = {
    RiskKind.STABILITY.value: {
        "legality": "合法性",
        "reasonableness": "合理性",
        "feasibility": "可行性",
        "controllability": "可控性",
    },
    RiskKind.OPINION.value: {"feasibility": "可行性", "acceptance": "民意认可度"},
}
#: The ratings of an aspect's risk.
RATINGS = {"low": "低", "medium": "中", "high": "高"}
#: What a level asks for: ``opinion`` (a major decision) needs both assessments.
LEVELS = {
    "stability": (RiskKind.STABILITY.value,),
    "opinion": (RiskKind.STABILITY.value, RiskKind.OPINION.value),
}
FLAG_ACTION = "risk.flag"
ASSESS_ACTION = "risk.assess"


def kind_label(kind: str) -> str:
    return RiskKind(kind).label


def _kinds(level: str | None) -> tuple[str, ...]:
    return LEVELS.get(level or "", ())


def required(unit, disclosure: Disclosure) -> dict[str, list[str]]:
    """The assessments ``disclosure`` needs: kind -> who asked (catalog item, reviewer, the
    plugins' rules), in the order of :class:`RiskKind`."""
    asked: dict[str, list[str]] = {}
    item = disclosure.catalog_item if disclosure.catalog_item_id else None
    if item is not None:
        for kind in _kinds(item.risk_assessment):
            asked.setdefault(kind, []).append(f"目录事项“{item.title}”")
    rules = unit.registry.risk_rules
    for row in RiskRequirement.select().where(RiskRequirement.disclosure == disclosure.id):
        rule = rules.get(row.source.removeprefix("plugin:"))
        who = "审核人" if row.source == "reviewer" else (rule.label if rule else row.source)
        asked.setdefault(row.kind, []).append(who)
    for rule in unit.registry.risk_rules.values():
        for kind in _kinds(rule.applies(disclosure)):
            asked.setdefault(kind, []).append(rule.label)
    return {k.value: sorted(set(asked[k.value])) for k in RiskKind if k.value in asked}


def assessments(disclosure: Disclosure) -> dict[str, RiskAssessment]:
    """The latest assessment of each kind made for ``disclosure``."""
    latest: dict[str, RiskAssessment] = {}
    query = RiskAssessment.select().where(RiskAssessment.disclosure == disclosure.id)
    for row in query.order_by(RiskAssessment.id):
        latest[row.kind] = row
    return latest


def high_ratings(disclosure: Disclosure) -> list[str]:
    """``"社会稳定风险评估·可控性"`` for each aspect rated high in the latest assessments."""
    return [
        f"{kind_label(kind)}·{ASPECTS[kind][aspect]}"
        for kind, row in assessments(disclosure).items()
        for aspect, value in (row.ratings or {}).items()
        if value.get("rating") == "high" and aspect in ASPECTS[kind]
    ]


def missing(unit, disclosure: Disclosure) -> list[str]:
    """The kinds of assessment ``disclosure`` needs and has not had."""
    done = assessments(disclosure)
    return [kind for kind in required(unit, disclosure) if kind not in done]


def needs_collective_decision(unit, disclosure: Disclosure) -> bool:
    """A required assessment rated some aspect high: approval needs 集体研究决定."""
    needed = required(unit, disclosure)
    return any(
        value.get("rating") == "high"
        for kind, row in assessments(disclosure).items()
        if kind in needed
        for value in (row.ratings or {}).values()
    )


def refusal(unit, disclosure: Disclosure, collective_decision: dict | None) -> str | None:
    """Why ``disclosure`` may not be approved yet for its risk assessments, or None."""
    needed = required(unit, disclosure)
    if not needed:
        return None
    gaps = missing(unit, disclosure)
    if gaps:
        parts = [
            f"{kind_label(k)}（{'、'.join(ASPECTS[k].values())}; asked by {'、'.join(needed[k])}）"
            for k in gaps
        ]
        return (
            f"“{disclosure.title}” needs its risk assessment (风险评估) before approval: "
            f"missing {'; '.join(parts)}"
        )
    high = high_ratings(disclosure)
    decision = collective_decision or {}
    keys = ("meeting", "date", "decision")
    if high and any(not str(decision.get(k, "")).strip() for k in keys):
        return (
            f"the risk assessment of “{disclosure.title}” rates {'、'.join(high)} high: "
            "approving it needs a recorded collective decision (集体研究决定: meeting, date, "
            "decision)"
        )
    return None


def _may(unit, person: Person | None, action: str, disclosure: Disclosure) -> None:
    if person is None or not access.allowed(
        person, action, disclosure.organization_id, permissions=unit.registry.permissions
    ):
        who = person.name if person is not None else "an anonymous visitor"
        label = unit.registry.permissions[action].label
        raise PermissionDenied(
            f"{who} may not {label} ({action}) on “{disclosure.title}” of "
            f"{disclosure.organization.name}"
        )


def _in_procedure(unit, disclosure: Disclosure) -> None:
    from .models.kinds import StateKind

    definition = unit.registry.workflows.get(disclosure.workflow)
    if definition.states[disclosure.state].kind not in (StateKind.DRAFT, StateKind.IN_PROCEDURE):
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}: risk "
            "assessments are made before it is decided",
            "state",
        )


def flag(unit, disclosure: Disclosure, actor: Person | None, level: str, reason: str = ""):
    """The reviewer flags ``disclosure`` as needing ``level`` (``stability`` or ``opinion``).

    :raises PermissionDenied, ValidationError: nothing is recorded then.
    :returns: the audit event ``disclosure.risk_flagged``.
    """
    _may(unit, actor, FLAG_ACTION, disclosure)
    if level not in LEVELS:
        raise ValidationError(
            f"unknown risk assessment {level!r}; one of {', '.join(LEVELS)}", "risk_assessment"
        )
    _in_procedure(unit, disclosure)
    with atomic():
        for kind in LEVELS[level]:
            RiskRequirement.create(
                disclosure=disclosure,
                kind=kind,
                source="reviewer",
                flagged_by=actor,
                reason=reason,
            )
        return audit.record(
            "disclosure.risk_flagged",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            reason=reason,
            payload={"level": level, "kinds": list(LEVELS[level])},
        )


def record_rule_requirements(unit, disclosure: Disclosure) -> list[str]:
    """Record what the plugins' rules ask of ``disclosure`` (so supervision counts it);
    return the kinds newly recorded."""
    have = {
        (r.kind, r.source)
        for r in RiskRequirement.select().where(RiskRequirement.disclosure == disclosure.id)
    }
    added = []
    for rule in unit.registry.risk_rules.values():
        for kind in _kinds(rule.applies(disclosure)):
            if (kind, f"plugin:{rule.name}") not in have:
                RiskRequirement.create(
                    disclosure=disclosure, kind=kind, source=f"plugin:{rule.name}"
                )
                have.add((kind, f"plugin:{rule.name}"))
                added.append(kind)
    return added


def _ratings(kind: str, ratings) -> dict[str, dict[str, str]]:
    if not isinstance(ratings, dict):
        raise ValidationError("ratings must map each aspect to a rating and a note", "ratings")
    aspects = ASPECTS[kind]
    unknown = sorted(set(ratings) - set(aspects))
    if unknown:
        raise ValidationError(
            f"{kind_label(kind)} has no aspect {', '.join(unknown)}; its aspects are "
            f"{', '.join(f'{a} ({n})' for a, n in aspects.items())}",
            "ratings",
        )
    out = {}
    for aspect, name in aspects.items():
        value = ratings.get(aspect) or {}
        rating = str(value.get("rating", "")).strip()
        note = str(value.get("note", "")).strip()
        if rating not in RATINGS:
            raise ValidationError(
                f"{kind_label(kind)}: rate {aspect} ({name}) low, medium or high (低/中/高)",
                "ratings",
            )
        if not note:
            raise ValidationError(
                f"{kind_label(kind)}: the rating of {aspect} ({name}) needs a note", "ratings"
            )
        out[aspect] = {"rating": rating, "note": note}
    return out


def assess(
    unit, disclosure: Disclosure, actor: Person | None, kind: str, ratings: dict, assessor: str
) -> RiskAssessment:
    """Record a complete assessment of ``kind`` for ``disclosure`` by the named ``assessor``.

    :param ratings: ``aspect -> {"rating": "low"|"medium"|"high", "note": str}``, every
        aspect of the kind (:data:`ASPECTS`).
    :raises PermissionDenied, ValidationError: one clear error; nothing is recorded then.
    :returns: the assessment; its audit event is ``disclosure.risk_assessed``.
    """
    _may(unit, actor, ASSESS_ACTION, disclosure)
    if kind not in ASPECTS:
        raise ValidationError(
            f"unknown risk assessment {kind!r}; one of {', '.join(ASPECTS)}", "kind"
        )
    clean = _ratings(kind, ratings)
    assessor = (assessor or "").strip()
    if not assessor:
        raise ValidationError("a risk assessment names its assessor (评估人)", "assessor")
    _in_procedure(unit, disclosure)
    with atomic():
        row = RiskAssessment.create(
            disclosure=disclosure,
            kind=kind,
            ratings=clean,
            assessor=assessor[:100],
            entered_by=actor,
        )
        audit.record(
            "disclosure.risk_assessed",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            payload={
                "assessment": row.id,
                "kind": kind,
                "assessor": row.assessor,
                "ratings": clean,
            },
        )
    return row
