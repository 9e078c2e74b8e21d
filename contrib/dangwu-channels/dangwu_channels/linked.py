"""联动公开: linked publication to subscriber platforms (004 六(三); 000 五(四)).

Platforms that re-publish what the unit lawfully disclosed (政务公开, 村务公开, 居务公开, 厂务公开
platforms) are :class:`~dangwu_core.toolkit.Subscriber` rows, managed in the admin
(:mod:`.subscribers`). Each publishing, re-publishing, widening and withdrawing step makes one
delivery per active subscriber that takes the item: of one of its organizations (or their
subtrees; none listed: every organization), of one of its scopes, and public — an item for
the party or the unit goes only to a subscriber marked internal, a person-only item never.

The request: ``POST`` of the JSON payload documented in ``docs/channels/linked-publication.md``
(JSON Schema ``docs/channels/linked-publication.schema.json``) with the headers

* ``X-Dangwu-Delivery``: the delivery's idempotency key (a resend carries the same one);
* ``X-Dangwu-Timestamp``: Unix seconds when it was signed;
* ``X-Dangwu-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the subscriber's
  secret, of ``<timestamp>.`` followed by the body's bytes.

A 2xx answer is delivered; 4xx other than 408/429 is refused for good (a dead letter); any
other answer or a network failure is retried.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from dangwu_core.toolkit import (
    Change,
    DeliveryDraft,
    PermanentFailure,
    Scope,
    Sender,
    SendResult,
    Subscriber,
    ancestors,
)

from .items import snapshot

SCHEMA = "dangwu.linked-publication/1"
#: The platform kinds the admin offers (a label; the payload is the same for each).
PLATFORMS = {
    "government": "政务公开",
    "village": "村务公开",
    "residents": "居务公开",
    "factory": "厂务公开",
    "other": "其他平台",
}
INTERNAL_SCOPES = frozenset({Scope.PARTY.value, Scope.UNIT.value})
RETRIED_CLIENT_ERRORS = frozenset({408, 425, 429})


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Dangwu-Signature`` value of ``body`` signed at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300
) -> bool:
    """What a receiving platform checks: the signature, and a timestamp within ``tolerance``
    seconds of its clock (an old request replayed is refused)."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def takes(subscriber: Subscriber, scope: str, lineage: set[int]) -> bool:
    """Whether ``subscriber`` receives an item of ``scope`` from the organization whose
    ``lineage`` (itself and its ancestors) is given."""
    if not subscriber.active or scope == Scope.SPECIFIC.value:
        return False
    if scope in INTERNAL_SCOPES and not subscriber.internal:
        return False
    if subscriber.scopes and scope not in subscriber.scopes:
        return False
    wanted = {int(o) for o in subscriber.organizations or []}
    return not wanted or bool(wanted & lineage)


class LinkedSender(Sender):
    code = "linked"
    label = "联动公开"
    honours_idempotency_key = True

    def enabled(self, settings) -> bool:
        return bool(settings.get("channels.linked.enabled"))

    def plan(self, change: Change) -> list[DeliveryDraft]:
        disclosure = change.disclosure
        organization = disclosure.organization
        lineage = {organization.id, *(o.id for o in ancestors(organization))}
        subscribers = [
            s
            for s in Subscriber.select().where(Subscriber.active).order_by(Subscriber.id)
            if takes(s, disclosure.scope, lineage)
        ]
        if not subscribers:
            return []
        payload = {"schema": SCHEMA, **snapshot(change)}
        if change.kind == "withdraw":
            payload["disclosure"] = {
                k: payload["disclosure"][k] for k in ("id", "title", "url", "organization")
            }
        return [
            DeliveryDraft(
                key=f"linked:{change.kind}:event-{change.event.id}:subscriber-{s.id}",
                kind=change.kind,
                recipient=s.url,
                subscriber=s.id,
                organization=disclosure.organization_id,
                subject_id=disclosure.id,
                event_id=change.event.id,
                payload=payload,
            )
            for s in subscribers
        ]

    def send(self, delivery, settings) -> SendResult:
        subscriber = Subscriber.get_or_none(Subscriber.id == delivery.subscriber_id)
        if subscriber is None:
            raise PermanentFailure("the subscriber platform was deleted")
        if not subscriber.url.startswith(("http://", "https://")):
            raise PermanentFailure(f"the subscriber's address {subscriber.url!r} is not http(s)")
        body = json.dumps(
            {**delivery.payload, "delivery": delivery.key},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        request = signed_request(
            subscriber.url,
            subscriber.secret,
            body,
            {"User-Agent": "dangwu-linked-publication", "X-Dangwu-Delivery": delivery.key},
        )
        return post(request, float(settings.get("channels.linked.timeout")))


def signed_request(url: str, secret: str, body: bytes, headers: dict) -> urllib.request.Request:
    """A JSON ``POST`` of ``body`` to ``url`` (http(s), checked by the caller), signed with
    ``secret`` (``X-Dangwu-Timestamp``, ``X-Dangwu-Signature``)."""
    timestamp = str(int(time.time()))
    return urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Dangwu-Timestamp": timestamp,
            "X-Dangwu-Signature": sign(secret, timestamp, body),
            **headers,
        },
    )


def post(request: urllib.request.Request, timeout: float) -> SendResult:
    """Send ``request``; 2xx is a result, a 4xx (not 408/425/429) a PermanentFailure, any
    other failure an exception to retry."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # nosec B310  # the callers build http(s) requests only
            return SendResult(
                response=f"{answer.status} {answer.read(200).decode(errors='replace')}"
            )
    except urllib.error.HTTPError as exc:
        text = exc.read(200).decode(errors="replace")
        if 400 <= exc.code < 500 and exc.code not in RETRIED_CLIENT_ERRORS:
            raise PermanentFailure(
                f"{request.full_url} refused it: HTTP {exc.code} {text}"
            ) from exc
        raise ConnectionError(f"{request.full_url} answered HTTP {exc.code} {text}") from exc
