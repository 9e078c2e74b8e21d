"""Upgrading a catalog (变更、撤销、终止, 003 §9(二)): what happens to obligations, the filing
with the issuer, the explanation for members, and what is refused."""

import datetime as dt

import pytest

from dangwu_core import people
from dangwu_core.catalogs.diff import catalog_manifest, diff
from dangwu_core.catalogs.install import apply
from dangwu_core.catalogs.package import load
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import (
    Catalog,
    CatalogItem,
    Disclosure,
    Event,
    Filing,
    FilingKind,
    ItemStatus,
    Obligation,
    ObligationStatus,
)

from .sample import MARCH_10, TOWN, build_town, item, manifest

JULY = "2026-07-01"


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        unit.install_catalog(manifest(), allow_unsigned=True)
    return orgs


def version_2(**changes):
    data = manifest(version="2.0.0", effective_date=JULY, **changes)
    item("FW-01", data).update(status="revoked", status_reason="党费情况改由上级统一公开")
    item("JY-03", data).update(status="terminated", status_reason="阶段性工作已结束")
    item("ZZ-01", data).update(title="党组织设置、班子成员及分工")  # reworded
    item("JY-01", data).update(cadence="quarterly")  # rescheduled
    data["items"].append(
        {
            "code": "LZ-01",
            "title": "党风廉政建设责任制落实情况",
            "category": "service",
            "scope": "party",
            "channels": ["party_portal"],
            "time_limit": "periodic",
            "cadence": "half_yearly",
        }
    )
    data["explanation"] = "根据县委要求调整目录。"
    return data


def obligations_of(code, version):
    return list(
        Obligation.select()
        .join(CatalogItem)
        .join(Catalog)
        .where((CatalogItem.code == code) & (Catalog.version == version))
    )


def test_diff_names_added_changed_revoked_and_terminated(town):
    old = catalog_manifest(CatalogItem.select().first().catalog)
    result = diff(old, load(version_2()).manifest)
    assert result.added == ["LZ-01"]
    assert {c.code: sorted(c.fields) for c in result.changed} == {
        "JY-01": ["cadence"],
        "ZZ-01": ["title"],
    }
    assert result.revoked == {"FW-01": "党费情况改由上级统一公开"}
    assert result.terminated == {"JY-03": "阶段性工作已结束"}
    assert result.unchanged == ["ZZ-03"]
    assert "  - revoked FW-01: 党费情况改由上级统一公开" in result.lines()


