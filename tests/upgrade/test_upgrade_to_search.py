"""Migration 0009 (search on the database's own full-text index, issue 15): an older unit's
``dangwu db upgrade`` fills the new index, so its members find what they found before.

Runs on SQLite and, with ``TEST_POSTGRESQL_URL``, on PostgreSQL (``old_unit``).
"""

from __future__ import annotations

from dangwu_core import search
from dangwu_core.cli.db import SEARCH_ENGINE
from dangwu_core.models import Account, Disclosure, SearchDocument
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

from .test_upgrade_from_0001 import invoke, old_unit  # noqa: F401 (the fixture)


def refilled(url: str, output: str) -> Unit:
    """The unit at ``url`` after an upgrade that said ``output``, its index checked filled: one
    entry per disclosure, and a member finds what they found before (the public nothing).
    The caller closes ``unit.db``."""
    unit = Unit.start(load_settings(environ={}, database_url=url))
    unit.connect()
    total = Disclosure.select().count()
    assert f"Indexed {total} disclosure(s) for search." in output
    assert SearchDocument.select().count() == total
    member = Account.get(Account.username == "qianyf").person
    found = search.search("党费收缴", unit.listed_disclosures(member))
    assert {h.disclosure.title for h in found.hits} == {
        "2026年第一季度党费收缴情况",
        "2026年第二季度党费收缴情况",
    }
    assert search.search("党费收缴", unit.listed_disclosures(None)).total == 0
    return unit


def test_the_upgrade_fills_the_new_index(old_unit):  # noqa: F811
    assert f"pending  {SEARCH_ENGINE}" in invoke(old_unit, "db", "status").output
    upgraded = invoke(old_unit, "db", "upgrade")
    refilled(old_unit, upgraded.output).db.close()
    assert "Indexed" not in invoke(old_unit, "db", "upgrade").output  # once, with 0009
