"""The channels' settings: each delivering channel is opt-in per unit (``enabled``)."""

from dangwu_core.toolkit import Setting


def _security(value: str) -> str | None:
    return None if value in ("starttls", "ssl", "none") else "must be starttls, ssl or none"


def _http_url(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return "must be an http:// or https:// address"
    return None


def _positive(value) -> str | None:
    return None if value > 0 else "must be positive"


SETTINGS = [
    Setting(
        "channels.public_url",
        "",
        "The portal's public address (https://dangwu.example.org): the links in e-mails, "
        "SMS and linked publications, the QR codes of printed 公开栏 sheets and the e-screens "
        "point under it (blank: sheets and screens use the address they were opened at).",
        check=_http_url,
    ),
    # 电子邮件
    Setting("channels.email.enabled", False, "Send e-mails (电子邮件).", bool),
    Setting("channels.email.host", "127.0.0.1", "The SMTP server."),
    Setting("channels.email.port", 587, "The SMTP server's port.", int),
    Setting(
        "channels.email.security",
        "starttls",
        "How the connection is secured: starttls, ssl (SMTPS) or none (a local relay only).",
        check=_security,
    ),
    Setting("channels.email.username", "", "The SMTP login (empty: no login)."),
    Setting("channels.email.password", "", "The SMTP password."),
    Setting("channels.email.sender", "", "The From address, e.g. 党务公开 <dwgk@example.org>."),
    Setting("channels.email.timeout", 20.0, "Seconds before the SMTP server is given up.", float),
    # 手机短信
    Setting("channels.sms.enabled", False, "Send SMS (手机短信) through the provider.", bool),
    Setting("channels.sms.provider", "http", "The SMS provider (http: the generic one)."),
    Setting(
        "channels.sms.url", "", "The provider's address that accepts messages.", check=_http_url
    ),
    Setting("channels.sms.account", "", "The unit's account at the provider."),
    Setting("channels.sms.secret", "", "The key the requests to the provider are signed with."),
    Setting("channels.sms.template_id", "", "The provider's approved template (模板) id."),
    Setting("channels.sms.signature", "", "The SMS signature (短信签名), e.g. 【某某镇党委】."),
    Setting(
        "channels.sms.max_chars",
        140,
        "The longest message, in characters (70 a segment; two segments by default); a longer "
        "one is shortened, keeping its link.",
        int,
        check=_positive,
    ),
    Setting("channels.sms.timeout", 10.0, "Seconds before the provider is given up.", float),
    # 联动公开
    Setting(
        "channels.linked.enabled",
        False,
        "Send linked publications (联动公开) to the subscriber platforms managed in the admin.",
        bool,
    ),
    Setting("channels.linked.timeout", 10.0, "Seconds before a subscriber is given up.", float),
]


def public_url(settings, path: str) -> str:
    """The address of ``path`` on the portal (the path alone when no public_url is set)."""
    base = (settings.get("channels.public_url") or "").rstrip("/")
    return f"{base}{path}"
