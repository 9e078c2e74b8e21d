"""What the delivering channels say: Chinese, with an English variant (the unit's language).

Texts cite regulations by name only; the link is the item's page on the portal.
"""

from __future__ import annotations

import html
import re

ACTIONS = {
    "zh": {
        "publish": "公开",
        "republish": "再公开",
        "widen": "扩大公开范围",
        "withdraw": "撤销公开",
    },
    "en": {
        "publish": "published",
        "republish": "re-published",
        "widen": "disclosed more widely",
        "withdraw": "withdrawn",
    },
}

SUBJECT = {
    "zh": "【党务公开】{organization}：{title}（{action}）",
    "en": "[Party-affairs disclosure] {organization}: {title} ({action})",
}

BODY = {
    "zh": (
        "{name}同志：\n\n{organization}{action}了以下党务公开事项：\n\n"
        "《{title}》\n\n{excerpt}\n\n查看全文：{link}\n{reason}"
        "\n本邮件由党务公开系统自动发送，请勿直接回复。如有意见，请通过公开页面反馈。\n"
    ),
    "en": (
        "Dear {name},\n\n{organization} has {action} the following item:\n\n"
        "“{title}”\n\n{excerpt}\n\nRead it in full: {link}\n{reason}"
        "\nThis message was sent by the disclosure system; please do not reply to it. "
        "Give your opinion on the item's page.\n"
    ),
}

REASON = {"zh": "说明：{reason}\n", "en": "Reason: {reason}\n"}

DIGEST_SUBJECT = {
    "zh": "【党务公开】{day}待办提醒（{count}项）",
    "en": "[Party-affairs disclosure] Reminders of {day} ({count})",
}
DIGEST_BODY = {
    "zh": "{name}同志：\n\n您今天有以下党务公开待办事项：\n\n{lines}\n\n"
    "请登录党务公开管理后台办理：{link}\n",
    "en": "Dear {name},\n\nThese disclosure tasks wait for you today:\n\n{lines}\n\n"
    "Handle them in the admin: {link}\n",
}

SMS = {
    "zh": "{signature}{organization}{action}《{title}》，详见{link}",
    "en": "{signature}{organization} has {action} “{title}”: {link}",
}
SMS_DIGEST = {
    "zh": "{signature}{name}同志，您今天有{count}项党务公开待办事项，请登录后台办理：{link}",
    "en": "{signature}{name}, {count} disclosure tasks wait for you today: {link}",
}


def language(settings) -> str:
    return "en" if str(settings.get("language", "zh_CN")).startswith("en") else "zh"


def excerpt(text: str, limit: int = 200) -> str:
    """The start of a body as plain text (its sanitised HTML's tags dropped)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
