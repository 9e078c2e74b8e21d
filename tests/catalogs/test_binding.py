"""Whom a catalog binds, and that its issuer stands above them (003 §6, 004 七(二))."""

import pytest

from dangwu_core import obligations
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import ValidationError
from dangwu_core.models import CatalogItem, Filing, Obligation
from dangwu_core.testing import start_unit

from .sample import MARCH_10, build_town, manifest


@pytest.fixture
def unit(any_unit):
    """On SQLite and on PostgreSQL (``database_url`` is the same database)."""
    return any_unit


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        orgs["DXZ"] = unit.create_organization(
            code="DXZ", name="中共东溪镇委员会", type="testsector_committee"
        )
        orgs["DXZ-C01"] = unit.create_organization(
            code="DXZ-C01", name="东溪镇第1村党支部", type="testsector_branch", parent="DXZ"
        )
        yield orgs


def _bound(catalog):
    rows = Obligation.select(Obligation.organization).distinct().tuples()
    return {row[0] for row in rows}


def _install(unit, **changes):
    with use_clock(FixedClock(MARCH_10)):
        return unit.install_catalog(manifest(**changes), allow_unsigned=True)


def test_a_catalog_for_one_named_organization_binds_it_alone_004_7_2(unit, town):
    """004 七(二): each organization compiles its own catalog; a town may make one for a
    single branch. Obligations open for that branch only, not for its type."""
    catalog = _install(unit, applies_to=[], applies_to_organizations=["TS-B02"])
    assert catalog.applies_to_organizations == ["TS-B02"]
    assert _bound(catalog) == {town["TS-B02"].id}
    assert Obligation.select().count() == 21


def test_an_own_catalog_is_filed_by_its_maker_with_the_organization_above_004_7_2(unit, town):
    """004 七(二) 报上级党组织备案, 003 §6: the branch that makes its own catalog files it with the
    town above it; the town's staff receive it."""
    catalog = _install(
        unit,
        issuer={"code": "TS-B01", "name": "测试单位第1党支部"},
        applies_to=[],
        applies_to_organizations=["TS-B01"],
    )
    filing = Filing.get(Filing.subject_id == catalog.id)
    assert filing.organization_id == town["TS-B01"].id
    assert filing.upper_organization_id == town["TS"].id
    assert filing.payload["organizations"] == ["TS-B01"]
    assert _bound(catalog) == {town["TS-B01"].id}


def test_types_bind_only_the_issuers_subtree_now_and_later(unit, town):
    _install(unit)  # the committee TS, for its branches
    assert _bound(None) == {town["TS-B01"].id, town["TS-B02"].id}
    with use_clock(FixedClock(MARCH_10)):
        later = unit.create_organization(
            code="DXZ-C02", name="东溪镇第2村党支部", type="testsector_branch", parent="DXZ"
        )
        mine = unit.create_organization(
            code="TS-B03", name="测试单位第3党支部", type="testsector_branch", parent="TS"
        )
    assert Obligation.select().where(Obligation.organization == later).count() == 0
    assert Obligation.select().where(Obligation.organization == mine).count() > 0


def test_an_immediate_item_opens_only_where_the_catalog_binds(unit, town):
    catalog = _install(unit)
    item = catalog.items.where(CatalogItem.time_limit == "immediate").get()
    with use_clock(FixedClock(MARCH_10)), pytest.raises(ValidationError, match="DXZ-C01"):
        obligations.open_immediate(unit, town["DXZ-C01"], item, MARCH_10.date())


REFUSED = {
    "a branch for all branches": (
        {"issuer": {"code": "TS-B01", "name": "测试单位第1党支部"}},
        r"issuer 测试单位第1党支部 \(TS-B01\) does not stand above \S+ \((TS-B02|DXZ-C01)\), nor"
        r" above any other organization of type 'testsector_branch'",
    ),
    "a town naming another town's branch": (
        {"applies_to_organizations": ["DXZ-C01"]},
        r"issuer 中共测试单位委员会 \(TS\) does not stand above 东溪镇第1村党支部 \(DXZ-C01\)",
    ),
    "a branch naming its town": (
        {
            "issuer": {"code": "TS-B01", "name": "测试单位第1党支部"},
            "applies_to": [],
            "applies_to_organizations": ["TS"],
        },
        r"issuer 测试单位第1党支部 \(TS-B01\) does not stand above 中共测试单位委员会 \(TS\)",
    ),
    "an unknown organization": (
        {"applies_to_organizations": ["NOPE"]},
        "names organization 'NOPE', which is not part of this deployment",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_issuer_not_above_what_it_binds_is_refused_and_nothing_written(
    unit, town, database_url, contents, case
):
    changes, message = REFUSED[case]
    before = contents(database_url)
    with pytest.raises(ValidationError, match=message):
        _install(unit, **changes)
    assert contents(database_url) == before


def test_an_outside_issuer_must_be_a_listed_upper_body(database_url, contents):
    unit = start_unit(database_url, catalog_upper_bodies=["QJX"])
    with use_clock(FixedClock(MARCH_10)):
        build_town(unit)
    before = contents(database_url)
    with pytest.raises(ValidationError, match=r"issuer 某县委 \(FAKE\) is neither"):
        _install(unit, issuer={"code": "FAKE", "name": "某县委"})
    assert contents(database_url) == before
    catalog = _install(unit, issuer={"code": "QJX", "name": "中共綦江县委"})
    assert catalog.issuer is None and Obligation.select().count() == 42
    unit.db.close()


def test_a_package_names_at_least_one_target(unit, town):
    with pytest.raises(ValidationError, match="name at least one organization type"):
        _install(unit, applies_to=[])


def test_an_upgrade_that_drops_an_organization_closes_its_open_obligations(unit, town):
    _install(unit)
    _install(
        unit,
        version="1.1.0",
        effective_date="2026-07-01",
        applies_to=[],
        applies_to_organizations=["TS-B01"],
        explanation="目录改为只适用于第1村党支部。",
    )
    c02 = Obligation.select().where(Obligation.organization == town["TS-B02"])
    later = {o.status for o in c02 if o.period_end.isoformat() >= "2026-07-01"}
    earlier = {o.status for o in c02 if o.period_end.isoformat() < "2026-07-01"}
    assert later == {"closed"} and "closed" not in earlier
    assert all(
        "不再适用" in o.closed_reason for o in c02 if o.period_end.isoformat() >= "2026-07-01"
    )
    c01 = Obligation.select().where(Obligation.organization == town["TS-B01"])
    assert "closed" not in {o.status for o in c01}
