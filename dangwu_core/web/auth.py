"""Who is asking: a logged-in person (Flask-Login), an API token, or nobody.

Sessions: the cookie is HttpOnly, SameSite=Lax, Secure when ``secure_cookies`` is set, signed
with ``secret_key`` and lives 8 hours; Flask-Login's "strong" protection drops it when the
browser's address or agent changes; logging in starts a fresh session (no fixation), and a
changed password ends every session (the session names the password hash's tail).

Logging in (:func:`sign_in`) decides in this order:

1. rate limits, counted in the database (:mod:`.ratelimit`): per client address (``login``)
   and per username (``login_account``), the same for known and unknown names;
2. the password, checked with the KDF exactly once whether the username exists or not
   (:func:`dangwu_core.people.verify_password`): the time taken tells nothing;
3. the lockout, decided by one UPDATE in the database: after :data:`MAX_FAILURES` wrong
   passwords in a row an account is locked for :data:`LOCK_MINUTES` minutes
   (``Account.failed_logins``/``locked_until``). The count is ``failed_logins + 1`` in SQL and
   the lock its condition, in the same statement, which only touches an account not locked:
   concurrent wrong passwords cannot lose a count, and a right password does not open a
   locked account, even one locked a moment before. Locking is an audit event.

After a successful login an outdated password hash is remade with today's parameters.

Where a login or logout sends the browser next is decided by :func:`safe_next` alone.

API tokens (``Authorization: Bearer …``) act for the person who issued them, limited to an
organization's subtree and, unless read-write, to reading (:mod:`dangwu_core.tokens`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Flask, g, request, session
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user
from peewee import Case

from .. import audit, people
from ..clock import utcnow
from ..db import atomic
from ..models import Account, Person
from . import ratelimit

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8
USERNAME_LENGTH = 64


class LoginUser(UserMixin):
    """The logged-in person, as Flask-Login sees them (its "user"; the read rule's view of a
    person is :class:`dangwu_core.readers.Reader`)."""

    def __init__(self, account: Account):
        self.account = account

    @property
    def person(self) -> Person:
        """The account's person, loaded when first asked (a cached page's 304 never asks)."""
        return self.account.person

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.password_hash[-16:]}"

    @property
    def name(self) -> str:
        return self.person.name


class Anonymous(AnonymousUserMixin):
    person = None
    name = ""


def _load(user_id: str) -> LoginUser | None:
    account_id, _, fingerprint = (user_id or "").partition(":")
    if not account_id.isdigit():
        return None
    account = Account.get_or_none(Account.id == int(account_id))
    if account is None or not account.is_active or account.password_hash[-16:] != fingerprint:
        return None
    return LoginUser(account)


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


def current_person_id() -> int | None:
    """The id of the person asking, without loading their record (None for anonymous)."""
    token = current_token()
    if token is not None:
        return token.person_id
    user = current_user
    return user.account.person_id if user and user.is_authenticated else None


class LoginRefused(Exception):
    """A login failed: ``str(refused)`` is ``wrong``, ``locked`` or ``limited`` (then
    ``retry_after`` holds the seconds to wait)."""

    def __init__(self, reason: str, retry_after: int = 0):
        super().__init__(reason)
        self.retry_after = retry_after


def _not_locked(now: dt.datetime):
    return Account.locked_until.is_null() | (Account.locked_until <= now)


def sign_in(username: str, password: str, *, remember: bool = False) -> Person:
    """Check the limits, the password and the lockout (see the module's docstring), then
    start a fresh session for the person.

    :raises LoginRefused: rate limited, unknown user, wrong password, inactive or locked.
    """
    username = (username or "").strip()
    wait = ratelimit.retry_after("login") or ratelimit.retry_after("login_account", username)
    if wait:
        raise LoginRefused("limited", retry_after=wait)
    # A name no account can have (a NUL, which PostgreSQL refuses in text...) is unknown.
    known = username.isprintable() and len(username) <= USERNAME_LENGTH
    account = Account.get_or_none(Account.username == username) if known else None
    verified = people.verify_password(account, password)
    if account is None or not account.is_active:
        raise LoginRefused("wrong")
    now = utcnow()
    this = Account.id == account.id
    if not verified:
        raise LoginRefused("locked" if _failed(account, now) else "wrong")
    opened = (
        Account.update(failed_logins=0, locked_until=None, last_login_at=now)
        .where(this & _not_locked(now))
        .execute()
    )
    if not opened:
        raise LoginRefused("locked")
    people.upgrade_hash(account, password)
    session.clear()
    login_user(LoginUser(Account.get_by_id(account.id)), remember=remember)
    session.permanent = True
    return account.person


def _failed(account: Account, now: dt.datetime) -> bool:
    """Count a failure and lock the account at the limit, in one UPDATE that touches an
    account only while it is not locked. True when the account is (now) locked."""
    until = now + dt.timedelta(minutes=LOCK_MINUTES)
    reaches = Account.failed_logins + 1 >= MAX_FAILURES
    with atomic():
        counted = (
            Account.update(
                failed_logins=Case(None, [(reaches, 0)], Account.failed_logins + 1),
                locked_until=Case(None, [(reaches, until)], None),
            )
            .where((Account.id == account.id) & _not_locked(now))
            .execute()
        )
        if not counted:
            return True  # locked already (by another request, a moment ago perhaps)
        # Our UPDATE holds the row (and SQLite's write lock) until commit: this reads it.
        locked = (
            Account.select(Account.locked_until).where(Account.id == account.id).scalar()
            is not None
        )
        if locked:
            audit.record(
                "account.locked",
                "person",
                account.person_id,
                reason=f"{MAX_FAILURES} failed logins",
                payload={"until": until.isoformat(timespec="seconds")},
            )
    return locked


#: Characters a browser drops from or reads into a URL (tab, newline...), spaces and the
#: like: a ``next`` holding one is refused rather than guessed at.
_REFUSED_CATEGORIES = ("C", "Z")


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path of this site, else ``fallback``: the one rule for where a
    login, a logout or any redirect named by the request may send the browser.

    A path of this site starts with one ``/``, holds no backslash, no control, format or
    space character (browsers drop tabs and newlines, Werkzeug strips them: ``/\t/x`` would
    become ``//x``), has neither scheme nor host, and still none of these once
    percent-decoded (for a proxy or a browser that decodes once more).
    """
    if not isinstance(target, str) or not target:
        return fallback
    for candidate in (target, unquote(target)):
        if not candidate.startswith("/") or candidate.startswith("//"):
            return fallback
        if "\\" in candidate:
            return fallback
        if any(unicodedata.category(c)[0] in _REFUSED_CATEGORIES for c in candidate):
            return fallback
        try:
            parts = urlsplit(candidate)
        except ValueError:
            return fallback
        if parts.scheme or parts.netloc:
            return fallback
    return target


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
