"""The two catalog packages the plugin ships: the town catalog of 000 and the county standard
of 003, both offered through ``dangwu_register_catalog_templates``."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from dangwu_core.toolkit import FixedClock, Obligation, use_clock

TEMPLATES = {"villages.county-standard", "villages.town-catalog"}


def _manifest(unit, name):
    path = unit.registry.catalog_templates[name].path
    return json.loads(path.read_text(encoding="utf-8"))["manifest"]


def test_both_catalogs_are_offered_as_templates_003_6_1(unit):
    assert set(unit.registry.catalog_templates) >= TEMPLATES


def test_the_town_catalog_follows_000_3_content_form_scope_time_limit(unit):
    """000 三: long-term items stay at least half a year; periodic items change every quarter
    or half year, chosen per item; staged items go before, during and after; immediate items
    at once. Forms: meetings, documents and the bulletin board and website (一要…二要…)."""
    manifest = _manifest(unit, "villages.town-catalog")
    items = manifest["items"]
    codes = [i["code"] for i in items]
    assert len(codes) == len(set(codes)) and all(c.startswith("Z") for c in codes)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in i["title"]) for i in items)
    limits = Counter(i["time_limit"] for i in items)
    assert set(limits) == {"long_term", "periodic", "staged", "immediate"}
    assert all(i["display_months"] >= 6 for i in items if i["time_limit"] == "long_term")
    cadences = {i["cadence"] for i in items if i["time_limit"] == "periodic"}
    assert cadences == {"quarterly", "half_yearly"}
    assert ["事前", "事中", "事后"] in [i["phases"] for i in items if i["time_limit"] == "staged"]
    channels = {c for i in items for c in i["channels"]}
    assert {"meeting", "document", "bulletin_board", "website", "village_affairs"} <= channels
    assert all("仙女镇推进党务公开的实施意见" in i["legal_basis"] for i in items)


def test_installing_the_town_catalog_opens_quarterly_and_half_yearly_obligations_000_3(town):
    with use_clock(FixedClock(dt.datetime(2026, 1, 2, 9, 0))):
        town.unit.open_obligations(2026)
    labels = {
        o.period_label for o in Obligation.select().where(Obligation.organization == town.branch)
    }
    assert {"2026-Q1", "2026-Q4", "2026-H1", "2026-H2", "2026 事前", "2026 总结性公开"} <= labels
    assert not any(label[5:7].isdigit() and "-" in label for label in labels)  # no monthly


def test_the_county_standard_keeps_003s_eight_classes_and_four_time_limits_003_5_8(unit):
    manifest = _manifest(unit, "villages.county-standard")
    assert len(manifest["categories"]) == 8
    assert {i["time_limit"] for i in manifest["items"]} == {
        "long_term",
        "periodic",
        "staged",
        "immediate",
    }
