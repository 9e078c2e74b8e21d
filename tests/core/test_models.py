"""The database refuses what the domain forbids, on SQLite and on PostgreSQL alike.

Rules: DESIGN.md "Data" (SQLite and PostgreSQL, "with the same behaviour and the same
tests") and ``dangwu_core/models/choices.py`` ("Each enum's values appear in a CHECK
constraint of the column that stores them, so the database refuses what Python would").

Each case is a pair: a row the schema accepts and the same row with one thing wrong. The good
row proves the bad one fails for the reason named, not for a typo in the test.
"""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from dangwu_core.db import database
from dangwu_core.models import (
    Account,
    Catalog,
    CatalogItem,
    Category,
    Disclosure,
    DisclosureAddressee,
    DisclosureRequest,
    DisclosureVersion,
    Event,
    Feedback,
    Filing,
    Obligation,
    Organization,
    OrganizationClosure,
    Person,
    RoleAssignment,
)

from .conftest import build_town

D = dt.date(2026, 3, 2)


@pytest.fixture
def rows(any_unit):
    """A town, a person, a catalog with one item, an obligation, a disclosure and its version."""
    orgs = build_town(any_unit)
    person = Person.create(name="张伟")
    other = Person.create(name="李秀英")
    catalog = Catalog.create(
        code="county",
        title="县级标准目录",
        version="1.0.0",
        version_key=1_000_000,
        issuer_code="county",
        issuer_name="中共某县委员会",
        effective_date=D,
    )
    category = Category.create(catalog=catalog, code="org", name="组织建设")
    item = CatalogItem.create(
        catalog=catalog,
        code="org-1",
        title="党员发展情况",
        category=category,
        scope="party",
        time_limit="periodic",
        cadence="quarterly",
    )
    obligation = Obligation.create(
        organization=orgs["C1"],
        catalog_item=item,
        period_label="2026-Q1",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 4, 10),
    )
    disclosure = Disclosure.create(
        organization=orgs["C1"],
        catalog_item=item,
        obligation=obligation,
        title="2026年第一季度党员发展情况",
        scope="party",
        workflow="national",
        state="draft",
        proposer=person,
    )
    DisclosureVersion.create(
        disclosure=disclosure, number=1, title="v1", body="正文", author=person
    )
    Event.create(
        subject_type="test", action="test", prev_hash="0" * 64, hash="a" * 64, actor=person
    )
    Account.create(person=person, username="zhangw", password_hash="x")
    RoleAssignment.create(person=person, organization=orgs["C1"], role="member")
    return {
        "url": any_unit.settings.database_url,
        **orgs,
        "person": person,
        "other": other,
        "catalog": catalog,
        "category": category,
        "item": item,
        "obligation": obligation,
        "disclosure": disclosure,
    }


