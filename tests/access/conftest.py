"""Helpers for the access tests (kept apart from tests/workflow: test packages stay independent)."""

from __future__ import annotations

import datetime as dt

import pytest
from pinned import start_pinned

from dangwu_core import people
from dangwu_core.models import Catalog, CatalogItem, Category

FINDINGS = {
    "necessity": "属目录事项",
    "accuracy": "准确",
    "legality": "合规",
    "secrecy": "不涉密",
}


@pytest.fixture
def unit(sqlite_url):
    """A unit whose every organization type follows core's procedure (``dangwu.default``):
    these tests walk it, whatever the installed sector plugins bind (``tests/pinned.py``)."""
    started = start_pinned(sqlite_url)
    yield started
    started.db.close()


def person(name, org, *roles, reaches_down=False):
    someone = people.create_person(name)
    for role in roles:
        people.assign_role(someone, org, role, reaches_down=reaches_down)
    return someone


def make_item(code):
    catalog = Catalog.create(
        code="access",
        title="测试目录",
        version="1.0.0",
        version_key=1_000_000,
        issuer_code="town",
        issuer_name="仙女镇党委",
        effective_date=dt.date(2026, 1, 1),
    )
    category = Category.create(catalog=catalog, code="c", name="其他")
    return CatalogItem.create(
        catalog=catalog,
        code=code,
        title="目录事项",
        category=category,
        scope="public",
        channels=["website"],
        time_limit="long_term",
    )
