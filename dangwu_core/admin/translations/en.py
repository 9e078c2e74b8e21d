"""English of the admin's texts, by Chinese message id."""

from .en_procedures import PROCEDURES_EN

EN = {
    # menus and views
    "组织与人员": "Organizations and people",
    "公开目录": "Catalogs",
    "公开事项": "Disclosures",
    "意见与申请": "Feedback and requests",
    "监督检查": "Supervision",
    "应公开事项": "Obligations",
    "审计记录": "Audit trail",
    "意见建议": "Feedback",
    "依申请公开": "Requests for disclosure",
    "备案": "Filings",
    "党组织": "Organization",
    "人员": "People",
    "角色分配": "Role assignments",
    "目录": "Catalog",
    "公开内容类别": "Category",
    "目录事项": "Catalog item",
    "台帐导出": "Ledgers",
    "年度报告": "Annual report",
    "工作台": "Desk",
    # review
    "必要性": "Necessity",
    "准确性": "Accuracy",
    "合法合规性": "Legality",
    "保密审查": "Secrecy",
    "确定要“%(label)s”吗？此操作将记入审计记录。": (
        "Really “%(label)s”? This is recorded in the audit trail."
    ),
    # forms and columns
    "标题": "Title",
    "内容": "Content",
    "可用段落、列表、表格等简单格式；保存时清除脚本等不安全内容。": (
        "Paragraphs, lists and tables may be used; scripts and other unsafe markup are removed "
        "on save."
    ),
    "公开范围": "Scope",
    "公开形式": "Channels",
    "重要事项（须集体研究决定）": "Important item (needs a collective decision)",
    "承办部门": "Department",
    "公开期次": "Period",
    "目录外事项（须报批工作方案）": "Out of catalog (needs an approved work plan)",
    "没有找到该事项，或您无权查看。": "No such item, or you may not see it.",
    "表单已失效，请刷新页面后重试。": "The form has expired: reload the page and try again.",
    "“%(title)s”：%(label)s，现为%(state)s。": "“%(title)s”: %(label)s, now %(state)s.",
    "已办理 %(n)d 项：%(titles)s": "Done for %(n)d items: %(titles)s",
    "%(n)d 项不在您的管理范围内，未办理。": (
        "%(n)d items are outside your organizations: left alone."
    ),
    "批量审批同意": "Approve selected",
    "逐项审批同意所选事项？无权审批的事项将被跳过。": (
        "Approve the selected items one by one? Items you may not approve are skipped."
    ),
    "批量公开": "Publish selected",
    "逐项公开所选事项？无权公开的事项将被跳过。": (
        "Publish the selected items one by one? Items you may not publish are skipped."
    ),
    "批量开始审核": "Start review of selected",
    "对所选事项开始审核？": "Start the review of the selected items?",
    "编码": "Code",
    "名称": "Name",
    "简称": "Short name",
    "类型": "Type",
    "领域": "Sector",
    "组织类别": "Kind",
    "上级党组织": "Parent organization",
    "层级": "Depth",
    "排序": "Order",
    "有效": "Active",
    "电话": "Phone",
    "电子邮箱": "E-mail",
    "党员": "Party member",
    "联系备注": "Contact note",
    "角色": "Role",
    "覆盖下级组织": "Reaches down",
    "版本": "Version",
    "制定单位": "Issuer",
    "适用组织": "Applies to",
    "生效日期": "Effective",
    "状态": "Status",
    "公开时限": "Time limit",
    "周期": "Cadence",
    "须报上级审批": "Needs upper approval",
    "重要事项": "Important",
    "期次开始": "Period start",
    "期次结束": "Period end",
    "应公开日期": "Due",
    "公开时间": "Published",
    "说明": "Note",
    "办理状态": "State",
    "申报人": "Proposer",
    "公示起": "Shown from",
    "公示止": "Shown until",
    "当前版本": "Current version",
    "时间": "Time",
    "操作人": "Actor",
    "操作": "Action",
    "对象类型": "Subject type",
    "对象编号": "Subject id",
    "原状态": "From",
    "新状态": "To",
    "理由": "Reason",
    "回执编号": "Receipt",
    "来源渠道": "Channel",
    "身份": "Reporter kind",
    "反映人": "Reporter",
    "承办人": "Assignee",
    "答复": "Answer",
    "答复时间": "Answered",
    "申请人": "Applicant",
    "申请事项": "Subject",
    "办理时限": "Deadline",
    "决定理由": "Reasons",
    "备案单位": "Filed with",
    "提交时间": "Submitted",
    "报送人": "Filed by",
    "审定意见": "Review opinion",
    "姓名": "Name",
    "已答复": "Answered",
    "已生成公开事项草稿，请按程序申报、审核、审批后公开。": (
        "A draft was created: propose it, have it reviewed and approved, then publish it."
    ),
    # pages
    "搜索": "Search",
    "年度": "Year",
    "查看": "Show",
    "列表": "List",
    "修改草稿": "Edit draft",
    "详情与办理": "Details and actions",
    "目录外事项": "Out of catalog",
    "自动审查结果": "Automated review",
    "通过": "passed",
    "须脱密脱敏": "needs redaction",
    "不得公开": "must not be published",
    "（密级不明确，应报上级确定）": "(classification unclear: refer to the upper organization)",
    "审查原文（问题内容已标出）": "Reviewed text (findings highlighted)",
    "公开内容（第%(n)d版）": "Content (version %(n)d)",
    "第%(n)d版": "Version %(n)d",
    "办理记录": "History",
    "系统": "System",
    "起草": "Drafted",
    "办理": "Actions",
    "按程序，您现在对本事项没有可办理的操作。": (
        "The procedure gives you nothing to do on this item now."
    ),
    "审核须对以下四个方面逐项提出意见（004 五(二)）：": (
        "The review records a finding on each of four aspects (004 五(二)):"
    ),
    "审核意见": "Finding",
    "列为重要事项（须集体研究决定）": "Flag as important (needs a collective decision)",
    "重要事项须经集体研究决定（004 五(三)）：": (
        "An important item needs a collective decision (004 五(三)):"
    ),
    "会议名称": "Meeting",
    "决定事项": "Decision",
    "请说明理由（必填）": "State the reason (required)",
    "意见（选填）": "Opinion (optional)",
    "仅列出您依角色可办理或可查看的事项": "Only the items your roles let you act on or read",
    "确定答复？答复将告知署名反映人。": "Send the answer? A named reporter is told.",
    "您好，%(name)s。以下是您现在可以办理的公开事项（按程序由系统判定）。": (
        "Hello %(name)s. These are the items the procedure lets you act on now."
    ),
    "可办理": "You may",
    "目前没有待您办理的事项。": "Nothing waits for you.",
    "登记簿按数据生成：先审核、后登记、再公开，登记簿所列即实际公开的事项、时间、范围、形式和内容。": (  # noqa: E501
        "Registers are made from the data: reviewed, then registered, then published; they list "
        "exactly what was published, when, to whom, how and with what content."
    ),
    "含下级组织": "Include the subtree",
    "预览": "Preview",
    "本期无记录": "Nothing in this period",
    "退出": "Log out",
    "组织树": "Tree",
    "打印": "Print",
    "民主评议结果": "Members' appraisal",
    "作为公开事项发布": "Publish as a disclosure",
    "生成一份公开事项草稿（报告正文），再按程序申报、审核、审批后公开（004 七(九)：每年向党员和群众通报党务公开情况）。": (  # noqa: E501
        "Creates a draft disclosure with the report as its body, to propose, review, approve "
        "and publish (004 七(九): report the disclosure work to members and the public yearly)."
    ),
    "生成年度报告草稿？": "Create the annual report's draft?",
    "生成草稿": "Create draft",
    "及所属%(n)d个党组织": "and %(n)d organizations below it",
    "按时公开率": "On-time rate",
    "责任追究线索": "Accountability cases",
    "按月趋势（按应公开日期）": "By month (of due date)",
    "构成": "Composition",
    "按时公开率排名（前%(n)d）": "Best on-time rates (top %(n)d)",
    "已到期": "Due",
    "按时": "On time",
    "逾期公开": "Late",
    "逾期未公开": "Overdue",
    "需督促的党组织（后%(n)d）": "Organizations to urge (bottom %(n)d)",
    "共%(n)d个党组织有已到期事项。": "%(n)d organizations have items due.",
    "依据：003 第九条（八）责任追究制度；004 七（十）建立健全责任追究机制。以下线索由系统根据数据列出，须经核实后依规依纪处理。": (  # noqa: E501
        "Basis: 003 §9(八) and 004 七(十). The cases are listed from the data and must be "
        "verified before any action is taken."
    ),
    "返回监督检查": "Back to supervision",
    "全部": "All",
    "事项": "Item",
    "情况": "Facts",
    "日期": "Date",
    "依据": "Basis",
    "仅显示前%(n)d条。": "Only the first %(n)d are shown.",
    "共%(n)d项": "%(n)d items",
    # figures and cases (from dangwu_core.supervision, shown through _())
    "按时公开": "Disclosed on time",
    "暂不宜公开（已备案）": "Not suitable for now (filed)",
    "未到期": "Not yet due",
    "依申请公开超期未办结": "Requests past deadline",
    "意见建议超期未答复": "Feedback past deadline",
    "应公开未公开": "Due and not disclosed",
    "超出目录规定的范围或形式公开": "Disclosed outside the catalog's scope or channels",
    "未编制党务公开目录": "No catalog",
    "目录未及时调整（目录外事项反复公开）": "Catalog not adjusted (repeated out-of-catalog items)",
    "党务公开事项登记簿": "Disclosure register",
    "党务公开会议记录簿": "Meeting record book",
    "党务公开意见建议登记簿": "Feedback register",
    "党务公开意见建议办理登记册": "Feedback handling register",
    # files (附件)
    "文件过大：附件不得超过 %(limit)s，未上传。": (
        "File too large: attachments are limited to %(limit)s; nothing was uploaded."
    ),
    "请选择要上传的文件。": "Choose a file to upload.",
    "附件未上传：%(reason)s": "File not uploaded: %(reason)s",
    "已上传附件“%(name)s”。": "Uploaded “%(name)s”.",
    "没有找到该附件。": "No such file.",
    "附件未删除：%(reason)s": "File not removed: %(reason)s",
    "已删除附件“%(name)s”。": "Removed “%(name)s”.",
    "确定删除附件“%(name)s”吗？": "Remove the file “%(name)s”?",
    "删除": "Remove",
    "无": "None",
    "再公开时的附件（新版本公开后生效）": (
        "Files of the re-publication (shown once the new version is published)"
    ),
    "选择文件": "Choose a file",
    "上传附件": "Upload file",
    "单个文件不超过 %(limit)s；可上传 %(types)s（按文件内容识别类型）。": (
        "At most %(limit)s per file; accepted: %(types)s (the type is recognized from the content)."
    ),
    # moving an organization
    "（无上级：作为根组织）": "(no parent: a root organization)",
    "没有找到该党组织，或您无权查看。": "No such organization, or you may not see it.",
    "没有找到所选的上级党组织。": "The chosen parent organization does not exist.",
    "您无权调整“%(name)s”的隶属关系。": "You may not move “%(name)s”.",
    "未调整隶属关系：%(reason)s": "Not moved: %(reason)s",
    "已将“%(name)s”（连同下级组织）调整到“%(parent)s”之下。": (
        "Moved “%(name)s” (with the organizations below it) under “%(parent)s”."
    ),
    "根": "the root",
    "调整隶属关系": "Move this organization",
    "连同全部下级组织一并调整；不能调到本组织的下级之下，上级组织的类型须符合规定。": (
        "The organizations below it move with it; it cannot go under one of them, and the "
        "new parent must be of an allowed type."
    ),
    "新的上级党组织": "New parent organization",
    "调整理由（记入审计记录）": "Reason (recorded in the audit trail)",
    "确定调整隶属关系吗？此操作将记入审计记录。": "Move it? This is recorded in the audit trail.",
    "调整": "Move",
    # requests for disclosure (依申请公开)
    "受理": "Acknowledge",
    "要求补正": "Ask for completion",
    "延期答复": "Extend the deadline",
    "审定不予公开理由": "Review the refusal",
    "申请人补正": "Completed by the applicant",
    "上级审定：同意不予公开": "Upper organization: refusal upheld",
    "上级审定：退回重新办理": "Upper organization: refusal overturned",
    "告知申请人": "Applicant told",
    "申请内容": "Content",
    "已延期": "Extended",
    "延期理由": "Reason for the extension",
    "没有找到该申请，或您无权查看。": "No such request, or you may not see it.",
    "您现在不能对申请 %(number)s 办理“%(step)s”。": (
        "You may not “%(step)s” request %(number)s now."
    ),
    "申请 %(number)s：%(step)s，现为%(status)s。": "Request %(number)s: %(step)s; now %(status)s.",
    "您现在对本申请没有可办理的操作。": "There is nothing you may do on this request now.",
    "请申请人补正的内容（补正期间暂停计算期限）": (
        "What the applicant must complete (the deadline stops meanwhile)"
    ),
    "延期理由（将告知申请人；只能延期一次）": (
        "Reason for the extension (the applicant is told; only once)"
    ),
    "全部公开": "In full",
    "说明（部分公开时须写明不予公开部分的理由）": (
        "Explanation (for a partial grant: why the rest is withheld)"
    ),
    "不予公开的书面理由（报上级党组织审定后告知申请人）": (
        "Written reasons for refusing (reviewed by the upper organization, then told to the "
        "applicant)"
    ),
    "不予公开理由：": "Reasons for refusing: ",
    "同意不予公开": "Uphold the refusal",
    "不同意，退回重新办理": "Overturn it: to be handled again",
    "上级党组织审定意见（将告知申请人）": (
        "The upper organization's opinion (told to the applicant)"
    ),
}

EN.update(PROCEDURES_EN)
