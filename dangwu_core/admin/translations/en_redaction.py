"""English of the redaction texts (admin/redactions.py and ``_redactions.html``), merged into
:data:`.en.EN`."""

REDACTION_EN = {
    "身份证号码": "Identity card number",
    "手机号码": "Mobile number",
    "固定电话号码": "Landline number",
    "银行卡号": "Bank card number",
    "统一社会信用代码": "Unified social credit code",
    "护照号码": "Passport number",
    "电子邮箱": "E-mail address",
    "密级标志": "Classification marking",
    "内部资料标志": "Internal-document marking",
    "敏感词": "Sensitive word",
    "已接受脱敏": "Redaction accepted",
    "不予脱敏": "Not redacted",
    "附件名“%(name)s”": "File name “%(name)s”",
    "附件“%(name)s”": "Attachment “%(name)s”",
    "正文": "Body",
    "已记录对该项审查结果的处理：%(label)s。": "Decision on the finding recorded: %(label)s.",
    "脱密脱敏处理": "Redaction (de-sensitizing)",
    "建议显示为": "to be shown as",
    "尚未处理：公开时按建议脱敏": "Not decided yet: it is redacted as suggested when published",
    "尚未处理：请审核": "Not decided yet: please review",
    "由审批人处理": "Decided by the approver",
    "接受脱敏": "Accept redaction",
    "不予脱敏的理由": "Reason for not redacting",
}
