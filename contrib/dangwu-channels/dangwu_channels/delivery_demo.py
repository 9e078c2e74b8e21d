"""The demo unit's deliveries (whatever the sector): a linked-publication platform, two
readers with an address and a number, and for the newest public items an e-mail, an SMS and
a linked publication each, plus a reminder digest — delivered, save one SMS whose number the
provider refused: a dead letter to retry in the admin (投递记录).

The demo tells the outcomes through the worker's own record (``claim_deliveries``,
``record_delivery``): nothing leaves the machine while the demo is built.
"""

from __future__ import annotations

from dangwu_core.toolkit import (
    Change,
    DeliveryDraft,
    Disclosure,
    Event,
    Organization,
    Scope,
    Subscriber,
    assign_role,
    claim_deliveries,
    create_person,
    record_delivery,
    write_deliveries,
)

from .items import snapshot

PLATFORM_URL = "https://zwgk.example.org/dangwu/linked"
REFUSED = "HTTP 400 invalid mobile number (号码无效)"


def build(unit) -> int:
    """Give the demo its deliveries; return how many."""
    top = (
        Organization.select().where(Organization.parent.is_null()).order_by(Organization.id).first()
    )
    if top is None:
        return 0
    platform = Subscriber.create(
        name="区政务公开平台（演示）",
        platform="government",
        url=PLATFORM_URL,
        secret="demo-secret-0123456789abcdef",  # nosec B106  # a demo's fictional platform
        organizations=[],
        scopes=[Scope.PUBLIC.value],
    )
    zhang = create_person("张晓梅", email="zhangxm@example.org", phone="13800138001")
    liu = create_person("刘建国", phone="13800138000")
    for person in (zhang, liu):
        assign_role(person, top, "member")
    items = list(
        Disclosure.select()
        .where((Disclosure.scope == Scope.PUBLIC.value) & Disclosure.published_at.is_null(False))
        .order_by(Disclosure.published_at.desc(), Disclosure.id.desc())
        .limit(3)
    )
    drafts: dict[str, list[DeliveryDraft]] = {"email": [], "sms": [], "linked": []}
    for item in items:
        event = (
            Event.select()
            .where((Event.subject_type == "disclosure") & (Event.subject_id == item.id))
            .order_by(Event.id.desc())
            .first()
        )
        payload = snapshot(
            Change(unit=unit, disclosure=item, kind="publish", transition="", event=event)
        )
        common = {
            "kind": "publish",
            "organization": item.organization_id,
            "subject_id": item.id,
            "event_id": event.id,
        }
        drafts["linked"].append(
            DeliveryDraft(
                key=f"linked:demo:{item.id}",
                recipient=platform.url,
                subscriber=platform.id,
                payload={"schema": "dangwu.linked-publication/1", **payload},
                **common,
            )
        )
        drafts["email"].append(
            DeliveryDraft(
                key=f"email:demo:{item.id}",
                recipient=zhang.email,
                person=zhang.id,
                payload={**payload, "name": zhang.name},
                **common,
            )
        )
        for person in (zhang, liu):
            drafts["sms"].append(
                DeliveryDraft(
                    key=f"sms:demo:{item.id}:{person.id}",
                    recipient=person.phone,
                    person=person.id,
                    payload={**payload, "name": person.name},
                    **common,
                )
            )
    drafts["email"].append(
        DeliveryDraft(
            key=f"digest:{zhang.id}:demo",
            kind="digest",
            recipient=zhang.email,
            person=zhang.id,
            organization=top.id,
            subject_type="reminder_digest",
            subject_id=zhang.id,
            payload={
                "name": zhang.name,
                "day": "",
                "reminders": [],
                "lines": [
                    {
                        "kind": "obligation.due_soon",
                        "message": "本月党务公开日的事项即将到期",
                        "due_on": "",
                    }
                ],
            },
        )
    )
    written = sum(write_deliveries(channel, rows) for channel, rows in drafts.items())
    refused_once = False
    for claimed in claim_deliveries(unit, written + 10, worker="demo"):
        delivery = claimed.delivery
        if delivery.channel == "sms" and delivery.recipient == liu.phone and not refused_once:
            refused_once = True
            record_delivery(unit, claimed, REFUSED, permanent=True)
        else:
            record_delivery(unit, claimed, response="200 OK (演示)")
    return written
