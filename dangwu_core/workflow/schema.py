"""The shape of a resolved workflow definition: its marshmallow schema.

:func:`~dangwu_core.workflow.definition.load_definition` loads data with
:class:`DefinitionSchema` after any ``extends`` has been resolved
(:mod:`~dangwu_core.workflow.extension`), then checks the meaning. Shape errors are flattened
into ``"<where>: <message>"`` lines by :func:`flatten`.
"""

from __future__ import annotations

from enum import StrEnum

from marshmallow import RAISE, Schema, fields, validate
from marshmallow import ValidationError as SchemaError

from ..models import Role
from .kinds import StateKind, TransitionKind, known

RELATIONS = ("own", "parent", "ancestor")
BY_SCOPE = "by_scope"
PROPOSER = "proposer"
#: The role token of the unit itself (``dangwu tick``): not a Role anyone holds.
SYSTEM = "system"


def _kind(vocabulary: type[StrEnum]):
    def check(value: str) -> None:
        if value not in {member.value for member in vocabulary}:
            raise SchemaError(f"unknown kind {value!r}; kinds are {known(vocabulary)}")

    return check


class _RoleList(fields.Field):
    """One role name or a list of them."""

    def _deserialize(self, value, attr, data, **kwargs):
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names:
            raise SchemaError("must be a role name or a non-empty list of role names")
        unknown = [n for n in names if n not in Role.values() and n != SYSTEM]
        if unknown:
            raise SchemaError(
                f"unknown role {unknown[0]!r}; roles are {', '.join(Role.values())} "
                f"(and {SYSTEM} for the unit's own scheduled runs)"
            )
        return tuple(names)


def _reader_token(token: str) -> None:
    role = token.removesuffix("@parent")
    if token in (BY_SCOPE, PROPOSER) or role in Role.values():
        return
    raise SchemaError(f"unknown reader {token!r}: use by_scope, proposer, a role or <role>@parent")


class StateSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(required=True, validate=validate.Length(min=1))
    kind = fields.String(required=True, validate=_kind(StateKind))
    readers = fields.List(
        fields.String(validate=_reader_token), required=True, validate=validate.Length(min=1)
    )


class TransitionSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(required=True, validate=validate.Length(min=1))
    kind = fields.String(required=True, validate=_kind(TransitionKind))
    sources = fields.List(
        fields.String(), data_key="from", required=True, validate=validate.Length(min=1)
    )
    target = fields.String(data_key="to", required=True)
    roles = _RoleList(data_key="role", required=True)
    on = fields.String(load_default="own", validate=validate.OneOf(RELATIONS))
    guards = fields.List(fields.String(), load_default=list)
    effects = fields.List(fields.String(), load_default=list)
    requires_comment = fields.Boolean(load_default=False)


class DefinitionSchema(Schema):
    class Meta:
        unknown = RAISE

    workflow = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_.]*$"))
    label = fields.String(required=True)
    initial = fields.String(required=True)
    states = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]*$")),
        values=fields.Nested(StateSchema),
        required=True,
        validate=validate.Length(min=1),
    )
    transitions = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]*$")),
        values=fields.Nested(TransitionSchema),
        required=True,
        validate=validate.Length(min=1),
    )


def flatten(messages, prefix: str = "") -> list[str]:
    """Marshmallow's nested messages as one "<where>: <message>" line each."""
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            where = f"{prefix}.{key}" if prefix else str(key)
            out.extend(flatten(value, where))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix}: {m}" for m in messages]
    if isinstance(messages, list):
        return [line for m in messages for line in flatten(m, prefix)]
    return [f"{prefix}: {messages}"]
