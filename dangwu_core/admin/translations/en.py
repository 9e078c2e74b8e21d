"""English of the admin's texts, by Chinese message id."""

from .en_outbox import OUTBOX_EN
from .en_procedures import PROCEDURES_EN
from .en_redaction import REDACTION_EN

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
    "审核须对以下四个方面逐项提出意见：": "The review records a finding on each of four aspects:",
    "审核意见": "Finding",
    "列为重要事项（须集体研究决定）": "Flag as important (needs a collective decision)",
    "重要事项须经集体研究决定：": "An important item needs a collective decision:",
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
    "生成一份公开事项草稿（报告正文），再按程序申报、审核、审批后公开（党的组织每年须向党员和群众通报党务公开情况）。": (  # noqa: E501
        "Creates a draft disclosure with the report as its body, to propose, review, approve "
        "and publish (a party organization reports its disclosure work to members and the "
        "public every year)."
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
    "依据：《中国共产党党务公开条例（试行）》和本单位党务公开实施意见关于责任追究的规定。以下线索由系统根据数据列出，须经核实后依规依纪处理。": (  # noqa: E501
        "Basis: the Regulations on the Disclosure of Party Affairs (trial) and the unit's "
        "implementing opinions on accountability. The cases are listed from the data and must "
        "be verified before any action is taken."
    ),
    "全部党组织": "All organizations",
    "全部类型": "All kinds",
    "筛选": "Filter",
    "共%(total)s条，第%(page)s/%(pages)s页": "%(total)s cases, page %(page)s of %(pages)s",
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
    # 本月党务公开 and the printable 公开栏 sheet (admin/batches.py)
    "本月党务公开": "This month's disclosure",
    "%(year)d年第%(n)d期": "%(year)d, sheet no. %(n)d",
    "打印公开栏": "Print the bulletin-board sheet",
    "未生成：请至少选择一个应公开事项。": "Not prepared: choose at least one obligation.",
    "未生成：%(reason)s": "Not prepared: %(reason)s",
    "已生成“%(title)s”草稿，共%(n)d部分；请逐项核对后按程序申报。": (
        "Drafted “%(title)s” with %(n)d sections; check each, then propose it as usual."
    ),
    "未办理：%(reason)s": "Not done: %(reason)s",
    "已保存“%(title)s”。": "Saved “%(title)s”.",
    "“%(title)s”暂不宜公开，已报上级党组织备案。": (
        "“%(title)s” is withheld for now (not suitable), filed with the upper organization."
    ),
    "“%(title)s”已恢复公开。": "“%(title)s” is disclosed again.",
    "“%(state)s”状态下没有这一步骤（%(kind)s）": "No such step (%(kind)s) from “%(state)s”",
    "月份": "Month",
    "上月": "Previous month",
    "下月": "Next month",
    "%(year)d年%(month)d月党务公开日：%(day)s": "Disclosure day of %(month)d/%(year)d: %(day)s",
    "%(year)d年%(month)d月没有定期公开日。": "No periodic disclosure day in %(month)d/%(year)d.",
    "纳入": "Include",
    "纳入本期": "Include in this sheet",
    "已逾期": "Overdue",
    "本月没有新到期的事项。": "Nothing new falls due this month.",
    "以前月份逾期未公开：%(n)d项（可勾选纳入本期补充公开）": (
        "Overdue from earlier months: %(n)d (tick them to disclose them on this sheet)"
    ),
    "为选中的事项生成一份公开栏草稿（每项一部分）？": (
        "Draft one bulletin-board sheet for the chosen obligations (a section each)?"
    ),
    "生成本月公开栏草稿": "Draft this month's sheet",
    "每个事项一部分，周期性事项沿用上期内容，请逐项核对修改。": (
        "A section per obligation; recurring items start from the previous period's text: "
        "check and edit each."
    ),
    "本月没有待公开的事项。": "Nothing is due this month.",
    "打印公开栏（A4）": "Print the sheet (A4)",
    "暂不宜公开": "Not suitable for now",
    "理由：%(reason)s": "Reason: %(reason)s",
    "同公开事项": "As the sheet",
    "保存": "Save",
    "暂不宜公开的理由（报上级备案）": (
        "Why it is not suitable for now (filed with the upper organization)"
    ),
    "确定本部分暂不宜公开吗？将报上级党组织备案。": (
        "Withhold this section for now? It is filed with the upper organization."
    ),
    "恢复公开": "Disclose it again",
    "尚未公开：打印的是当前稿（第%(n)d版）。": (
        "Not yet published: this prints the current draft (version %(n)d)."
    ),
    "党务公开栏": "Party affairs bulletin board",
    "党务公开日：%(year)d年%(month)d月%(day)d日": "Disclosure day: %(year)d-%(month)02d-%(day)02d",
    "监督电话": "Supervision telephone",
    "受理单位": "Taken by",
    "审核人": "Reviewed by",
    "审批人（签字）": "Approved by (signature)",
    "公开日期": "Date disclosed",
    "“%(title)s”已再公开。": "“%(title)s” is re-published.",
    "再公开本部分": "Re-publish this section",
    "再公开的理由（必填，向读者说明）": "Why it is re-published (required; readers are told)",
    "确定再公开本部分吗？其他部分不变，此操作将记入审计记录。": (
        "Re-publish this section? The other sections stay as they are; this is recorded in "
        "the audit trail."
    ),
    "再公开": "Re-publish",
    "本版变更理由：%(reason)s": "Changed in this version: %(reason)s",
    # the review's gates: override, unclear classification, risk assessment (004 七(三), 七(四))
    "风险评估": "Risk assessment",
    (
        "密级不明确：依照《中国共产党党务公开条例（试行）》，须报上一级党组织，"
        "由其报保密行政管理部门确定密级；确定前不得审批。"
    ): (
        "Classification unclear: under the Regulations on Party Affairs Disclosure (Trial), it "
        "goes to the organization above, which asks the secrecy administration to decide; it "
        "cannot be approved until then."
    ),
    "审查发现的不得公开内容，审批人已说明理由同意继续办理。": (
        "What the review found may not be disclosed; the approver let it go on, stating why."
    ),
    "审批人说明同意继续办理的理由（必填）": "The approver's reason for letting it go on (required)",
    "确定说明理由后同意继续办理吗？此操作将记入审计记录。": (
        "Let it go on with this reason? This is recorded in the audit trail."
    ),
    "说明理由后同意": "Let it go on, with the reason",
    "只有审批人可以说明理由后同意继续办理。": "Only the approver may let it go on, stating why.",
    "本事项未要求风险评估。": "No risk assessment is asked for this item.",
    "评估人": "Assessor",
    "尚未评估：审批前须完成。": "Not assessed yet: required before approval.",
    "风险等级": "Risk",
    "评估说明": "Note",
    "录入评估": "Record the assessment",
    "评估为高风险，审批须经集体研究决定：": (
        "Assessed as high risk; approval needs a collective decision: "
    ),
    "须进行的风险评估": "Risk assessment needed",
    "社会稳定风险评估": "Social-stability risk assessment",
    "社会稳定和网络舆情风险评估（重大决策）": (
        "Social-stability and online-opinion risk assessment (major decision)"
    ),
    "标记须风险评估": "Flag for risk assessment",
    "已说明理由并同意继续办理；此操作已记入审计记录。": (
        "Let go on with the reason stated; this is recorded in the audit trail."
    ),
    "已标记为须进行风险评估。": "Flagged for risk assessment.",
    "已录入%(kind)s。": "%(kind)s recorded.",
    "待风险评估的事项": "Items awaiting a risk assessment",
    "事项数": "Items",
}

EN.update(PROCEDURES_EN)
EN.update(OUTBOX_EN)
EN.update(REDACTION_EN)
