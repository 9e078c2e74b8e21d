"""People, accounts and role assignments.

Passwords are hashed with scrypt (a memory-hard KDF) through werkzeug, which Flask already
brings; no extra dependency. The parameters (:data:`PASSWORD_METHOD`) follow OWASP's password
storage advice for scrypt: N=2**15, r=8, p=3 costs as much as its N=2**17, p=1 while holding
32 MiB per login (werkzeug's default, p=1, is a third of that work). A hash made with other
parameters (an older release's) is remade at the next successful login
(:func:`upgrade_hash`).

Checking a password always runs the KDF once, with the same parameters, whether or not the
account exists (:func:`verify_password` checks unknown users against a dummy hash): the time
a login takes does not tell whether a username is taken.

A new password must pass :func:`check_password_policy`: a minimum length and none of the
obvious ones (the username, an organization's name or code, a very common password, digits
only, one character repeated). The refusal is a :class:`PasswordRefused` whose ``code`` the
surfaces turn into their own words.
"""

from __future__ import annotations

import functools
import secrets
import unicodedata

from werkzeug.security import check_password_hash, generate_password_hash

from . import audit
from .clock import utcnow
from .db import atomic
from .errors import NotFound, ValidationError
from .models import Account, Organization, Person, Role, RoleAssignment

MIN_PASSWORD_LENGTH = 8
#: werkzeug's method string: scrypt with N, r, p (see the module's docstring).
PASSWORD_METHOD = "scrypt:32768:8:3"  # nosec B105  # the name of werkzeug's hash method, not a password

#: The most used passwords (leaked-password lists, Chinese sites' among them) that are at
#: least MIN_PASSWORD_LENGTH long; compared ignoring case.
COMMON_PASSWORDS = frozenset(
    [
        "12345678",
        "123456789",
        "1234567890",
        "0123456789",
        "87654321",
        "11111111",
        "00000000",
        "88888888",
        "66666666",
        "123123123",
        "12341234",
        "11223344",
        "5201314520",
        "1314520520",
        "147258369",
        "159357456",
        "123qweasd",
        "password",
        "password1",
        "password123",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "iloveyou",
        "qwertyui",
        "qwerty123",
        "qwertyuiop",
        "1qaz2wsx",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "zaq12wsx",
        "abcd1234",
        "abc12345",
        "abcdefgh",
        "a1234567",
        "a12345678",
        "aa123456",
        "asdfghjk",
        "asdf1234",
        "admin123",
        "admin888",
        "administrator",
        "letmein1",
        "welcome1",
        "woaini1314",
        "woaini520",
        "iloveyou1",
        "sunshine",
        "football",
        "baseball",
        "superman",
        "princess",
        "trustno1",
        "dragon123",
        "monkey123",
        "changeme",
        "changeme123",
        "default1",
        "dangwu123",
        "12345678a",
        "123456789a",
    ]
)


class PasswordRefused(ValidationError):
    """A new password breaks the policy. ``code`` names the rule: ``characters``,
    ``too_short``, ``username``, ``organization``, ``common``, ``digits_only`` or
    ``one_character``."""

    def __init__(self, code: str, message: str):
        super().__init__(message, "password")
        self.code = code


