"""A large install fails in the middle and leaves nothing; recurring out-of-catalog
disclosures are listed as candidates for the next version."""

from __future__ import annotations

import copy

import pytest

from dangwu_core import obligations, people
from dangwu_core.catalogs.candidates import recurring_out_of_catalog, subject
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.models import Obligation

from .sample import MARCH_10, TOWN, build_town, manifest


def big_manifest(items=200):
    data = manifest()
    template = data["items"]
    data["items"] = []
    for number in range(items):
        entry = copy.deepcopy(template[number % len(template)])
        entry["code"] = f"X-{number:03d}"
        data["items"].append(entry)
    return data


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        for number in range(3, 40):
            unit.create_organization(
                code=f"TS-C{number:02d}",
                name=f"第{number}村",
                type="testsector_branch",
                parent=TOWN,
            )
    return orgs


def test_a_failure_in_the_middle_of_a_large_install_leaves_the_database_as_it_was(
    unit, town, contents, sqlite_url, monkeypatch
):
    real = obligations._insert_obligations
    inserted = []

    def insert_then_fail(rows):
        inserted.append(real(rows))
        raise RuntimeError("disk full")

    monkeypatch.setattr(obligations, "_insert_obligations", insert_then_fail)
    before = contents(sqlite_url)
    with use_clock(FixedClock(MARCH_10)), pytest.raises(RuntimeError, match="disk full"):
        unit.install_catalog(big_manifest(), allow_unsigned=True)
    assert inserted[0] > 10_000  # it failed after the bulk insert had written its rows
    assert contents(sqlite_url) == before


def test_a_large_install_opens_every_obligation_in_one_statement(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        unit.install_catalog(big_manifest(), allow_unsigned=True)
    per_branch = Obligation.select().where(Obligation.organization == town["TS-B01"]).count()
    assert per_branch == 40 * (12 + 4 + 1 + 4) and Obligation.select().count() == 39 * per_branch


def test_recurring_out_of_catalog_disclosures_are_candidates(unit, town):
    proposer = people.create_person("联络员")
    people.assign_role(proposer, town[TOWN], "proposer", reaches_down=True)
    for org, month in (("TS-B01", 3), ("TS-B01", 4), ("TS-B02", 4)):
        unit.create_draft(
            town[org], proposer, f"2026年{month}月党员志愿服务情况", "……", "party", ["party_portal"]
        )
    unit.create_draft(town[TOWN], proposer, "一次性的通知", "……", "party", ["party_portal"])
    found = recurring_out_of_catalog()
    assert [(c.subject, c.count, sorted(c.organizations)) for c in found] == [
        ("党员志愿服务情况", 3, ["TS-B01", "TS-B02"])
    ]
    assert subject("2026年第一季度（第3期）党费收缴情况") == "党费收缴情况"
