"""People, their login accounts and their roles on organizations."""

from __future__ import annotations

import peewee

from .base import TimestampedModel, check_in
from .choices import Role
from .organization import Organization


class Person(TimestampedModel):
    name = peewee.CharField(max_length=100)
    phone = peewee.CharField(max_length=32, default="")
    email = peewee.CharField(max_length=200, default="")
    is_party_member = peewee.BooleanField(default=True)
    #: Where a person without an account can be told an outcome (a letter's address...).
    contact_note = peewee.CharField(max_length=200, default="")

    def __str__(self) -> str:
        return self.name


class Account(TimestampedModel):
    """A person's login. Passwords are stored as scrypt hashes (see ``dangwu_core.people``)."""

    person = peewee.ForeignKeyField(Person, unique=True, backref="accounts", on_delete="CASCADE")
    username = peewee.CharField(max_length=64, unique=True)
    password_hash = peewee.CharField(max_length=255)
    is_active = peewee.BooleanField(default=True)
    #: A unit administrator: every admin permission on every organization.
    is_superuser = peewee.BooleanField(default=False)
    last_login_at = peewee.DateTimeField(null=True)
    failed_logins = peewee.IntegerField(default=0)
    locked_until = peewee.DateTimeField(null=True)


class RoleAssignment(TimestampedModel):
    """``person`` holds ``role`` on ``organization`` (and on its subtree if ``reaches_down``)."""

    person = peewee.ForeignKeyField(Person, backref="roles", on_delete="CASCADE", index=False)
    organization = peewee.ForeignKeyField(
        Organization, backref="role_assignments", on_delete="CASCADE", index=False
    )
    role = peewee.CharField(max_length=32, constraints=[peewee.Check(check_in("role", Role))])
    reaches_down = peewee.BooleanField(default=False)
    #: The department (承办部门) the person acts for, matched against catalog items.
    department = peewee.CharField(max_length=100, default="")

    class Meta:
        indexes = (
            (("person", "organization", "role"), True),
            (("organization", "role"), False),
        )
