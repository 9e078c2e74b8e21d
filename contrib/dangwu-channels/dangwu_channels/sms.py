"""手机短信: SMS through a provider (003 §7 lists 手机 among the public channels; members are
told of intra-party items the same way).

Planned for an item listing the ``sms`` channel: one message per addressee of a ``specific``
item, otherwise per person holding a role on the disclosing organization, who has a mobile
number; reminder digests reach people with a number. Messages are cut to
``channels.sms.max_chars`` characters, keeping the link whole.

A provider is an object with ``send(to, text, template_id, params, key) -> str`` (the
provider's message id), raising :class:`~dangwu_core.toolkit.PermanentFailure` for a refusal
and anything else for a failure worth retrying. :class:`HttpProvider`, the generic one, posts
JSON to ``channels.sms.url`` signed like a linked publication (``X-Dangwu-Timestamp``,
``X-Dangwu-Signature``: HMAC-SHA256 with ``channels.sms.secret`` over ``<timestamp>.`` and the
body) and passes the delivery's key as ``out_id``, which providers use to drop duplicates.
"""

from __future__ import annotations

import json

from dangwu_core.toolkit import Change, DeliveryDraft, PermanentFailure, Sender, SendResult

from . import messages as m
from .items import person_drafts, snapshot
from .linked import post, signed_request
from .settings import public_url


def shorten(text: str, link: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters; the ``link`` at its end stays whole."""
    if len(text) <= limit:
        return text
    head = text[: len(text) - len(link)] if link and text.endswith(link) else text
    room = limit - len(link) - 1 if link and text.endswith(link) else limit - 1
    if room < 1:
        return text[:limit]
    return head[:room] + "…" + (link if link and text.endswith(link) else "")


def compose(payload: dict, settings) -> tuple[str, dict]:
    """The message text and the template's parameters of a delivery."""
    lang = m.language(settings)
    signature = settings.get("channels.sms.signature") or ""
    if payload.get("lines") is not None:
        params = {
            "signature": signature,
            "name": payload.get("name", ""),
            "count": len(payload["lines"]),
            "link": public_url(settings, "/admin"),
        }
        text = m.SMS_DIGEST[lang].format(**params)
    else:
        item = payload["disclosure"]
        params = {
            "signature": signature,
            "organization": item["organization"]["name"],
            "action": m.ACTIONS[lang].get(payload["action"], payload["action"]),
            "title": item["title"],
            "link": item["url"],
        }
        text = m.SMS[lang].format(**params)
    return shorten(text, params["link"], int(settings.get("channels.sms.max_chars"))), params


class HttpProvider:
    """The generic HTTP provider (URL, account, signed request, template id)."""

    def __init__(self, settings):
        self.url = settings.get("channels.sms.url")
        self.account = settings.get("channels.sms.account")
        self.secret = settings.get("channels.sms.secret")
        self.timeout = float(settings.get("channels.sms.timeout"))

    def send(self, to: str, text: str, template_id: str, params: dict, key: str) -> str:
        if not self.url.startswith(("http://", "https://")):
            raise PermanentFailure("channels.sms.url is not set to an http(s) address")
        body = json.dumps(
            {
                "account": self.account,
                "to": to,
                "text": text,
                "template_id": template_id,
                "params": params,
                "out_id": key,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        request = signed_request(self.url, self.secret, body, {})
        return post(request, self.timeout).response


#: The providers a unit may name in ``channels.sms.provider``.
PROVIDERS = {"http": HttpProvider}


class SmsSender(Sender):
    code = "sms"
    label = "手机短信"

    def __init__(self, providers: dict | None = None):
        self.providers = providers if providers is not None else PROVIDERS

    #: The generic provider passes the key as ``out_id``, which providers drop duplicates by.
    honours_idempotency_key = True

    def enabled(self, settings) -> bool:
        return bool(settings.get("channels.sms.enabled"))

    def address_of(self, person, settings) -> str:
        return (person.phone or "").strip()

    def plan(self, change: Change) -> list[DeliveryDraft]:
        disclosure = change.disclosure
        if "sms" not in (disclosure.channels or []):
            return []
        payload = snapshot(change)
        payload["disclosure"].pop("body", None)  # a message carries the title and the link
        return person_drafts(change, self, payload)

    def send(self, delivery, settings) -> SendResult:
        name = settings.get("channels.sms.provider")
        if name not in self.providers:
            raise PermanentFailure(
                f"unknown SMS provider {name!r}; providers: {', '.join(sorted(self.providers))}"
            )
        provider = self.providers[name](settings)
        text, params = compose(delivery.payload, settings)
        message_id = provider.send(
            delivery.recipient, text, settings.get("channels.sms.template_id"), params, delivery.key
        )
        return SendResult(response=str(message_id))
