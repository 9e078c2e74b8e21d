"""Who is asking: a logged-in person (Flask-Login), an API token, or nobody.

Sessions: the cookie is HttpOnly, SameSite=Lax, Secure when ``secure_cookies`` is set, signed
with ``secret_key`` and lives 8 hours; Flask-Login's "strong" protection drops it when the
browser's address or agent changes; logging in starts a fresh session (no fixation), and a
changed password ends every session (the session names the password hash's tail).

Lockout: after :data:`MAX_FAILURES` wrong passwords in a row an account is locked for
:data:`LOCK_MINUTES` minutes (``Account.failed_logins``/``locked_until``); a right password
does not open a locked account. Both are audit events.

API tokens (``Authorization: Bearer …``) act for the person who issued them, limited to an
organization's subtree and, unless read-write, to reading (:mod:`dangwu_core.tokens`).
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, request, session
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user

from .. import audit
from ..clock import utcnow
from ..db import atomic
from ..models import Account, Person
from ..people import authenticate

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8


class Reader(UserMixin):
    """The logged-in person, as Flask-Login sees them."""

    def __init__(self, account: Account):
        self.account = account
        self.person: Person = account.person

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.password_hash[-16:]}"

    @property
    def name(self) -> str:
        return self.person.name


class Anonymous(AnonymousUserMixin):
    person = None
    name = ""


def _load(user_id: str) -> Reader | None:
    account_id, _, fingerprint = (user_id or "").partition(":")
    if not account_id.isdigit():
        return None
    account = Account.get_or_none(Account.id == int(account_id))
    if account is None or not account.is_active or account.password_hash[-16:] != fingerprint:
        return None
    return Reader(account)


def current_token():
    """The API token of this request, if it came with one."""
    return g.get("api_token")


def current_person() -> Person | None:
    """The person asking (through their session or a token), or None for anonymous."""
    token = current_token()
    if token is not None:
        return token.person
    user = current_user
    return user.person if user and user.is_authenticated else None


class LoginRefused(Exception):
    """A login failed; the message is shown to the person."""


def sign_in(username: str, password: str, *, remember: bool = False) -> Person:
    """Check the password with lockout, then start a fresh session for the person.

    :raises LoginRefused: unknown user, wrong password, inactive or locked account.
    """
    account = Account.get_or_none(Account.username == (username or "").strip())
    now = utcnow()
    if account is not None and account.locked_until is not None and account.locked_until > now:
        raise LoginRefused("locked")
    person = authenticate(username, password)
    if person is None:
        locked = account is not None and _failed(account, now)
        raise LoginRefused("locked" if locked else "wrong")
    Account.update(failed_logins=0, locked_until=None).where(Account.id == account.id).execute()
    session.clear()
    login_user(Reader(Account.get_by_id(account.id)), remember=remember)
    session.permanent = True
    return person


def _failed(account: Account, now: dt.datetime) -> bool:
    """Count a failure; lock the account at the limit. True when it is now locked."""
    failures = account.failed_logins + 1
    locked_until = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
    with atomic():
        Account.update(
            failed_logins=0 if locked_until else failures, locked_until=locked_until
        ).where(Account.id == account.id).execute()
        if locked_until is not None:
            audit.record(
                "account.locked",
                "person",
                account.person_id,
                reason=f"{MAX_FAILURES} failed logins",
                payload={"until": locked_until.isoformat(timespec="seconds")},
            )
    return locked_until is not None


def init_app(app: Flask, unit) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(unit.settings.secure_cookies),
        SESSION_COOKIE_NAME="dangwu_session",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(unit.settings.secure_cookies),
        REMEMBER_COOKIE_DURATION=dt.timedelta(days=7),
    )
    manager = LoginManager(app)
    manager.session_protection = "strong"
    manager.anonymous_user = Anonymous
    manager.login_view = "party.login"
    manager.login_message = None
    manager.user_loader(_load)

    @app.before_request
    def _token():
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            from .. import tokens

            token = tokens.verify(header.removeprefix("Bearer ").strip())
            if token is None:
                from .errors import error_response

                return error_response(401, "the API token is unknown, revoked or expired")
            g.api_token = token
        return None

    @app.context_processor
    def _who():
        return {"reader": current_person()}
