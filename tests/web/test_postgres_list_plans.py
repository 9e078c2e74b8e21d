"""On PostgreSQL a list's page and count read the indexes of migration 0010, in the lists'
own order (newest first, NULLs last, then the newest id), and never sort the table (issue 15:
reads whose cost does not grow with the table; at 100,000 disclosures the page was a scan and
a sort of ~70 ms, now ~0.1 ms). SQLite's plans are held by ``test_list_costs.py``."""

from __future__ import annotations

import re

import pytest

from dangwu_core.models import Disclosure
from dangwu_core.testing import start_unit
from tests.search.sample import write_sample

SETTINGS = ("enable_seqscan", "enable_bitmapscan", "enable_sort")


@pytest.fixture
def listed(database_url):
    if not database_url.startswith("postgres"):
        pytest.skip("PostgreSQL's plans (SQLite's: test_list_costs.py)")
    unit = start_unit(database_url)
    ids = write_sample(unit, 400)
    organization = Disclosure.get_by_id(ids[0]).organization_id
    unit.db.execute_sql("ANALYZE disclosure")
    # a table this small is cheaper to scan and sort: ask for the plan a large one gets (a
    # sort stays possible, only dearer: it is chosen where no index holds the order)
    for setting in SETTINGS:
        unit.db.execute_sql(f"SET {setting} = off")
    yield unit, organization
    for setting in SETTINGS:
        unit.db.execute_sql(f"RESET {setting}")
    unit.db.close()


def _plan(db, statement) -> str:
    sql, params = statement
    return "\n".join(line for (line,) in db.execute_sql("EXPLAIN " + sql, params).fetchall())


def _sorted(plan: str) -> list[str]:
    """The plan's sort nodes (a Merge Append's "Sort Key" merges sorted inputs: no sort)."""
    return [
        line
        for line in plan.splitlines()
        if re.match(r"(->\s*)?(Incremental )?Sort\s+\(", line.strip())
    ]


@pytest.mark.parametrize("offset", [0, 380])
def test_pages_read_the_order_from_an_index(listed, offset):
    unit, organization = listed
    public = unit.listing(None)
    page = _plan(unit.db, public.ids_sql(offset, 20))
    assert "disclosure_listed_newest" in page and not _sorted(page), page
    of_one = unit.listing(
        None, unit.listed_disclosures(None).where(Disclosure.organization == organization)
    )
    page = _plan(unit.db, of_one.ids_sql(offset, 20))
    assert "disclosure_organization_newest" in page and not _sorted(page), page
    assert [d.id for d in public.rows(offset, 20)] == [
        d.id
        for d in unit.listed_disclosures(None)
        .order_by(Disclosure.published_at.desc(nulls="LAST"), Disclosure.id.desc())
        .offset(offset)
        .limit(20)
    ]


def test_counts_read_an_index_only(listed):
    unit, organization = listed
    count = _plan(unit.db, unit.listing(None).count_sql())
    assert "Index Only Scan using disclosure_listed_newest" in count, count
    of_one = unit.listing(
        None, unit.listed_disclosures(None).where(Disclosure.organization == organization)
    )
    count = _plan(unit.db, of_one.count_sql())
    assert "Index Only Scan using disclosure_organization_newest" in count, count
