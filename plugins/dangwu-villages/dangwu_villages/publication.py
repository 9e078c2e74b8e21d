"""What happens when a town's item is published: joint branches and 村务公开 (linked publication).

**A joint branch discloses at each member unit** (000 五(二): 联合建支的基层党组织要在各成员单位
分别公开). Member units are organizations of type ``joint_member_unit`` under the joint branch
(managed like any organization, so the tree and the admin show them). Whenever a joint branch's
item reaches ``published`` — publication, re-publication (再公开) or a widened scope — one audit
event ``villages.joint.disclose_at_member`` is recorded per active member unit, naming it, the
version and the channels: the ledger of where the item was put up, and the list a channel
plugin works through. An item with no member unit records nothing.

**A link to 村务公开** (000 五(四): 将政（村、社区）务公开……与党务公开有机结合; 002 二.3:
把党务公开与政务公开、村务公开……有机衔接). The channel ``village_affairs`` (村务公开栏) carries
public items onto the village-affairs board; publishing an item on it records one
``villages.linked.village_affairs`` event naming the board (the disclosing organization's).
The item stays a 党务公开 item: it is re-published there, never replaced by it.
"""

from __future__ import annotations

from dangwu_core.toolkit import Channel, Organization, Scope, atomic, event_record, record_event

from .organization_types import JOINT_BRANCH, MEMBER_UNIT

PUBLISHED = "published"
VILLAGE_AFFAIRS = "village_affairs"

CHANNELS = [
    Channel(
        VILLAGE_AFFAIRS,
        "村务公开栏（联动公开）",
        frozenset({Scope.PUBLIC}),
        "The village (community) affairs board: public party-affairs items are re-published "
        "there as well (000 五(四), 002 二.3).",
    )
]


def member_units(joint_branch) -> list[Organization]:
    """The active member units (成员单位) of a joint branch, in their order."""
    return list(
        Organization.select()
        .where(
            (Organization.parent == joint_branch)
            & (Organization.type == MEMBER_UNIT)
            & (Organization.is_active == True)  # noqa: E712
        )
        .order_by(Organization.sort_order, Organization.id)
    )


def on_published(disclosure, transition: str, event) -> None:
    """Record where a newly published (or re-published) item is also put up."""
    published = event_record(event)
    if published.to_state != PUBLISHED:
        return
    organization = disclosure.organization
    version = disclosure.current_version
    with atomic():
        if organization.type == JOINT_BRANCH:
            for unit in member_units(organization):
                record_event(
                    "villages.joint.disclose_at_member",
                    "disclosure",
                    disclosure.id,
                    actor=published.actor_id,
                    organization=unit,
                    payload={
                        "member_unit": unit.code,
                        "name": unit.name,
                        "joint_branch": organization.code,
                        "transition": transition,
                        "version": version,
                        "channels": list(disclosure.channels),
                    },
                )
        if VILLAGE_AFFAIRS in (disclosure.channels or []):
            record_event(
                "villages.linked.village_affairs",
                "disclosure",
                disclosure.id,
                actor=published.actor_id,
                organization=organization,
                payload={
                    "platform": "村务公开",
                    "board": organization.name,
                    "transition": transition,
                    "version": version,
                },
            )
