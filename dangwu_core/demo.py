"""Demo units: a sector plugin offers one; ``dangwu demo`` builds it through the public API.

A plugin registers a :class:`Demo` whose ``build(builder)`` calls the :class:`DemoBuilder`
(which only calls the same operations the CLI, web and admin use). The whole demo is built in
one transaction and marked in ``unit_state``, so running ``dangwu demo`` twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import audit, people
from .db import atomic
from .errors import ValidationError
from .models import Organization, Person, Role, UnitState

if TYPE_CHECKING:
    from .unit import Unit


@dataclass(frozen=True)
class Demo:
    """A demo unit for ``sector``: ``build(builder)`` creates it."""

    sector: str
    label: str
    build: Callable[[DemoBuilder], None]
    #: Logins to print after the demo is built: (username, password, what they can do).
    logins: tuple[tuple[str, str, str], ...] = ()


class DemoBuilder:
    """What a demo's ``build`` function uses to create the unit's data."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.organizations: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}

    def organization(
        self, code: str, name: str, type: str, parent: str | None = None, **fields
    ) -> Organization:
        org = self.unit.create_organization(
            code=code,
            name=name,
            type=type,
            parent=self.organizations[parent] if parent else None,
            **fields,
        )
        self.organizations[code] = org
        return org

    def person(
        self,
        key: str,
        name: str,
        *,
        username: str | None = None,
        password: str | None = None,
        roles: tuple[tuple[str, Role | str], ...] | list = (),
        reaches_down: bool = False,
        department: str = "",
        superuser: bool = False,
        **fields,
    ) -> Person:
        """Create a person, optionally a login, and roles given as (organization code, role)."""
        person = people.create_person(name, **fields)
        if username:
            people.create_account(person, username, password or "", superuser=superuser)
        for code, role in roles:
            people.assign_role(
                person,
                self.organizations[code],
                role,
                reaches_down=reaches_down,
                department=department,
            )
        self.people[key] = person
        return person


def demo_marker(sector: str) -> str:
    return f"demo.{sector}"


def choose_demo(unit: Unit, sector: str | None) -> Demo:
    """The demo for ``sector``, or the only one, or the one the ``sector`` setting names."""
    demos = unit.registry.demos
    sector = sector or unit.settings.sector or None
    if sector:
        if sector not in demos:
            known = ", ".join(sorted(demos)) or "none"
            raise ValidationError(
                f"no installed plugin offers a demo for sector {sector!r}; available: {known}",
                "sector",
            )
        return demos[sector]
    if not demos:
        raise ValidationError(
            "no installed plugin offers a demo: install a sector plugin such as dangwu-villages",
            "sector",
        )
    if len(demos) > 1:
        raise ValidationError(
            f"several sectors offer a demo ({', '.join(sorted(demos))}): choose one with "
            "--sector or the sector setting",
            "sector",
        )
    return next(iter(demos.values()))


def build_demo(unit: Unit, sector: str | None = None) -> tuple[Demo, bool]:
    """Build the demo unit once; return it and whether it was built now (False: already)."""
    demo = choose_demo(unit, sector)
    with atomic():
        if UnitState.get_or_none(UnitState.key == demo_marker(demo.sector)) is not None:
            return demo, False
        demo.build(DemoBuilder(unit))
        UnitState.create(key=demo_marker(demo.sector), value={"label": demo.label})
        audit.record("demo.build", "unit", None, payload={"sector": demo.sector})
    return demo, True
