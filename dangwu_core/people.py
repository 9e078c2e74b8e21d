"""People, accounts and role assignments.

Passwords are hashed with scrypt (a memory-hard KDF) through werkzeug, which Flask already
brings; no extra dependency.
"""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from . import audit
from .clock import utcnow
from .db import atomic
from .errors import NotFound, ValidationError
from .models import Account, Organization, Person, Role, RoleAssignment

MIN_PASSWORD_LENGTH = 8
PASSWORD_METHOD = "scrypt"  # nosec B105  # the name of werkzeug's hash method, not a password


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", "password"
        )
    return generate_password_hash(password, method=PASSWORD_METHOD)


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
    password_hash = hash_password(password)
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
    password_hash = hash_password(password)
    with atomic():
        Account.update(password_hash=password_hash, failed_logins=0, locked_until=None).where(
            Account.id == account.id
        ).execute()
        audit.record("account.password", "person", account.person_id, actor=actor)


def authenticate(username: str, password: str) -> Person | None:
    """The person whose active account matches, or None. (Lockout is the web layer's rule.)"""
    account = Account.get_or_none(Account.username == (username or "").strip())
    if account is None or not account.is_active:
        return None
    if not check_password_hash(account.password_hash, password or ""):
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
