"""Demo units: a sector plugin offers one; ``dangwu demo`` builds it through the public API.

A plugin registers a :class:`Demo` whose ``build(builder)`` calls the :class:`DemoBuilder`
(which only calls the same operations the CLI, web and admin use). The whole demo is built in
one transaction and marked in ``unit_state``, so running ``dangwu demo`` twice changes
nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import audit, changes, disclosure_requests, disclosures, feedback, obligations, people
from .clock import FixedClock, get_clock, use_clock
from .db import atomic
from .demos import Demo
from .errors import NotFound, ValidationError
from .models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Disclosure,
    DisclosureRequest,
    Feedback,
    Filing,
    Obligation,
    Organization,
    Person,
    Role,
    UnitState,
)

if TYPE_CHECKING:
    from .unit import Unit


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

    # --- time -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def on(self, day: dt.date, hour: int = 9):
        """Do what the block does on ``day`` (the demo tells a year's story in order)."""
        tz = get_clock().tz
        with use_clock(FixedClock(dt.datetime(day.year, day.month, day.day, hour, tzinfo=tz))):
            yield

    # --- catalogs and obligations -----------------------------------------------------------

    def install_catalog(self, template: str) -> Catalog:
        """Install a catalog template a plugin offers (``dangwu_register_catalog_templates``)."""
        return self.unit.install_catalog_template(template)

    def item(self, code: str) -> CatalogItem:
        """The active catalog item with ``code`` (of the catalogs installed so far)."""
        item = (
            CatalogItem.select()
            .join(Catalog)
            .where((CatalogItem.code == code) & (Catalog.status == CatalogStatus.ACTIVE))
            .first()
        )
        if item is None:
            raise NotFound(f"no active catalog item has the code {code!r}")
        return item

    def obligation(self, organization: str, item: str, period_label: str) -> Obligation:
        found = Obligation.get_or_none(
            (Obligation.organization == self.organizations[organization])
            & (Obligation.catalog_item == self.item(item))
            & (Obligation.period_label == period_label)
        )
        if found is None:
            raise NotFound(f"no obligation {organization}/{item}/{period_label}")
        return found

    def open_immediate(self, organization: str, item: str, triggered_on: dt.date) -> Obligation:
        return obligations.open_immediate(
            self.unit, self.organizations[organization], self.item(item), triggered_on
        )

    def mark_overdue(self) -> int:
        """Move what is past due to overdue, as ``dangwu tick`` does every night."""
        return obligations.mark_late_and_overdue()

    # --- disclosures through the workflow ---------------------------------------------------

    def disclose(
        self,
        organization: str,
        proposer: str,
        title: str,
        body: str,
        scope: str,
        channels: Iterable[str],
        *,
        item: str | None = None,
        obligation: Obligation | None = None,
        addressees: Iterable[str] = (),
        steps: Iterable[tuple[str, str, dict[str, Any]]] = (),
        **fields,
    ) -> Disclosure:
        """Draft a disclosure, then fire ``steps``: (transition, person key, options)."""
        disclosure = self.unit.create_draft(
            self.organizations[organization],
            self.people[proposer],
            title,
            body,
            scope,
            list(channels),
            catalog_item=self.item(item) if item else None,
            obligation=obligation,
            addressees=[self.people.get(k) or self.organizations[k] for k in addressees],
            **fields,
        )
        for transition, actor, options in steps:
            self.unit.fire(disclosure, transition, self.people[actor], **options)
        return disclosure

    # --- feedback and requests ----------------------------------------------------------

    def feedback(self, organization: str, body: str, **fields) -> Feedback:
        if "reporter" in fields:
            fields["reporter"] = self.people[fields["reporter"]]
        return feedback.submit(self.unit, self.organizations[organization], body, **fields)

    def request(self, organization: str, applicant: str, subject: str, content: str):
        return disclosure_requests.submit(
            self.unit,
            self.organizations[organization],
            subject=subject,
            content=content,
            applicant=self.people[applicant],
        )

    def handle_request(self, request: DisclosureRequest, action: str, actor: str, **options):
        """Take a request handling step (``acknowledge``, ``grant``, ``refuse``...)."""
        return getattr(disclosure_requests, action)(request, self.people[actor], **options)

    def handle_feedback(self, item: Feedback, action: str, actor: str, *args):
        return getattr(feedback, action)(item, self.people[actor], *args)

    # --- work plans and changes the catalog's issuer approves ------------------------------

    def plan(
        self, disclosure: Disclosure, proposer: str, text: str, approver: str, opinion: str
    ) -> Filing:
        """目录外事项: ``proposer`` files the work plan (工作方案) with the catalog's issuer,
        whose ``approver`` approves it with ``opinion`` (``disclosures.submit_plan`` and
        ``decide_plan``, as the admin does)."""
        filing = disclosures.submit_plan(self.unit, disclosure, self.people[proposer], text)
        return disclosures.decide_plan(
            self.unit, filing, self.people[approver], approved=True, opinion=opinion
        )

    def approved_change(
        self,
        disclosure: Disclosure,
        action: str,
        requester: str,
        reason: str,
        approver: str,
        opinion: str,
    ) -> Filing:
        """A change (变更), revocation or termination asked of the catalog's issuer and
        approved by its ``approver`` (``changes.request_change`` and ``decide_change``)."""
        filing = changes.request_change(
            self.unit, disclosure, self.people[requester], action, reason
        )
        return changes.decide_change(
            self.unit, filing, self.people[approver], approved=True, opinion=opinion
        )


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
            "no installed plugin offers a demo: install a sector plugin "
            "(`dangwu plugins` lists what is installed)",
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
        builder = DemoBuilder(unit)
        demo.build(builder)
        unit.notify("dangwu_on_demo_built", unit=unit, builder=builder, sector=demo.sector)
        UnitState.create(key=demo_marker(demo.sector), value={"label": demo.label})
        audit.record("demo.build", "unit", None, payload={"sector": demo.sector})
    return demo, True
