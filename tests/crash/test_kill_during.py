"""kill -9 in the middle of an operation leaves nothing half done (issue 13, crash tests).

Each test runs the real command line in a subprocess, stops it inside its work with a crash
point (:mod:`tests.crash.harness`), kills it with SIGKILL, and then checks through the
services and ``dangwu audit verify`` that the database holds either all of the operation
or none of it. On SQLite and on PostgreSQL (``database_url``).
"""

from __future__ import annotations

import pytest

from dangwu_core import backup, search
from dangwu_core.models import (
    Account,
    Catalog,
    CatalogItem,
    Disclosure,
    Event,
    Obligation,
    SearchDocument,
    SearchReindex,
)
from dangwu_core.settings import load_settings
from dangwu_core.testing import database_contents
from dangwu_core.unit import Unit

from .harness import assert_audit_intact, dangwu, kill_during

TEMPLATE = "testsector.standard"


def ok(result) -> None:
    assert result.returncode == 0, (result.stdout, result.stderr)


@pytest.fixture
def town(database_url, tmp_path):
    """An upgraded database with a committee and two branches of the test sector."""
    ok(dangwu(database_url, "db", "upgrade", cwd=tmp_path))
    for args in (
        ("TS", "--name", "中共某单位委员会", "--type", "testsector_committee"),
        ("C1", "--name", "第一支部", "--type", "testsector_branch", "--parent", "TS"),
        ("C2", "--name", "第二支部", "--type", "testsector_branch", "--parent", "TS"),
    ):
        ok(dangwu(database_url, "org", "create", *args, cwd=tmp_path))
    return database_url


@pytest.fixture
def demo_url(database_url, tmp_path):
    ok(dangwu(database_url, "demo", "--sector", "testsector", cwd=tmp_path))
    return database_url


class Reader:
    """The unit as a reader after the crash: its own connection, closed at the end."""

    def __init__(self, url: str):
        self.unit = Unit.start(load_settings(environ={}, database_url=url))
        self.unit.connect()

    def close(self) -> None:
        self.unit.db.close()


@pytest.fixture
def reader():
    opened: list[Reader] = []

    def open_(url: str) -> Unit:
        opened.append(Reader(url))
        return opened[-1].unit

    yield open_
    for r in opened:
        r.close()


def test_kill_during_a_catalog_install_leaves_no_catalog_and_installs_after(town, tmp_path, reader):
    before = database_contents(town)
    # stop at the install's second audit record: rows written, the transaction still open
    kill_during(town, "catalog", "install", "--template", TEMPLATE,
                target="dangwu_core.audit.record", nth=2, cwd=tmp_path)  # fmt: skip
    assert database_contents(town) == before  # nothing of it: no catalog, item, obligation
    assert_audit_intact(town)

    ok(dangwu(town, "catalog", "install", "--template", TEMPLATE, cwd=tmp_path))
    unit = reader(town)
    catalog = Catalog.get()
    assert CatalogItem.select().where(CatalogItem.catalog == catalog).count() > 0
    assert Obligation.select().count() > 0
    assert unit.db is not None
    assert_audit_intact(town)


def _approved(unit: Unit) -> tuple[Disclosure, str]:
    """An approved disclosure of the demo and the username of someone who may publish it."""
    for disclosure in Disclosure.select().where(Disclosure.state == "approved"):
        for account in Account.select():
            if "publish" in unit.available_transitions(disclosure, account.person):
                return disclosure, account.username
    raise AssertionError("the demo has no approved disclosure someone may publish")


def test_kill_during_a_publication_leaves_it_unpublished_with_no_event(demo_url, tmp_path, reader):
    unit = reader(demo_url)
    disclosure, publisher = _approved(unit)
    events = Event.select().count()
    unit.db.close()
    before = database_contents(demo_url)
    # stop inside the transaction: the publish event recorded, its effects not committed
    kill_during(demo_url, "crashtest-fire", str(disclosure.id), "publish", publisher,
                target="dangwu_core.audit.record", match="publish", after=True,
                cwd=tmp_path)  # fmt: skip
    assert database_contents(demo_url) == before
    unit = reader(demo_url)
    again = Disclosure.get_by_id(disclosure.id)
    assert again.state == "approved" and again.published_at is None
    assert Event.select().count() == events
    assert again.id not in {d.id for d in unit.readable_disclosures(None)}
    assert_audit_intact(demo_url)

    ok(dangwu(demo_url, "crashtest-fire", str(disclosure.id), "publish", publisher))
    assert Disclosure.get_by_id(disclosure.id).state == "published"
    assert_audit_intact(demo_url)


def test_kill_during_a_search_reindex_leaves_every_document_whole(demo_url, tmp_path, reader):
    """A reindex killed in the middle of a batch loses that batch only: every entry is its
    document's text, the engine's index is consistent, and ``--resume`` goes on after the
    last batch committed."""
    unit = reader(demo_url)

    def stored():
        return {d.disclosure_id: (d.title, d.body) for d in SearchDocument.select()}

    indexed = stored()
    assert len(indexed) >= 6
    ids = [d.id for d in Disclosure.select(Disclosure.id).order_by(Disclosure.id)]
    unit.db.close()
    # stop while the third disclosure's entry is rewritten (the second batch of two): its old
    # tokens taken out (SQLite), its new ones not yet in
    kill_during(demo_url, "search", "reindex", "--force", "--batch", "2", cwd=tmp_path,
                target="dangwu_core.search.engines.tokens", nth=11)  # fmt: skip
    unit = reader(demo_url)
    assert stored() == indexed
    if hasattr(unit.db, "pragma"):  # FTS5 checks its own structure
        unit.db.execute_sql("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    run = SearchReindex.select().order_by(SearchReindex.id.desc()).first()
    assert run.finished_at is None and run.force
    # four calls a disclosure on SQLite (old and new title and body), two on PostgreSQL
    committed = 2 if hasattr(unit.db, "pragma") else 4
    assert run.last_disclosure == ids[committed - 1]

    resumed = dangwu(demo_url, "search", "reindex", "--resume", cwd=tmp_path)
    ok(resumed)
    assert f"indexed {len(ids) - committed} disclosures" in resumed.stdout, resumed.stdout
    unit = reader(demo_url)
    assert SearchReindex.get_by_id(run.id).finished_at is not None
    after = stored()
    assert sorted(after) == ids and after.items() >= indexed.items()  # drafts never moved too
    public = [d for d in unit.listed_disclosures(None) if d.id in indexed]
    assert public, "the demo has public disclosures in the index"
    for disclosure in public:  # what the portal's search finds: every public item, by title
        results = search.search(disclosure.title, unit.listed_disclosures(None), per_page=500)
        assert disclosure.id in {hit.disclosure.id for hit in results.hits}, disclosure.title
    assert_audit_intact(demo_url)


def test_kill_during_a_backup_leaves_no_backup_and_the_next_one_cleans_up(
    town, other_url, tmp_path
):
    file = tmp_path / "nightly.backup"
    # stop after the copy is written to its partial file, before it is checked and renamed
    kill_during(town, "backup", str(file), target="dangwu_core.backup._compare", cwd=tmp_path)
    assert not file.exists()  # never half a backup under its name
    assert len(backup.partial_files(file)) == 1  # the killed one's leftover

    ok(dangwu(town, "backup", str(file), cwd=tmp_path))
    assert backup.partial_files(file) == []
    ok(dangwu(other_url, "restore", str(file), cwd=tmp_path))
    assert database_contents(other_url) == database_contents(town)
    assert_audit_intact(town)
