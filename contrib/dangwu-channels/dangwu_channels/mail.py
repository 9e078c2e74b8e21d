"""电子邮件: e-mails through the unit's SMTP server (003 §7: a person-only item by e-mail).

Planned for a ``specific`` item listing the ``email`` channel, one e-mail per addressee with
an address; reminder digests reach people with an address. Sent with :mod:`smtplib`
(STARTTLS or SMTPS, with a login when one is set). The delivery's key is the message's
``Message-ID``; SMTP servers do not drop a second message with one, so the sender does not
claim to honour the key.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from dangwu_core.toolkit import Change, DeliveryDraft, PermanentFailure, Scope, Sender, SendResult

from . import messages as m
from .items import person_drafts, snapshot
from .settings import public_url


def render(payload: dict, recipient_name: str, lang: str) -> tuple[str, str]:
    """The (subject, body) of a delivery's e-mail in ``lang`` (zh or en)."""
    if payload.get("lines") is not None:
        lines = "\n".join(
            f"{i}. {line['message']}" + (f"（{line['due_on']}）" if line.get("due_on") else "")
            for i, line in enumerate(payload["lines"], 1)
        )
        values = {
            "name": recipient_name,
            "day": payload.get("day", ""),
            "count": len(payload["lines"]),
            "lines": lines,
            "link": payload.get("link", ""),
        }
        return m.DIGEST_SUBJECT[lang].format(**values), m.DIGEST_BODY[lang].format(**values)
    item = payload["disclosure"]
    reason = payload.get("reason") or ""
    values = {
        "name": recipient_name,
        "organization": item["organization"]["name"],
        "title": item["title"],
        "action": m.ACTIONS[lang].get(payload["action"], payload["action"]),
        "excerpt": "" if payload["action"] == "withdraw" else m.excerpt(item["body"]),
        "link": item["url"],
        "reason": m.REASON[lang].format(reason=reason) if reason else "",
    }
    return m.SUBJECT[lang].format(**values), m.BODY[lang].format(**values)


class EmailSender(Sender):
    code = "email"
    label = "电子邮件"
    honours_idempotency_key = False

    def enabled(self, settings) -> bool:
        return bool(settings.get("channels.email.enabled"))

    def address_of(self, person, settings) -> str:
        return (person.email or "").strip()

    def plan(self, change: Change) -> list[DeliveryDraft]:
        disclosure = change.disclosure
        if disclosure.scope != Scope.SPECIFIC.value or "email" not in (disclosure.channels or []):
            return []
        return person_drafts(change, self, snapshot(change))

    def send(self, delivery, settings) -> SendResult:
        payload = dict(delivery.payload)
        payload.setdefault("link", public_url(settings, "/admin"))
        subject, body = render(payload, payload.get("name", ""), m.language(settings))
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = settings.get("channels.email.sender") or "dangwu@localhost"
        message["To"] = delivery.recipient
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(idstring=delivery.key.replace(":", "."))
        message["X-Dangwu-Delivery"] = delivery.key
        message.set_content(body)
        try:
            with _connect(settings) as smtp:
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"the SMTP server refused {delivery.recipient}: {exc}") from exc
        if refused:
            raise PermanentFailure(f"the SMTP server refused {delivery.recipient}: {refused}")
        return SendResult(response=str(message["Message-ID"]))


def _connect(settings) -> smtplib.SMTP:
    host = settings.get("channels.email.host")
    port = int(settings.get("channels.email.port"))
    timeout = float(settings.get("channels.email.timeout"))
    security = settings.get("channels.email.security")
    context = ssl.create_default_context()
    if security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if security == "starttls":
            smtp.starttls(context=context)
        username = settings.get("channels.email.username")
        if username:
            smtp.login(username, settings.get("channels.email.password"))
    except BaseException:
        smtp.close()
        raise
    return smtp