def insert_cases(r):
    """(rule, model, good row, what makes it bad)."""
    c1, t = r["C1"], r["T"]
    person, other = r["person"], r["other"]
    item, disclosure = r["item"], r["disclosure"]
    org = {
        "name": "某支部",
        "type": "testsector_branch",
        "sector": "village",
        "kind": "branch",
        "parent": t,
    }
    catalog_item = {
        "catalog": r["catalog"],
        "title": "某事项",
        "category": r["category"],
        "scope": "public",
        "time_limit": "long_term",
    }
    obligation = {
        "organization": c1,
        "catalog_item": item,
        "period_start": dt.date(2026, 4, 1),
        "period_end": dt.date(2026, 6, 30),
        "due_date": dt.date(2026, 7, 10),
    }
    feedback = {"organization": c1, "reporter_kind": "public", "body": "建议公开更及时"}
    request = {
        "organization": c1,
        "applicant_name": "钱有福",
        "subject": "申请公开",
        "deadline": D,
        "content": "请公开",
    }
    filing = {"organization": c1, "subject_type": "catalog", "title": "目录备案"}
    return [
        ("organization.code unique", Organization, {**org, "code": "N1"}, {"code": "C1"}),
        ("organization.depth >= 0", Organization, {**org, "code": "N2"}, {"depth": -1}),
        ("organization.parent must exist", Organization, {**org, "code": "N3"}, {"parent": 999999}),
        (
            "closure (ancestor, descendant) unique",
            OrganizationClosure,
            {"ancestor": r["ST"], "descendant": c1, "depth": 3},
            {"ancestor": t},
        ),
        (
            "closure depth >= 0",
            OrganizationClosure,
            {"ancestor": r["ST"], "descendant": c1, "depth": 3},
            {"depth": -1},
        ),
        (
            "account.username unique",
            Account,
            {"person": other, "username": "lixy", "password_hash": "x"},
            {"username": "zhangw"},
        ),
        (
            "account: one per person",
            Account,
            {"person": other, "username": "lixy", "password_hash": "x"},
            {"person": person, "username": "zw2"},
        ),
        (
            "role_assignment.role in Role",
            RoleAssignment,
            {"person": person, "organization": c1, "role": "approver"},
            {"role": "emperor"},
        ),
        (
            "role_assignment (person, organization, role) unique",
            RoleAssignment,
            {"person": person, "organization": c1, "role": "approver"},
            {"role": "member"},
        ),
        (
            "catalog (code, version) unique",
            Catalog,
            {
                "code": "county",
                "title": "t",
                "version": "1.1.0",
                "version_key": 1_001_000,
                "issuer_code": "c",
                "issuer_name": "c",
                "effective_date": D,
            },
            {"version": "1.0.0"},
        ),
        (
            "category (catalog, code) unique",
            Category,
            {"catalog": r["catalog"], "code": "clean", "name": "党风廉政"},
            {"code": "org"},
        ),
        (
            "catalog_item.scope in Scope",
            CatalogItem,
            {**catalog_item, "code": "i2"},
            {"scope": "secret"},
        ),
        (
            "catalog_item.time_limit in TimeLimit",
            CatalogItem,
            {**catalog_item, "code": "i3"},
            {"time_limit": "forever"},
        ),
        (
            "catalog_item: periodic needs a cadence",
            CatalogItem,
            {**catalog_item, "code": "i4", "time_limit": "periodic", "cadence": "monthly"},
            {"cadence": None},
        ),
        (
            "catalog_item.cadence in Cadence",
            CatalogItem,
            {**catalog_item, "code": "i5", "time_limit": "periodic", "cadence": "monthly"},
            {"cadence": "weekly"},
        ),
        (
            "catalog_item (catalog, code) unique",
            CatalogItem,
            {**catalog_item, "code": "i6"},
            {"code": "org-1"},
        ),
        (
            "obligation.period_start <= period_end",
            Obligation,
            {**obligation, "period_label": "2026-Q2"},
            {"period_end": dt.date(2026, 3, 1)},
        ),
        (
            "obligation (organization, item, period) unique",
            Obligation,
            {**obligation, "period_label": "2026-Q2"},
            {"period_label": "2026-Q1"},
        ),
        (
            "obligation.status in ObligationStatus",
            Obligation,
            {**obligation, "period_label": "2026-Q3"},
            {"status": "forgotten"},
        ),
        (
            "disclosure.scope in Scope",
            Disclosure,
            {
                "organization": c1,
                "title": "t",
                "scope": "public",
                "workflow": "w",
                "state": "draft",
                "proposer": person,
            },
            {"scope": "everyone"},
        ),
        (
            "disclosure.proposer must exist",
            Disclosure,
            {
                "organization": c1,
                "title": "t",
                "scope": "public",
                "workflow": "w",
                "state": "draft",
                "proposer": person,
            },
            {"proposer": 999999},
        ),
        (
            "disclosure_version.number >= 1",
            DisclosureVersion,
            {
                "disclosure": disclosure,
                "number": 2,
                "title": "v2",
                "body": "b",
                "author": person,
                "reason": "更正",
            },
            {"number": 0},
        ),
        (
            "disclosure_version: a new version states its reason (再公开)",
            DisclosureVersion,
            {
                "disclosure": disclosure,
                "number": 2,
                "title": "v2",
                "body": "b",
                "author": person,
                "reason": "更正",
            },
            {"reason": ""},
        ),
        (
            "disclosure_version (disclosure, number) unique",
            DisclosureVersion,
            {
                "disclosure": disclosure,
                "number": 2,
                "title": "v2",
                "body": "b",
                "author": person,
                "reason": "更正",
            },
            {"number": 1},
        ),
        (
            "disclosure_addressee: a person or an organization, not both",
            DisclosureAddressee,
            {"disclosure": disclosure, "person": person},
            {"organization": c1},
        ),
        (
            "disclosure_addressee: a person or an organization, not neither",
            DisclosureAddressee,
            {"disclosure": disclosure, "organization": c1},
            {"organization": None},
        ),
        (
            "event.hash unique",
            Event,
            {"subject_type": "t", "action": "a", "prev_hash": "a" * 64, "hash": "b" * 64},
            {"hash": "a" * 64},
        ),
        (
            "feedback.reporter_kind in ReporterKind",
            Feedback,
            {**feedback, "receipt_number": "F1"},
            {"reporter_kind": "alien"},
        ),
        (
            "feedback: an anonymous report names no reporter",
            Feedback,
            {**feedback, "receipt_number": "F2", "anonymous": True},
            {"reporter": person},
        ),
        (
            "feedback.status in FeedbackStatus",
            Feedback,
            {**feedback, "receipt_number": "F3"},
            {"status": "ignored"},
        ),
        (
            "request.content not empty",
            DisclosureRequest,
            {**request, "receipt_number": "R1"},
            {"content": ""},
        ),
        (
            "request.status in RequestStatus",
            DisclosureRequest,
            {**request, "receipt_number": "R2"},
            {"status": "lost"},
        ),
        (
            "request.grant_scope in Scope",
            DisclosureRequest,
            {**request, "receipt_number": "R3", "grant_scope": "party"},
            {"grant_scope": "world"},
        ),
        ("filing.kind in FilingKind", Filing, {**filing, "kind": "catalog"}, {"kind": "gossip"}),
        (
            "filing.status in FilingStatus",
            Filing,
            {**filing, "kind": "catalog"},
            {"status": "shredded"},
        ),
    ]


