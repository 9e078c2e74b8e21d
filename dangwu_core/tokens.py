"""API tokens for e-screens and integrations (the JSON API's ``Authorization: Bearer``).

A token acts for the officer who issued it, narrowed to one organization's subtree
(:func:`dangwu_core.access.token_condition`) and to reading unless issued read-write. The
secret is shown once; only its SHA-256 is stored (a 256-bit random secret needs no slow hash).

Every write through the API asks :func:`write_refusal` first (firing a transition, giving
feedback, applying for disclosure): a read-only token writes nothing, a read-write one only
inside its subtree. A token is a screen or a system, not a person applying: what it submits
is never in its issuer's name (see :mod:`dangwu_core.web.api.submissions`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from . import access, audit
from .clock import utcnow
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import ApiToken, Organization, Person

PREFIX = "dwt_"
#: last_used_at is written at most this often (an e-screen polls every few seconds).
TOUCH_EVERY = dt.timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(
    person: Person,
    organization: Organization,
    name: str,
    *,
    can_write: bool = False,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token; return it and its secret (shown once, never stored).

    :raises PermissionDenied: ``person`` may not issue tokens for ``organization``.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError("a token needs a name (the screen or system that uses it)", "name")
    if not access.allowed(person, "token.issue", organization):
        raise PermissionDenied(f"{person.name} may not issue API tokens for {organization.name}")
    secret = PREFIX + secrets.token_urlsafe(32)
    with atomic():
        token = ApiToken.create(
            name=name[:100],
            organization=organization,
            person=person,
            token_hash=_digest(secret),
            can_write=can_write,
            expires_at=expires_at,
        )
        audit.record(
            "token.issue",
            "api_token",
            token.id,
            actor=person,
            organization=organization,
            payload={"name": token.name, "can_write": can_write},
        )
    return token, secret


def verify(secret: str) -> ApiToken | None:
    """The live token ``secret`` belongs to, or None (unknown, revoked or expired)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.get_or_none(ApiToken.token_hash == _digest(secret))
    now = utcnow()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.update(last_used_at=now).where(ApiToken.id == token.id).execute()
    return token


def write_refusal(token: ApiToken, organization: Organization | int) -> str | None:
    """Why ``token`` may not write to ``organization`` (read-only, or outside its subtree), or
    None when it may (:func:`dangwu_core.access.token_allows`, the one decision)."""
    if not token.can_write:
        return f"the API token “{token.name}” is read-only: it may not change anything"
    if not access.token_allows(token, organization, write=True):
        return f"the API token “{token.name}” does not reach this organization (its subtree only)"
    return None


def revoke(token: ApiToken, actor: Person) -> None:
    if not access.allowed(actor, "token.issue", token.organization_id):
        raise PermissionDenied(f"{actor.name} may not revoke this organization's API tokens")
    with atomic():
        ApiToken.update(revoked_at=utcnow()).where(ApiToken.id == token.id).execute()
        audit.record(
            "token.revoke", "api_token", token.id, actor=actor, organization=token.organization_id
        )
