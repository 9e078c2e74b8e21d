"""``dangwu search reindex`` (issue 15): by id ranges in bounded transactions, the WAL
checkpointed after every batch (it stayed open across commits before and grew to 27 GB),
progress on stderr, unchanged entries left alone unless ``--force``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core import search
from dangwu_core.cli import cli
from dangwu_core.models import Disclosure, SearchDocument, SearchReindex
from dangwu_core.plugins import notify
from dangwu_core.testing import start_unit

from .sample import write_sample


@pytest.fixture
def sampled(sqlite_url):
    unit = start_unit(sqlite_url)
    write_sample(unit, 1200)
    yield unit, sqlite_url
    unit.db.close()


def test_the_wal_is_checkpointed_after_every_batch(sampled):
    unit, _ = sampled
    wal = Path(unit.db.database + "-wal")
    sizes = []
    progress = search.reindex(
        force=True, batch=200, on_batch=lambda p: sizes.append(wal.stat().st_size)
    )
    assert progress.done == Disclosure.select().count() and progress.written == progress.done
    assert len(sizes) == 7  # 1201 disclosures, 200 a batch
    assert max(sizes) == 0, sizes  # truncated after each commit: no reader held it open


def test_reindex_reports_progress_and_skips_what_is_current(sampled):
    unit, url = sampled
    total = Disclosure.select().count()
    notify(unit.pm, "dangwu_register_commands", cli=cli)  # as `dangwu` does at its start
    runner = CliRunner()
    again = runner.invoke(cli, ["--database", url, "search", "reindex", "--batch", "500"])
    assert again.exit_code == 0, again.output
    assert f"indexed {total} disclosures (0 written)" in again.stdout
    lines = [line for line in again.stderr.splitlines() if "documents" in line]
    assert [line.split(" ")[0] for line in lines] == ["500/1201", "1000/1201", "1201/1201"]
    assert all(re.fullmatch(r"\d+/1201 documents, [\d,]+/s", line) for line in lines)
    forced = runner.invoke(cli, ["--database", url, "search", "reindex", "--force"])
    assert f"indexed {total} disclosures ({total} written)" in forced.stdout, forced.output
    assert SearchReindex.select().where(SearchReindex.finished_at.is_null()).count() == 0
    assert SearchDocument.select().count() == total
    readable = unit.listed_disclosures(None)
    assert search.search("党费", readable).total > 0