def check_password_policy(password: str, *, username: str = "") -> None:
    """Refuse a password that is short or obvious (see the module's docstring).

    :raises PasswordRefused: naming the rule it breaks.
    """
    password = password or ""
    folded = password.strip().casefold()
    if not _is_text(password) or any(unicodedata.category(c) == "Cc" for c in password):
        raise PasswordRefused("characters", "a password must not hold control characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRefused(
            "too_short", f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    if username and folded == username.strip().casefold():
        raise PasswordRefused("username", "a password must not be the username")
    if folded in COMMON_PASSWORDS:
        raise PasswordRefused("common", "this password is among the most common ones")
    if folded.isdigit():
        raise PasswordRefused("digits_only", "a password must not be digits only")
    if len(set(folded)) == 1:
        raise PasswordRefused("one_character", "a password must not repeat one character")
    named = Organization.select().where(
        (Organization.name == password.strip())
        | (Organization.short_name == password.strip())
        | (Organization.code == password.strip())
    )
    if named.exists():
        raise PasswordRefused(
            "organization", "a password must not be an organization's name or code"
        )


def hash_password(password: str, *, username: str = "") -> str:
    """The hash to store for a new ``password`` (which must pass the policy).

    :raises PasswordRefused: the password breaks :func:`check_password_policy`.
    """
    check_password_policy(password, username=username)
    return generate_password_hash(password, method=PASSWORD_METHOD)


def _is_text(value: str) -> bool:
    """Whether ``value`` encodes as UTF-8 (no lone surrogate, as a mangled argv may hold)."""
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def _checkable(password: str) -> str:
    """``password`` as the KDF takes it: text with a lone surrogate (which no stored password
    holds) becomes a stand-in of the same cost that matches nothing stored."""
    return (
        password if _is_text(password) else "\x00" + password.encode("utf-8", "surrogatepass").hex()
    )


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, with today's parameters: unknown users are checked
    against it, so they cost what a known user does (made once per process)."""
    return generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)


def verify_password(account: Account | None, password: str) -> bool:
    """Whether ``password`` is ``account``'s. Runs the KDF exactly once, also when there is
    no account (against a dummy hash of the same parameters) or it is inactive."""
    stored = account.password_hash if account is not None else _dummy_hash()
    password = _checkable(password or "")
    try:
        matches = check_password_hash(stored, password)
    except ValueError:  # a hash no method of werkzeug reads: no password matches it
        check_password_hash(_dummy_hash(), password)
        matches = False
    return matches and account is not None and account.is_active


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other parameters than :data:`PASSWORD_METHOD`."""
    return password_hash.partition("$")[0] != PASSWORD_METHOD


def upgrade_hash(account: Account, password: str) -> bool:
    """After a successful login, remake an outdated hash with today's parameters (the
    password itself is not checked against the policy: it is the one the person has).

    The update applies only if the hash is still the one checked (a password changed
    meanwhile wins). Returns True when the hash was remade (an event records it).
    """
    if not needs_rehash(account.password_hash):
        return False
    fresh = generate_password_hash(password, method=PASSWORD_METHOD)
    with atomic():
        changed = (
            Account.update(password_hash=fresh)
            .where((Account.id == account.id) & (Account.password_hash == account.password_hash))
            .execute()
        )
        if changed:
            audit.record(
                "account.rehash",
                "person",
                account.person_id,
                payload={"method": PASSWORD_METHOD.partition(":")[0]},
            )
    return bool(changed)


def create_person(name: str, *, actor=None, **fields) -> Person:
    name = (name or "").strip()
    if not name:
        raise ValidationError("a person needs a name", "name")
    with atomic():
        person = Person.create(name=name, **fields)
        audit.record("person.create", "person", person.id, actor=actor, payload={"name": name})
    return person


PERSON_FIELDS = ("name", "phone", "email", "is_party_member", "contact_note")


def edit_person(person: Person, *, actor=None, **changes) -> Person:
    """Change a person's name or contact details (an event records it).

    :raises ValidationError: an empty name, or a field that is not a person's detail.
    """
    unknown = sorted(set(changes) - set(PERSON_FIELDS))
    if unknown:
        raise ValidationError(f"{', '.join(unknown)} is not a person's detail", unknown[0])
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ValidationError("a person needs a name", "name")
    with atomic():
        Person.update(**changes).where(Person.id == person.id).execute()
        audit.record("person.edit", "person", person.id, actor=actor, payload=changes)
    return Person.get_by_id(person.id)


def create_account(
    person: Person, username: str, password: str, *, superuser: bool = False, actor=None
) -> Account:
    username = (username or "").strip()
    if not username:
        raise ValidationError("an account needs a username", "username")
    password_hash = hash_password(password, username=username)
    with atomic():
        if Account.select().where(Account.username == username).exists():
            raise ValidationError(f"the username {username!r} is taken", "username")
        if Account.select().where(Account.person == person).exists():
            raise ValidationError(f"{person.name} already has an account", "person")
        account = Account.create(
            person=person, username=username, password_hash=password_hash, is_superuser=superuser
        )
        audit.record(
            "account.create",
            "person",
            person.id,
            actor=actor,
            payload={"username": username, "superuser": superuser},
        )
    return account


def set_password(account: Account, password: str, *, actor=None) -> None:
    """Give ``account`` a new password (the policy applies); its sessions end, since a
    session names the hash it was opened with, and a lockout is lifted.

    :raises PasswordRefused: the password breaks :func:`check_password_policy`.
    """
    password_hash = hash_password(password, username=account.username)
    with atomic():
        Account.update(password_hash=password_hash, failed_logins=0, locked_until=None).where(
            Account.id == account.id
        ).execute()
        audit.record("account.password", "person", account.person_id, actor=actor)


def authenticate(username: str, password: str) -> Person | None:
    """The person whose active account matches, or None; the KDF runs once either way.

    (Lockout and rate limits are the web layer's rules: ``web.auth.sign_in``.)
    """
    account = Account.get_or_none(Account.username == (username or "").strip())
    if not verify_password(account, password):
        return None
    Account.update(last_login_at=utcnow()).where(Account.id == account.id).execute()
    return account.person


def assign_role(
    person: Person,
    organization: Organization,
    role: Role | str,
    *,
    reaches_down: bool = False,
    department: str = "",
    actor=None,
) -> RoleAssignment:
    """Give ``person`` ``role`` on ``organization`` (and its subtree when ``reaches_down``)."""
    if str(role) not in Role.values():
        raise ValidationError(
            f"unknown role {role!r}; roles are {', '.join(Role.values())}", "role"
        )
    with atomic():
        existing = RoleAssignment.get_or_none(
            (RoleAssignment.person == person)
            & (RoleAssignment.organization == organization)
            & (RoleAssignment.role == str(role))
        )
        if existing is not None:
            raise ValidationError(
                f"{person.name} already holds the role {role!s} on {organization.code!r}", "role"
            )
        assignment = RoleAssignment.create(
            person=person,
            organization=organization,
            role=str(role),
            reaches_down=reaches_down,
            department=department,
        )
        audit.record(
            "role.assign",
            "person",
            person.id,
            actor=actor,
            organization=organization,
            payload={"role": str(role), "reaches_down": reaches_down, "department": department},
        )
    return assignment


def revoke_role(assignment: RoleAssignment, *, actor=None) -> None:
    """Take a role away (the assignment row goes; an event keeps what it was)."""
    with atomic():
        RoleAssignment.delete().where(RoleAssignment.id == assignment.id).execute()
        audit.record(
            "role.revoke",
            "person",
            assignment.person_id,
            actor=actor,
            organization=assignment.organization_id,
            payload={"role": assignment.role, "reaches_down": assignment.reaches_down},
        )


def get_by_username(username: str) -> Person:
    account = Account.get_or_none(Account.username == username)
    if account is None:
        raise NotFound(f"no account has the username {username!r}")
    return account.person
