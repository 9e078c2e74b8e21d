"""The full-text index finds what a plain ``LIKE`` over title and body finds (issue 15), on a
generated sample, for an anonymous reader, on SQLite and PostgreSQL: two-character words,
phrases, single characters, ASCII words and mixed queries (each part must match)."""

from __future__ import annotations

import peewee
import pytest

from dangwu_core import search
from dangwu_core.models import Disclosure, DisclosureVersion

from .sample import write_sample

QUERIES = [
    "党费",
    "换届",
    "公示",
    "发展党员",
    "民主评议党员",
    "党",
    "厕",
    "pdf",
    "2026",
    "PDF",
    "费换",  # across two words of the generator: still a substring of a run
    "员大",
    "党费收缴",
    "2026年党费",
    "pdf 公示",
    "会议纪要 docx",
    "整治厕",
    "ppt党员",
    "选举结果公示",
    "党费党费",
]
SAMPLE = 3000


@pytest.fixture
def sample(any_unit):
    write_sample(any_unit, SAMPLE)
    return any_unit


def like(readable: peewee.ModelSelect, query: str) -> set[int]:
    """The ids whose current title and body contain every part of ``query``: a scan."""
    text = peewee.fn.LOWER(DisclosureVersion.title.concat(" ").concat(DisclosureVersion.body))
    scan = readable.select(Disclosure.id).join(
        DisclosureVersion,
        on=(
            (DisclosureVersion.disclosure == Disclosure.id)
            & (DisclosureVersion.number == Disclosure.current_version)
        ),
    )
    for part in search.query_parts(query):
        scan = scan.where(text.contains(part))
    return {d for (d,) in scan.tuples()}


def test_the_index_finds_what_a_like_scan_finds(sample):
    readable = sample.listed_disclosures(None)
    sizes = {}
    for query in QUERIES:
        expected = like(readable, query)
        found = search.search(query, readable, per_page=SAMPLE, order=search.NEWEST)
        assert {h.disclosure.id for h in found.hits} == expected, query
        assert found.total == min(len(expected), search.TOTAL_CAP), query
        if len(expected) <= search.TOTAL_CAP:
            ranked = search.search(query, readable, per_page=SAMPLE)
            assert {h.disclosure.id for h in ranked.hits} == expected, query
        sizes[query] = len(expected)
    # the sample exercises every case: common words, rare phrases, none at all
    assert sizes["党"] > search.TOTAL_CAP and sizes["民主评议党员"] > 0
    assert 0 < sizes["整治厕"] < sizes["厕"] and sizes["2026年党费"] == 0
    members_only = Disclosure.select().where(Disclosure.scope == "party").count()
    assert members_only > 0 and sizes["党"] <= SAMPLE - members_only
