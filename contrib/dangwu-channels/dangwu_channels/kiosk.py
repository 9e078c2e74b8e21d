"""电子显示屏、触摸屏: an organization's e-screens and what they show (002's 滚动显示).

A :class:`~dangwu_core.toolkit.Screen` belongs to one organization and reads with its own
secret token, issued once (only its SHA-256 is kept, as core's API tokens). A screen logs in
as nobody: it shows exactly what an anonymous reader of the portal may read
(``unit.listed_disclosures(None)``, the access rule), of its organization and the
organizations below it, newest first. Issuing and revoking a screen are audit events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from dangwu_core.toolkit import (
    Disclosure,
    Organization,
    PermissionDenied,
    Screen,
    ValidationError,
    allowed,
    atomic,
    get_clock,
    organization_condition,
    record_event,
    subtree,
)

#: The action that lets a person set up and revoke an organization's screens.
MANAGE = "channels.screen_manage"
PREFIX = "dws_"
#: How many items a screen rotates through.
SHOWN = 30
#: last_seen_at is written at most this often (a screen polls every few seconds).
TOUCH_EVERY = dt.timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _utcnow() -> dt.datetime:
    return get_clock().now().astimezone(dt.UTC).replace(tzinfo=None)


def issue(
    unit, organization: Organization, name: str, person, *, secret: str | None = None
) -> tuple[Screen, str]:
    """Set up a screen for ``organization``; return it and its secret token (shown once).

    ``secret`` is for the demo only (a known address); a real screen's is random.

    :raises PermissionDenied: ``person`` may not take :data:`MANAGE` there.
    :raises ValidationError: no name.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError("a screen needs a name (where it stands)", "name")
    if not allowed(person, MANAGE, organization, permissions=unit.registry.permissions):
        raise PermissionDenied(f"you may not set up screens for {organization.name}")
    secret = secret or PREFIX + secrets.token_urlsafe(32)
    with atomic():
        screen = Screen.create(
            name=name[:100],
            organization=organization,
            token_hash=_digest(secret),
            created_by=person,
        )
        record_event(
            "screen.issue",
            "screen",
            screen.id,
            actor=person,
            organization=organization,
            payload={"name": screen.name},
        )
    return screen, secret


def verify(secret: str) -> Screen | None:
    """The live screen ``secret`` belongs to, or None (unknown or revoked)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    screen = Screen.get_or_none(Screen.token_hash == _digest(secret))
    if screen is None or screen.revoked_at is not None:
        return None
    now = _utcnow()
    if screen.last_seen_at is None or now - screen.last_seen_at > TOUCH_EVERY:
        Screen.update(last_seen_at=now).where(Screen.id == screen.id).execute()
    return screen


def revoke(unit, screen: Screen, person) -> None:
    """Revoke ``screen``: its token reads nothing from now on.

    :raises PermissionDenied: ``person`` may not take :data:`MANAGE` on its organization.
    """
    if not allowed(person, MANAGE, screen.organization_id, permissions=unit.registry.permissions):
        raise PermissionDenied("you may not revoke this organization's screens")
    with atomic():
        Screen.update(revoked_at=_utcnow()).where(Screen.id == screen.id).execute()
        record_event(
            "screen.revoke", "screen", screen.id, actor=person, organization=screen.organization_id
        )


def screens(unit, person) -> list[Screen]:
    """The screens of the organizations where ``person`` may take :data:`MANAGE`."""
    return list(
        Screen.select(Screen, Organization)
        .join(Organization)
        .where(
            organization_condition(
                person, MANAGE, Screen.organization, permissions=unit.registry.permissions
            )
        )
        .order_by(Screen.id.desc())
    )


def shown(unit, screen: Screen) -> list[Disclosure]:
    """What ``screen`` rotates through: the current public items of its organization's
    subtree as an anonymous reader finds them (the access rule), newest first."""
    organization = Organization.get_by_id(screen.organization_id)
    ids = [o.id for o in subtree(organization)]
    return list(
        unit.listed_disclosures(None)
        .where(Disclosure.organization.in_(ids))
        .order_by(Disclosure.published_at.desc(), Disclosure.id.desc())
        .limit(SHOWN)
    )
