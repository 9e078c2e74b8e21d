"""The review's gates on an item's admin page: the approver's override of a block (004 七(三))
and the risk assessments (风险评估, 004 七(四)).

:class:`GateRoutes` adds the routes to the disclosure view; :func:`gate_context` is what its
page shows (``dangwu_admin/_gate.html``): the blocks and who may override them, the overrides
made, the assessments an item needs, those made and what is missing. Who may do what is the
action registry's answer (:mod:`dangwu_core.secrecy`, :mod:`dangwu_core.risk`); the routes
call the services and show their errors.
"""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_babel import gettext as _

from .. import access, risk, secrecy
from ..disclosures import current_version
from ..models import Disclosure
from ..models.kinds import StateKind
from .base import unit


def gate_context(item: Disclosure, person, results) -> dict:
    """What ``_gate.html`` shows of ``item`` to ``person``, from the checks' ``results``
    (:func:`dangwu_core.secrecy.check_results`)."""
    ctx = unit()
    overridden = secrecy.overridden_blocks(item, current_version(item).number)
    blocks = [r for r in results if r.blocks]
    open_blocks = [r for r in blocks if (r.check.name, r.block_digest) not in overridden]
    permissions = ctx.registry.permissions
    definition = ctx.registry.workflows.get(item.workflow)
    undecided = definition.states[item.state].kind in (StateKind.DRAFT, StateKind.IN_PROCEDURE)
    needed = risk.required(ctx, item)
    made = risk.assessments(item)
    return {
        "gate": {
            "blocks": open_blocks,
            "overridden": bool(blocks) and not open_blocks,
            "may_override": bool(open_blocks) and secrecy.may_override(ctx, person, item),
            "unclear": [r for r in results if r.escalates],
            "risk_needed": needed,
            "risk_made": made,
            "risk_missing": [k for k in needed if k not in made],
            "risk_high": risk.high_ratings(item),
            "may_flag": undecided
            and access.allowed(
                person, risk.FLAG_ACTION, item.organization_id, permissions=permissions
            ),
            "may_assess": undecided
            and access.allowed(
                person, risk.ASSESS_ACTION, item.organization_id, permissions=permissions
            ),
            "aspects": risk.ASPECTS,
            "ratings": risk.RATINGS,
            "kinds": {k: risk.kind_label(k) for k in risk.ASPECTS},
        }
    }


class GateRoutes:
    """The override and risk-assessment routes of the disclosure view (a mixin)."""

    @expose("/override/", methods=["POST"])
    def override_view(self):
        """The approver overrides what blocks the item, with a written reason."""
        reason = request.form.get("reason", "")
        return self.act_on_item(
            lambda item: secrecy.override_block(unit(), item, self.person, reason),
            _("已说明理由并同意继续办理；此操作已记入审计记录。"),
        )

    @expose("/risk/flag/", methods=["POST"])
    def risk_flag_view(self):
        """The reviewer flags the item as needing a risk assessment."""
        level, reason = request.form.get("level", ""), request.form.get("reason", "").strip()
        return self.act_on_item(
            lambda item: risk.flag(unit(), item, self.person, level, reason),
            _("已标记为须进行风险评估。"),
        )

    @expose("/risk/assess/", methods=["POST"])
    def risk_assess_view(self):
        """One complete risk assessment: every aspect rated, with a note, by a named assessor."""
        kind = request.form.get("kind", "")
        ratings = {
            aspect: {
                "rating": request.form.get(f"rating_{aspect}", ""),
                "note": request.form.get(f"note_{aspect}", ""),
            }
            for aspect in risk.ASPECTS.get(kind, {})
        }
        assessor = request.form.get("assessor", "")
        label = risk.kind_label(kind) if kind in risk.ASPECTS else kind
        return self.act_on_item(
            lambda item: risk.assess(unit(), item, self.person, kind, ratings, assessor),
            _("已录入%(kind)s。", kind=label),
        )