def test_an_upgrade_closes_carries_over_and_opens_obligations(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        applied = apply(unit, version_2(), allow_unsigned=True, require_installed=True)
    # Revoked: its obligations from July on are closed with the reason; Q1/Q2 stay owed.
    fw = {o.period_label: o for o in obligations_of("FW-01", "1.0.0")}
    assert fw["2026-Q3"].status == ObligationStatus.CLOSED
    assert fw["2026-Q3"].closed_reason == "目录 2.0.0 版撤销该事项：党费情况改由上级统一公开"
    assert fw["2026-Q2"].status == ObligationStatus.PENDING
    assert not obligations_of("FW-01", "2.0.0")
    # Terminated: the staged item's phases after July and its summary close.
    jy3 = {o.period_label: o.status for o in obligations_of("JY-03", "1.0.0")}
    assert jy3["2026 事后"] == jy3["2026 总结性公开"] == ObligationStatus.CLOSED
    assert jy3["2026 事前"] == ObligationStatus.PENDING
    # Reworded: the long-term obligation of 2026 moves to the new row, still pending.
    assert not obligations_of("ZZ-01", "1.0.0")
    assert {o.period_label for o in obligations_of("ZZ-01", "2.0.0")} == {"2026"}
    # Rescheduled: monthly July-December closed; quarterly Q3, Q4 opened.
    jy1_old = {o.period_label: o.status for o in obligations_of("JY-01", "1.0.0")}
    assert jy1_old["2026-07"] == ObligationStatus.CLOSED and jy1_old["2026-06"] == "pending"
    assert {o.period_label for o in obligations_of("JY-01", "2.0.0")} == {"2026-Q3", "2026-Q4"}
    # Added: the half-yearly item opens H2 only.
    assert {o.period_label for o in obligations_of("LZ-01", "2.0.0")} == {"2026-H2"}
    # The history stays: both versions' rows, linked by code; the new rows carry the status.
    rows = CatalogItem.select().where(CatalogItem.code == "FW-01")
    assert sorted(r.status for r in rows) == [ItemStatus.ACTIVE, ItemStatus.REVOKED]
    assert applied.diff.added == ["LZ-01"]


def test_an_upgrade_is_filed_with_the_issuer_with_its_explanation(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        applied = apply(unit, version_2(), allow_unsigned=True)
    filing = applied.filing
    assert filing.kind == FilingKind.CATALOG_CHANGE
    # filed by its maker, the town, at the top of the deployment (004 七(二))
    assert filing.organization.code == TOWN and filing.upper_organization is None
    assert filing.body.startswith("根据县委要求调整目录。")
    assert filing.payload["changes"]["revoked"] == {"FW-01": "党费情况改由上级统一公开"}
    event = Event.get(Event.action == "catalog.upgrade")
    assert event.reason == "根据县委要求调整目录。"
    assert event.payload["changes"]["terminated"] == {"JY-03": "阶段性工作已结束"}
    assert Filing.select().where(Filing.kind == FilingKind.CATALOG).count() == 1


def test_the_explanation_is_drafted_for_members_by_the_issuer(unit, town):
    author = people.create_person("镇党委办公室干事")
    people.assign_role(author, town[TOWN], "proposer")
    with use_clock(FixedClock(MARCH_10)):
        applied = apply(unit, version_2(), allow_unsigned=True, notice_by=author)
    notice = applied.notice
    assert notice.organization_id == town[TOWN].id and notice.scope == "party"
    assert notice.title == "关于调整《村（社区）党组织党务公开目录》的说明（2.0.0 版）"
    assert notice.catalog_item is None and notice.channels == ["party_portal"]
    body = notice.versions.get().body
    assert "撤销事项：FW-01 党费收缴使用情况（党费情况改由上级统一公开）" in body
    plan = Filing.get(
        (Filing.kind == FilingKind.IMPLEMENTATION_PLAN) & (Filing.subject_id == notice.id)
    )
    assert plan.payload == {"approved": True, "catalog_change_filing": applied.filing.id}


def test_a_notice_author_without_the_role_refuses_the_whole_upgrade(
    unit, town, contents, sqlite_url
):
    stranger = people.create_person("无关人员")
    before = contents(sqlite_url)
    with use_clock(FixedClock(MARCH_10)), pytest.raises(PermissionDenied):
        apply(unit, version_2(), allow_unsigned=True, notice_by=stranger)
    assert contents(sqlite_url) == before
    assert Disclosure.select().count() == 0


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["items"].remove(item("ZZ-03", d)), "leaves out item.*ZZ-03.*'revoked'"),
        (lambda d: d.update(explanation=""), "gives no explanation"),
        (lambda d: d.update(version="1.0.0"), "not newer than the installed version 1.0.0"),
        (lambda d: d.update(version="0.9.9"), "not newer than the installed version"),
        (
            lambda d: item("FW-01", d).update(status_reason=""),
            "item 'FW-01': status_reason: a revoked item needs the reason",
        ),
    ],
)
def test_an_unlawful_upgrade_is_refused_and_changes_nothing(
    unit, town, contents, sqlite_url, change, message
):
    data = version_2()
    change(data)
    before = contents(sqlite_url)
    with use_clock(FixedClock(MARCH_10)), pytest.raises(ValidationError, match=message):
        apply(unit, data, allow_unsigned=True, require_installed=True)
    assert contents(sqlite_url) == before


def test_upgrade_needs_an_installed_version(unit):
    with pytest.raises(ValidationError, match="is not installed: install it first"):
        apply(unit, manifest(), allow_unsigned=True, require_installed=True)


def test_an_upgrade_does_not_ask_again_for_what_was_disclosed(unit, town):
    """A long-term item disclosed in February under 1.0.0 stays disclosed under 2.0.0."""
    ob = obligations_of("ZZ-01", "1.0.0")[0]
    Obligation.update(status=ObligationStatus.ON_TIME, fulfilled_at=dt.datetime(2026, 2, 1)).where(
        Obligation.id == ob.id
    ).execute()
    with use_clock(FixedClock(MARCH_10)):
        apply(unit, version_2(), allow_unsigned=True)
    assert Obligation.get_by_id(ob.id).status == ObligationStatus.ON_TIME
    assert Obligation.get_by_id(ob.id).catalog_item.catalog.version == "2.0.0"
