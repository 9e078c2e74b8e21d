"""The permission registry: every act declared once, as data, and decided by one call.

An :class:`Action` names an act (``request.grant``, ``token.issue``, a plugin's own
``myplugin.print_sheet``...), the roles that grant it and where those roles must be held
(``own``: on the organization, or reaching down from an ancestor; ``parent``: so on its
parent; ``ancestor``: on any organization above it). Core declares its actions in
:mod:`dangwu_core.builtin.actions`; plugins add theirs with ``dangwu_register_actions`` and
grant existing ones to more roles with ``dangwu_extend_action`` (see
:mod:`dangwu_core.hookspecs`). The unit's registry collects them into one
:class:`Permissions`, which every service, view, template and command asks — through
:mod:`dangwu_core.access` (``access.allowed(..., permissions=...)``).

The superuser rule: an active superuser account (a unit administrator) holds ``admin``
everywhere, so it may take every action whose roles include ``admin``. An action nobody
declared is a programming error (:class:`UnknownAction`), never a silent refusal.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

#: Where an action's roles must be held, relative to the organization acted on.
RELATIONS = ("own", "parent", "ancestor")


class UnknownAction(KeyError):
    """An action was asked about that no plugin declared: a bug in the caller."""

    def __init__(self, name: str, known: Iterable[str] = ()):
        near = sorted(k for k in known if k.split(".")[0] == name.split(".")[0])
        hint = f"; declared near it: {', '.join(near)}" if near else ""
        self.message = f"no plugin declares the action {name!r}{hint}"
        super().__init__(self.message)
        self.name = name

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Action:
    """One permitted act.

    :param name: dotted, namespaced by its owner (``request.grant``, ``myplugin.print``).
    :param label: what the admin calls it, in Chinese (``同意公开``).
    :param roles: the roles that grant it.
    :param on: where the roles are held (one of :data:`RELATIONS`).
    :param description: why these roles (cite the seed paragraph where there is one).
    :param statuses: the statuses of its subject it may be taken from (request handling);
        empty: any.
    """

    name: str
    label: str
    roles: tuple[str, ...]
    on: str = "own"
    description: str = ""
    statuses: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ValueError("an Action needs a name")
        if self.on not in RELATIONS:
            raise ValueError(f"action {self.name!r}: on must be one of {', '.join(RELATIONS)}")
        object.__setattr__(self, "roles", tuple(str(r) for r in self.roles))
        object.__setattr__(self, "statuses", tuple(str(s) for s in self.statuses))

    def granted_to(self, *roles: str) -> Action:
        """This action, granted to ``roles`` as well (for ``dangwu_extend_action``)."""
        return replace(self, roles=tuple(dict.fromkeys((*self.roles, *roles))))

    def applies_from(self, status: str) -> bool:
        """True when the action may be taken from ``status`` (always, without statuses)."""
        return not self.statuses or str(status) in self.statuses


class Permissions(Mapping[str, Action]):
    """The unit's actions by name, and the one decision on them.

    The decisions live in :mod:`dangwu_core.access` (they need the organization tree):
    ``allowed``, ``organizations_for``, ``organization_condition``, ``may_anywhere`` take
    this object as ``permissions=``. Here: the declared data and its lookups.
    """

    def __init__(self, actions: Mapping[str, Action]):
        self._actions = dict(actions)

    def __getitem__(self, name: str) -> Action:
        try:
            return self._actions[name]
        except KeyError:
            raise UnknownAction(name, self._actions) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def __len__(self) -> int:
        return len(self._actions)

    def roles(self, name: str) -> tuple[str, ...]:
        """The roles that grant the action ``name``."""
        return self[name].roles

    def with_prefix(self, prefix: str) -> list[Action]:
        """The actions whose names start with ``prefix`` (``request.``), in declared order."""
        return [a for n, a in self._actions.items() if n.startswith(prefix)]


_ACTIVE: contextvars.ContextVar[Permissions | None] = contextvars.ContextVar(
    "dangwu_permissions", default=None
)


def bound() -> Permissions | None:
    """The permissions the running request or command bound with :func:`active`, if any
    (``access.current_permissions()`` falls back to core's own)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def active(permissions: Permissions) -> Iterator[Permissions]:
    """Bind ``permissions`` for the code inside (the web app binds the unit's around each
    request, the CLI around each command), so services that are not handed them explicitly
    decide on the unit's registry, plugins' actions included."""
    token = _ACTIVE.set(permissions)
    try:
        yield permissions
    finally:
        _ACTIVE.reset(token)


def bind(permissions: Permissions | None) -> contextvars.Token:
    """Bind ``permissions`` until :func:`unbind` (for request hooks that cannot use ``with``)."""
    return _ACTIVE.set(permissions)


def unbind(token: contextvars.Token) -> None:
    with contextlib.suppress(ValueError):
        _ACTIVE.reset(token)
