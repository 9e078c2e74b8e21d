"""The package loader and installer under random input (hypothesis): a ValidationError or a
package, never a crash; a refused install writes nothing. Budget and figures: tests/fuzzing.py
(``DANGWU_FUZZ_EXAMPLES``; ``make fuzz`` runs a large budget)."""

from __future__ import annotations

import copy
import json

import pytest
from fuzzing import budget, target
from hypothesis import given
from hypothesis import strategies as st

from dangwu_core.catalogs.install import apply
from dangwu_core.catalogs.package import FORMAT, load
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import ValidationError

from .sample import MARCH_10, build_town, manifest

#: 200 inputs per test at the default budget of 4 (what this file always ran).
BOUNDED = budget(50)
VALID = json.dumps(
    {"format": FORMAT, "manifest": manifest(), "signature": None}, ensure_ascii=False
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


PATHS = [p for p in _paths(json.loads(VALID)) if p]


def test_any_bytes_load_or_refuse():
    with target("catalog package: load") as tally:

        @BOUNDED
        @given(
            st.binary(max_size=300)
            | st.builds(
                lambda n, b: VALID.encode()[:n] + b,
                st.integers(0, len(VALID.encode())),
                st.binary(max_size=5),
            )
        )
        def run(data):
            tally.tick()
            try:
                load(data)
            except ValidationError as exc:
                assert str(exc)

        run()


def _mutate(path, value):
    document = json.loads(VALID)
    node = document
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


_DELETE = object()


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        build_town(unit)
    return unit


def test_a_mutated_package_installs_wholly_or_not_at_all(town, contents, sqlite_url):
    with target("catalog package: install") as tally:

        @BOUNDED
        @given(path=st.sampled_from(PATHS), value=json_values | st.just(_DELETE))
        def run(path, value):
            tally.tick()
            document = _mutate(path, copy.deepcopy(value) if value is not _DELETE else value)
            before = contents(sqlite_url)
            try:
                with use_clock(FixedClock(MARCH_10)):
                    apply(town, document, allow_unsigned=True)
            except ValidationError as exc:
                assert str(exc)
                assert contents(sqlite_url) == before

        run()