def delete_cases(r):
    """(rule, model, row id) whose deletion a RESTRICT foreign key refuses."""
    return [
        ("organization.parent restricts deleting a parent", Organization, r["G"].id),
        ("disclosure.organization restricts deleting it", Organization, r["C1"].id),
        ("catalog_item.category restricts deleting a category in use", Category, r["category"].id),
        ("disclosure.catalog_item restricts deleting the item", CatalogItem, r["item"].id),
        ("disclosure.proposer restricts deleting the person", Person, r["person"].id),
        ("event.actor restricts deleting a person who acted", Person, r["person"].id),
    ]


def _insert(model, row):
    with database.atomic():
        model.insert(**row).execute()


def test_constraints_refuse_bad_rows(rows):
    failures = []
    for rule, model, good, bad in insert_cases(rows):
        # the good row is accepted (and undone)...
        with database.atomic() as tx:
            try:
                model.insert(**good).execute()
            except peewee.DatabaseError as exc:
                failures.append(f"{rule}: the good row was refused: {exc}")
            tx.rollback()
        # ...and the same row with one thing wrong is refused by the database itself
        try:
            _insert(model, {**good, **bad})
        except peewee.IntegrityError:
            continue
        except peewee.DatabaseError as exc:
            failures.append(f"{rule}: refused, but not as an integrity error: {exc!r}")
        else:
            failures.append(f"{rule}: the bad row was accepted")
    assert failures == []


def test_restricting_foreign_keys_refuse_deletes(rows, contents):
    before = contents(rows["url"])
    failures = []
    for rule, model, row_id in delete_cases(rows):
        try:
            with database.atomic():
                model.delete().where(model._meta.primary_key == row_id).execute()
        except peewee.IntegrityError:
            continue
        failures.append(f"{rule}: the delete went through")
    assert failures == []
    assert contents(rows["url"]) == before


def test_cascading_foreign_keys_remove_dependent_rows(rows):
    """A deleted leaf takes its closure rows; a deleted catalog its categories and items."""
    leaf = Organization.create(
        code="LEAF",
        name="末端",
        type="testsector_branch",
        sector="village",
        kind="branch",
        parent=rows["T"],
    )
    OrganizationClosure.insert(ancestor=leaf, descendant=leaf, depth=0).execute()
    Organization.delete().where(Organization.id == leaf.id).execute()
    assert (
        not OrganizationClosure.select().where(OrganizationClosure.descendant == leaf.id).exists()
    )

    catalog = Catalog.create(
        code="other",
        title="t",
        version="1.0.0",
        version_key=1,
        issuer_code="c",
        issuer_name="c",
        effective_date=D,
    )
    category = Category.create(catalog=catalog, code="x", name="x")
    CatalogItem.create(
        catalog=catalog,
        code="x1",
        title="x",
        category=category,
        scope="public",
        time_limit="long_term",
    )
    Catalog.delete().where(Catalog.id == catalog.id).execute()
    assert not Category.select().where(Category.catalog == catalog.id).exists()
    assert not CatalogItem.select().where(CatalogItem.catalog == catalog.id).exists()
