"""English of the procedures' texts (admin/procedures.py, admin/panels.py and their templates),
merged into :data:`.en.EN`."""

PROCEDURES_EN = {
    "“%(state)s”状态下没有这一步骤（%(kind)s）": (
        "There is no such step (%(kind)s) from “%(state)s”"
    ),
    # the forms' answers
    "已报送工作方案，等待目录制定单位审核。": (
        "The work plan is filed: the organization that issued the catalog decides it."
    ),
    "没有找到该备案，或您无权查看。": "No such filing, or you may not see it.",
    "请选择同意或不同意。": "Choose approve or refuse.",
    "已审核：%(title)s": "Decided: %(title)s",
    "已报请目录制定单位批准。": "Asked the organization that issued the catalog to approve.",
    "没有找到该应公开事项，或您无权查看。": "No such obligation, or you may not see it.",
    "提出期限的日期无效。": "The date to propose by is not a valid date.",
    "已要求有关部门提出公开意见。": "The responsible department was asked to propose it.",
    "没有找到该意见，或您无权查看。": "No such feedback, or you may not see it.",
    "已呈报领导小组研究答复。": "Sent to the leadership group for its answer.",
    "已办结。": "Closed.",
    "请选择党组织和即时公开事项。": "Choose the organization and the immediate item.",
    "请填写事件发生的日期。": "Give the date of the event.",
    "已记录：%(item)s（%(label)s），应于 %(due)s 前公开。": (
        "Recorded: %(item)s (%(label)s), to be disclosed by %(due)s."
    ),
    # the desk
    "待审核的工作方案和变更申请": "Work plans and change requests to decide",
    "报送事项": "Filed",
    "报送单位": "Filed by",
    "理由或方案": "Reasons or plan",
    "审核": "Decision",
    "审核意见（必填）": "Opinion (required)",
    "同意": "Approve",
    "不同意": "Refuse",
    "要求提出公开意见的事项": "Obligations you were asked to propose",
    "限 %(date)s 前提出": "to propose by %(date)s",
    "呈报领导小组、待答复的意见": "Feedback sent to the leadership, waiting for its answer",
    "领导小组已答复的呈报意见": "Escalated feedback the leadership answered",
    "待公开的即时公开事项": "Immediate items to disclose",
    "目录外事项：工作方案尚未经目录制定单位审核同意，不能公开": (
        "Out of catalog: its work plan is not yet approved by the organization that issued "
        "the catalog, so it cannot be published"
    ),
    "记录即时公开事项": "Record an immediate item",
    # the disclosure's page
    "目录外事项工作方案": "Work plan of an out-of-catalog item",
    "本事项不在党务公开目录内：须先制定工作方案，报%(issuer)s审核同意后方可公开。": (
        "This item is not in the catalog: it is published only once %(issuer)s approved its "
        "work plan."
    ),
    "目录制定单位": "the organization that issued the catalog",
    "尚未报送工作方案：由申报人（承办部门）报送。": (
        "No work plan filed yet: its proposer (the department in charge) files it."
    ),
    "工作方案已报送，等待%(issuer)s审核。": "The work plan is filed; %(issuer)s decides it.",
    "工作方案已经%(issuer)s审核同意：%(opinion)s": (
        "%(issuer)s approved the work plan: %(opinion)s"
    ),
    "工作方案未获同意：%(opinion)s。请修改后重新报送。": (
        "The work plan was refused: %(opinion)s. Revise it and file it again."
    ),
    "工作方案": "Work plan",
    "工作方案：公开的内容、范围、形式、时间和责任部门": (
        "Work plan: content, scope, channels, timing and the department in charge"
    ),
    "报送工作方案": "File the work plan",
    "变更、撤销、终止须经%(issuer)s批准": (
        "Changing, revoking or terminating it needs the approval of %(issuer)s"
    ),
    "已批准，可以办理。": "Approved: it may be done.",
    "已报请批准，等待%(issuer)s决定。": "Asked for: %(issuer)s decides.",
    "未获批准：%(opinion)s": "Refused: %(opinion)s",
    "须先报请批准。": "Ask for the approval first.",
    "申请理由（必填）": "Reasons (required)",
    "报请批准": "Ask for approval",
    "审核工作方案": "Work plan decided",
    "报请批准变更、撤销、终止": "Approval of a change asked for",
    "目录制定单位审批": "Decision of the catalog's issuer",
    "促成本次更正的意见建议": "The feedback that led to this correction",
    "（不因意见建议而更正）": "(not caused by feedback)",
    # the feedback's page
    "已呈报领导小组，等待领导答复。": "Sent to the leadership group: waiting for its answer.",
    "已呈报领导小组，由领导答复。": "Sent to the leadership group, which answered it.",
    "促成的更正": "Corrections it led to",
    "呈报领导小组": "Send to the leadership group",
    "呈报理由（必填）": "Why (required)",
    "确定将此意见呈报领导小组？": "Send this feedback to the leadership group?",
    "办结": "Close",
    # the immediate item's page
    "任前公示、发展党员、案件查处等事项发生后，在此记录：系统按目录规定的时限生成应公开事项，并列入承办人员的工作台。": (  # noqa: E501
        "When a pre-appointment notice, a member's development, a case handled... happens, "
        "record it here: its obligation opens with the catalog's time limit and shows on the "
        "desks of those who disclose it."
    ),
    "您没有可以记录即时公开事项的党组织。": (
        "You hold no role that records immediate items on any organization."
    ),
    "选择": "Choose",
    "即时公开事项": "Immediate item",
    "事件发生日期": "Date of the event",
    "标注（如对象姓名、案件编号，用于区分同日的多起事件）": (
        "Label (a name, a case number: tells apart several events on one day)"
    ),
    "记录并生成应公开事项": "Record it and open the obligation",
    "该党组织适用的目录中没有即时公开事项。": (
        "The catalogs of this organization have no immediate items."
    ),
    "应公开事项：%(item)s（%(label)s），公开期限 %(due)s。": (
        "Obligation: %(item)s (%(label)s), due %(due)s."
    ),
    # the obligation's page
    "要求提出公开意见": "Asked to propose",
    "要求有关部门提出": "Ask the responsible department to propose it",
    "要求提出的理由（必填）": "Why (required)",
    "提出期限（选填）": "Propose by (optional)",
    "要求提出": "Ask to propose",
}
