"""What every delivering channel says about a disclosure: a snapshot taken in the step's
transaction (the delivery carries what was published, whatever changes later)."""

from __future__ import annotations

from dangwu_core.toolkit import (
    Change,
    DeliveryDraft,
    DisclosureAddressee,
    Person,
    RoleAssignment,
    Scope,
    current_version,
)

from .settings import public_url


def item_path(disclosure_id: int) -> str:
    return f"/disclosures/{disclosure_id}"


def snapshot(change: Change) -> dict:
    """The disclosure as the step left it: title, body, scope, organization, link."""
    disclosure = change.disclosure
    version = current_version(disclosure)
    organization = disclosure.organization
    return {
        "action": change.kind,
        "event": change.event.id,
        "reason": change.event.reason or "",
        "disclosure": {
            "id": disclosure.id,
            "title": version.title,
            "body": version.body,
            "version": disclosure.current_version,
            "scope": disclosure.scope,
            "published_at": disclosure.published_at.isoformat() + "Z"
            if disclosure.published_at
            else None,
            "url": public_url(change.settings, item_path(disclosure.id)),
            "organization": {
                "id": organization.id,
                "code": organization.code,
                "name": organization.name,
            },
        },
    }


def addressed_people(change: Change) -> list[Person]:
    """The people a ``specific`` item is addressed to (named, or holding a role on an
    addressed organization)."""
    rows = list(
        DisclosureAddressee.select().where(DisclosureAddressee.disclosure == change.disclosure.id)
    )
    ids = {r.person_id for r in rows if r.person_id}
    orgs = [r.organization_id for r in rows if r.organization_id]
    if orgs:
        ids |= {
            p
            for (p,) in RoleAssignment.select(RoleAssignment.person)
            .where(RoleAssignment.organization.in_(orgs))
            .tuples()
        }
    if not ids:
        return []
    return list(Person.select().where(Person.id.in_(sorted(ids))).order_by(Person.id))


def readers(change: Change) -> list[Person]:
    """Who a channel that reaches people tells about the item: the addressees of a
    ``specific`` item, otherwise the people holding a role on the disclosing organization."""
    if change.disclosure.scope == Scope.SPECIFIC.value:
        return addressed_people(change)
    ids = RoleAssignment.select(RoleAssignment.person).where(
        RoleAssignment.organization == change.disclosure.organization_id
    )
    return list(Person.select().where(Person.id.in_(ids)).order_by(Person.id))


def person_drafts(change: Change, sender, payload: dict) -> list[DeliveryDraft]:
    """One delivery of ``change`` on ``sender`` per reader it reaches (its ``address_of``)."""
    drafts = []
    for person in readers(change):
        address = sender.address_of(person, change.settings)
        if address:
            drafts.append(
                DeliveryDraft(
                    key=f"{sender.code}:{change.kind}:event-{change.event.id}:person-{person.id}",
                    kind=change.kind,
                    recipient=address,
                    person=person.id,
                    organization=change.disclosure.organization_id,
                    subject_id=change.disclosure.id,
                    event_id=change.event.id,
                    payload={**payload, "name": person.name},
                )
            )
    return drafts
