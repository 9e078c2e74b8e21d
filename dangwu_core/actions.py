"""Core's own actions (the data :mod:`dangwu_core.builtin.actions` registers).

Each says who may take it and where (see :class:`~dangwu_core.permissions.Action`). The
disclosure workflow's transitions name their roles in the workflow definition; everything
else a person does is declared here, once. A plugin grants one of these to more roles with
``dangwu_extend_action``; it never copies a role list.
"""

from __future__ import annotations

from .models import RequestStatus, Role
from .permissions import Action, Permissions

#: Every role an officer of an organization may hold (everyone but a plain member).
OFFICER_ROLES = tuple(r.value for r in Role if r is not Role.MEMBER)

_HANDLERS = ("liaison", "reviewer", "publisher", "approver", "admin")
_LEADERS = ("approver", "admin")
_OPEN = (RequestStatus.SUBMITTED.value, RequestStatus.ACKNOWLEDGED.value)

CORE_ACTIONS: tuple[Action, ...] = (
    # --- feedback (意见反馈) -------------------------------------------------------------
    Action(
        "feedback.handle",
        "办理意见反馈",
        _HANDLERS,
        description="003 §9(四): designated people collect, study and answer opinions.",
    ),
    Action(
        "feedback.answer_escalated",
        "答复呈报领导的意见",
        _LEADERS,
        description="001 四.3: important opinions go to the leadership, which answers them.",
    ),
    # --- requests for disclosure (依申请公开): the steps, each from its statuses ------------
    Action(
        "request.accept",
        "受理申请",
        _HANDLERS,
        description="000 四(二): the office (or the branch head) accepts a request; who sees "
        "an organization's requests in the admin.",
    ),
    Action(
        "request.decide",
        "决定是否公开",
        _LEADERS,
        description="000 四(二): the leadership group (or the branch committee) decides; they "
        "are reminded of overdue requests.",
    ),
    Action("request.acknowledge", "受理", _HANDLERS, statuses=(RequestStatus.SUBMITTED.value,)),
    Action("request.ask_completion", "要求补正", _HANDLERS, statuses=_OPEN),
    Action("request.extend", "延期答复", _LEADERS, statuses=_OPEN),
    Action("request.grant", "同意公开", _LEADERS, statuses=_OPEN),
    Action("request.refuse", "不予公开", _LEADERS, statuses=_OPEN),
    Action(
        "request.review_refusal",
        "审定不予公开理由",
        _LEADERS,
        on="parent",
        statuses=(RequestStatus.REFUSAL_UNDER_REVIEW.value,),
        description="003 §9(三): the upper organization reviews a refusal.",
    ),
    # --- organizations, members, tokens -------------------------------------------------
    Action(
        "organization.rate",
        "民主评议",
        tuple(r.value for r in Role),
        description="003 §9(七): the members rate their organization's disclosure work yearly.",
    ),
    Action(
        "token.issue",
        "签发接口令牌",
        ("publisher", "approver", "admin"),
        description="Officers give e-screens and integrations API tokens for their subtree.",
    ),
    # --- the admin ----------------------------------------------------------------------
    Action(
        "admin.enter",
        "进入管理后台",
        OFFICER_ROLES,
        description="Every officer enters; each list shows only their organizations.",
    ),
    Action("admin.read", "查看管理列表", OFFICER_ROLES),
    Action("admin.manage_organizations", "管理党组织", ("admin",)),
    Action("admin.manage_people", "管理人员与角色", ("admin",)),
    # --- disclosures, obligations, filings, changes -------------------------------------
    Action(
        "disclosure.draft",
        "起草公开事项",
        ("proposer", "liaison"),
        description="谁承办谁提出 (004 五(一)): drafts come from proposers and liaisons.",
    ),
    Action(
        "disclosure.act",
        "办理公开程序",
        ("liaison", "proposer", "reviewer", "approver", "publisher", "admin"),
        description="Who is offered workflow buttons at all (the engine decides each "
        "transition); a supervisor (监督员) only reads.",
    ),
    Action(
        "disclosure.read_original",
        "查看脱敏前原文",
        ("proposer", "liaison", "reviewer", "approver", "publisher", "supervisor", "admin"),
        description="004 七(三): those who could read the draft read the original of a "
        "version whose personal data is masked (脱敏) for everyone else.",
    ),
    Action(
        "disclosure.section_withhold",
        "分项暂不宜公开",
        ("proposer", "liaison", "reviewer", "approver", "admin"),
        description="003 §9(二): a section of a 党务公开日 sheet left out for now, filed with "
        "the upper organization, before the sheet is approved.",
    ),
    Action(
        "obligation.fulfil",
        "承办应公开事项",
        ("proposer", "liaison"),
        description="谁承办谁提出: reminders of due obligations and demands go to them.",
    ),
    Action(
        "obligation.demand",
        "督促公开",
        _LEADERS,
        description="003 §9(五): the organization's leadership, or an upper organization's "
        "(asked with on='ancestor'), demands an overdue disclosure.",
    ),
    Action(
        "obligation.trigger",
        "记录即时公开事项的触发事件",
        ("proposer", "liaison", "publisher", "approver", "admin"),
        description="001 五.4, 003 §8(四): when the event of an immediate item happens (a "
        "pre-appointment notice, a member's development, a case handled), the organization's "
        "officers record it and its obligation opens with its due date.",
    ),
    Action(
        "filing.decide",
        "审定备案",
        _LEADERS,
        description="The upper organization decides what was filed with it (备案).",
    ),
    Action(
        "change.request",
        "申请变更、撤销、终止",
        ("proposer", "liaison", "approver", "publisher"),
        description="Changing a catalogued item needs the issuing organization's approval; "
        "these roles ask for it.",
    ),
    # --- 保密审查 and 风险评估 (004 七(三), 七(四)) ------------------------------------------
    Action(
        "review.override_block",
        "说明理由后同意公开（解除审查阻止）",
        ("approver",),
        description="004 七(三): what a review check blocks (a classification marking) goes on "
        "only when the approver overrides it with a written reason; never the office or a "
        "reviewer.",
    ),
    Action(
        "risk.flag",
        "标记须风险评估",
        ("reviewer", "approver"),
        description="004 七(四): the reviewer (or the approver) marks an item as needing a "
        "social-stability or online-opinion risk assessment.",
    ),
    Action(
        "risk.assess",
        "录入风险评估",
        ("proposer", "liaison", "reviewer", "approver", "admin"),
        description="004 七(四): the officers who prepare and judge an item enter its risk "
        "assessments, each by a named assessor.",
    ),
    Action(
        "supervision.view",
        "监督检查",
        ("supervisor", "approver", "publisher", "reviewer", "admin"),
        description="003 §9(五): the upper organization and its supervisors oversee, read-only.",
    ),
    Action(
        "delivery.retry",
        "重新投递",
        ("publisher", "admin"),
        description="A dead letter (投递失败) goes back to the outbox at the hands of those who "
        "publish: they know whether the address or the platform is fixed.",
    ),
    Action(
        "ledger.export",
        "导出台帐",
        ("liaison", "reviewer", "approver", "publisher", "supervisor", "admin"),
        description="台帐 (002 两本台帐): kept by the officers who register and publish.",
    ),
)


_CORE: Permissions | None = None


def core_permissions() -> Permissions:
    """Core's own actions alone, for code that runs with no unit bound (a service called by
    a test or a script): :data:`CORE_ACTIONS` as a registry."""
    global _CORE
    if _CORE is None:
        _CORE = Permissions({a.name: a for a in CORE_ACTIONS})
    return _CORE
