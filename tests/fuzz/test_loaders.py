"""The files an operator or an upper body hands the unit, under generated content: the
working-day calendar (dangwu's own format and holiday-cn's), the settings (TOML file and
``DANGWU_*`` environment), and catalog tables (spreadsheet import). Each answers with what
it read or with the framework's one error (:class:`~dangwu_core.errors.DangwuError`, naming
the cause), never another exception. The package loader and installer are fuzzed in
tests/catalogs/test_fuzz.py."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib

import pytest
from fuzzing import budget, target
from hypothesis import given
from hypothesis import strategies as st

from dangwu_core.catalogs.package import load as load_package
from dangwu_core.catalogs.spreadsheet import build, export
from dangwu_core.errors import DangwuError
from dangwu_core.schedules import parse_schedule
from dangwu_core.settings import CORE_SETTINGS, load_settings

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
day_strings = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 12, 31)).map(
    dt.date.isoformat
) | st.text(max_size=12)


def _refused_or_read(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except DangwuError as exc:
        assert str(exc), "a refusal must name its cause"
        return None


calendars = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"year": st.integers(1800, 2400) | scalars},
        optional={
            "holidays": st.lists(day_strings, max_size=6) | scalars,
            "workdays": st.lists(day_strings, max_size=4) | scalars,
            "source": scalars,
        },
    ),
    st.fixed_dictionaries(
        {
            "year": st.integers(1800, 2400) | scalars,
            "days": st.lists(
                st.fixed_dictionaries(
                    {"name": st.text(max_size=6), "date": day_strings, "isOffDay": scalars}
                ),
                max_size=6,
            )
            | scalars,
        }
    ),
)


def test_calendar_files():
    with target("loader: calendar") as tally:

        @given(data=calendars, form=st.sampled_from(["mapping", "json", "bytes", "toml", "junk"]))
        @budget(10)
        def run(data, form):
            tally.tick()
            if form == "json":
                data = json.dumps(data, ensure_ascii=False, default=str)
            elif form == "bytes":
                data = json.dumps(data, default=str).encode() + b"\xff" * (len(str(data)) % 2)
            elif form in ("toml", "junk") and not isinstance(data, dict):
                data = str(data)
            elif form in ("toml", "junk"):
                data = "\n".join(f"{k!r} = {json.dumps(v, default=str)}" for k, v in data.items())
            _refused_or_read(parse_schedule, data)

        run()


SETTING_NAMES = [s.name for s in CORE_SETTINGS]
toml_scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.lists(st.integers(-5, 5), max_size=3)
)


def test_settings_files_and_environment(tmp_path):
    path = tmp_path / "dangwu.toml"
    with target("loader: settings") as tally:

        @given(
            values=st.dictionaries(
                st.sampled_from(SETTING_NAMES) | st.text(min_size=1, max_size=8),
                toml_scalars,
                max_size=5,
            ),
            environ=st.dictionaries(
                st.sampled_from(["DANGWU_" + n.upper() for n in SETTING_NAMES]),
                st.text(max_size=20).filter(lambda s: "\x00" not in s),
                max_size=3,
            ),
            raw=st.none() | st.binary(max_size=60),
        )
        @budget(10)
        def run(values, environ, raw):
            tally.tick()
            if raw is not None:
                path.write_bytes(raw)
            else:
                text = "\n".join(
                    f"{json.dumps(k, ensure_ascii=False)} = "
                    + json.dumps(v, ensure_ascii=False).replace("True", "true")
                    for k, v in values.items()
                )
                try:
                    tomllib.loads(text)
                except tomllib.TOMLDecodeError:
                    text = ""
                path.write_text(text, encoding="utf-8")
            _refused_or_read(load_settings, path, environ=environ)

        run()


@pytest.fixture
def channels(unit):
    return {c.name: c.label for c in unit.registry.channels}


def test_catalog_tables(tmp_path, channels):
    """A table exported from a valid catalog, with generated cells written over it."""
    from catalogs.sample import manifest

    original = load_package(manifest()).manifest
    source = export(original, tmp_path / "catalog.csv", channels)
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    cells = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    target_path = tmp_path / "fuzzed.csv"
    cell_values = st.sampled_from(["", "长期", "即时", "定期", "分期", "²", "9" * 25, "\u3000"])
    with target("loader: catalog table") as tally:

        @given(
            edits=st.lists(
                st.tuples(st.sampled_from(cells), cell_values | st.text(max_size=15)),
                min_size=1,
                max_size=6,
            ),
            extra=st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=2),
        )
        @budget(5)
        def run(edits, extra):
            tally.tick()
            table = [list(row) for row in rows]
            for (r, c), value in edits:
                table[r][c] = value
            with open(target_path, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(table + extra)
            _refused_or_read(build, target_path, channels, base=manifest())

        run()
