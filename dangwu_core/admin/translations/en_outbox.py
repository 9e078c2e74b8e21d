"""English of the admin's outbox pages (投递记录, 联动公开平台), by Chinese message id."""

OUTBOX_EN = {
    "投递记录": "Deliveries",
    "联动公开平台": "Linked platforms",
    "待发送": "Pending",
    "发送中": "Sending",
    "已送达": "Delivered",
    "投递失败": "Dead letter",
    "写入时间": "Written",
    "渠道": "Channel",
    "内容": "What",
    "接收方": "Recipient",
    "事项编号": "Disclosure no.",
    "尝试次数": "Attempts",
    "下次尝试": "Next attempt",
    "最近错误": "Last error",
    "送达时间": "Delivered at",
    "平台类型": "Platform",
    "接收地址": "Address (URL)",
    "签名密钥": "Signing secret",
    "党组织编号": "Organization ids",
    "党内平台": "Internal platform",
    "启用": "Active",
    "重新投递": "Retry",
    "将所选的投递失败记录重新放入待发送队列？": "Put the selected dead letters back in the outbox?",
    "已重新放入待发送队列：%(count)d 条": "Put back in the outbox: %(count)d",
    "接收地址须以 http:// 或 https:// 开头": "The address must start with http:// or https://",
    "未知的公开范围：%(scopes)s（可填：%(known)s）": (
        "Unknown scopes: %(scopes)s (known: %(known)s)"
    ),
}
