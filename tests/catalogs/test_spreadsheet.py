"""Catalog tables with Chinese headers: the local vocabulary is mapped, every unmappable cell
is reported with its row, and export writes the same table back."""

import json
from pathlib import Path

import pytest

from dangwu_core.catalogs import vocabulary
from dangwu_core.catalogs.package import canonical_manifest, load
from dangwu_core.catalogs.schema import validate_manifest
from dangwu_core.catalogs.spreadsheet import build, export
from dangwu_core.errors import ValidationError

from .sample import manifest

#: The test sector's catalog: every time-limit type, scope and category a real catalog has.
STANDARD = (
    Path(__file__).parents[1]
    / "fixtures/dangwu-testsector/dangwu_testsector/catalogs/standard.dwcat.json"
)


@pytest.fixture
def channels(unit):
    return {c.name: c.label for c in unit.registry.channels}


def same(a, b):
    return json.loads(canonical_manifest(validate_manifest(a))) == json.loads(
        canonical_manifest(validate_manifest(b))
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_build_gives_the_same_manifest(tmp_path, channels, suffix):
    original = load(manifest()).manifest
    table = export(original, tmp_path / f"town{suffix}", channels)
    base = None if suffix == ".xlsx" else manifest()
    assert same(build(table, channels, base=base), original)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_named_organizations_round_trip_through_the_table(tmp_path, channels, suffix):
    original = load(manifest(applies_to=[], applies_to_organizations=["TS-B01", "TS-B02"])).manifest
    table = export(original, tmp_path / f"own{suffix}", channels)
    base = None if suffix == ".xlsx" else manifest(applies_to=[], applies_to_organizations=[])
    overrides = {} if suffix == ".xlsx" else {"applies_to_organizations": ["TS-B01", "TS-B02"]}
    built = build(table, channels, base=base, **overrides)
    assert built["applies_to_organizations"] == ["TS-B01", "TS-B02"]
    assert same(built, original)


def test_a_sectors_standard_catalog_round_trips_through_excel(tmp_path, channels):
    standard = load(STANDARD).manifest
    table = export(standard, tmp_path / "standard.xlsx", channels)
    assert same(build(table, channels), standard)


CSV = """\
党的基层组织党务公开目录（试行）
序号,公开内容,类别,公开范围,公开方式,公开时限,承办部门,备注
一、党组织决议、决定和执行情况
1,执行上级党组织决议情况,,向党内,会议、文件,定期公开（每季度）,党委办公室,
2,重大事项决策情况,,向社会公开,公开栏、网站,每半年更换一次,党委办公室,
二、党的组织建设情况
3,换届选举工作,,党内公开,局域网,逐段公开（事前、事中、事后；跨年度）,组织办,
4,干部任前公示,,向社会公开,电子触摸屏,随时公开,组织办,5个工作日
5,党员发展情况,,本单位,会议,长期公开,组织办,
6,困难党员帮扶,,向个人,面谈,即时公开,组织办,
"""


def test_local_vocabulary_is_normalized(tmp_path, channels):
    path = tmp_path / "table.csv"
    path.write_text(CSV, encoding="utf-8")
    base = {k: v for k, v in manifest().items() if k not in ("categories", "items")}
    built = build(path, channels, base=base)
    items = {i["code"]: i for i in built["items"]}
    assert [c["name"] for c in built["categories"]] == [
        "党组织决议、决定和执行情况",
        "党的组织建设情况",
    ]
    assert (items["1"]["scope"], items["1"]["channels"]) == ("party", ["meeting", "document"])
    assert (items["1"]["time_limit"], items["1"]["cadence"]) == ("periodic", "quarterly")
    assert items["2"]["cadence"] == "half_yearly"
    assert items["2"]["channels"] == ["bulletin_board", "website"]
    assert items["3"]["phases"] == ["事前", "事中", "事后"] and items["3"]["spans_years"]
    assert items["3"]["category"] == "C02"
    assert (items["4"]["time_limit"], items["4"]["channels"]) == ("immediate", ["e_screen"])
    assert items["4"]["notes"] == "5个工作日"
    assert (items["5"]["scope"], items["6"]["scope"]) == ("unit", "specific")
    assert items["6"]["channels"] == ["interview"]


def test_every_unmappable_cell_is_reported_with_its_row(tmp_path, channels):
    bad = (
        CSV.replace("定期公开（每季度）", "每月第一周星期五")
        .replace("向社会公开,公开栏", "向群众,公开栏")
        .replace("电子触摸屏", "飞鸽传书")
    )
    path = tmp_path / "table.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(path, channels, base=manifest())
    message = str(caught.value)
    assert "3 cell(s) cannot be mapped" in message
    assert "row 4, 公开时限 '每月第一周星期五': cannot map 第一周星期五" in message
    assert "row 5, 公开范围 '向群众'" in message
    assert "row 8, 公开形式 '电子触摸屏'" not in message and "飞鸽传书" in message


def test_an_unknown_column_is_refused(tmp_path, channels):
    path = tmp_path / "table.csv"
    path.write_text("序号,公开内容,颜色\n1,x,红\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"unknown column.*'颜色'"):
        build(path, channels)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("定期公开（每月）", ("periodic", "monthly", [], False)),
        ("每年度公开一次", ("periodic", "yearly", [], False)),
        ("分期公开（会前、会后）", ("staged", None, ["会前", "会后"], False)),
        ("即时", ("immediate", None, [], False)),
    ],
)
def test_time_limit_words(text, expected):
    assert vocabulary.time_limit(text) == expected


@pytest.mark.parametrize("text", ["定期", "长期（每月）", "分期又定期（每月）", "经常", ""])
def test_time_limits_that_make_no_sense_are_not_guessed(text):
    with pytest.raises(vocabulary.Unmapped):
        vocabulary.time_limit(text)
