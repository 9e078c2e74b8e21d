"""``dangwu batch due|prepare`` (003 §8(二)): what the month's sheet covers, and drafting it,
for scripts; refusals are one line and change nothing."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from dangwu_core import people
from dangwu_core.cli import cli
from dangwu_core.models import DisclosureSection

from .conftest import on


def run(url, *args):
    return CliRunner().invoke(cli, ["--database", url, "batch", *args])


def test_due_lists_the_month_and_prepare_drafts_the_sheet_003_8_2(branch):
    """003 §8(二): the items due on the month's 党务公开日, then one sheet for them."""
    url = branch.unit.settings.database_url
    people.create_account(branch.liaison, "sunl", "a-long-enough-password")
    with on(dt.date(2026, 3, 2)):
        due = run(url, "due", "--org", "TS-B01", "--month", "2026-03")
        assert due.exit_code == 0, due.output
        lines = due.output.splitlines()
        assert lines[0].startswith("中共测试单位第一支部委员会 2026-03: 党务公开日 2026-03-")
        assert "ZZ-04  党费收缴、管理和使用情况  2026-03" in due.output
        assert lines[-1] == f"{len(lines) - 2} obligation(s) due"

        made = run(url, "prepare", "--org", "TS-B01", "--month", "2026-03", "--actor", "sunl")
        assert made.exit_code == 0, made.output
        assert "中共测试单位第一支部委员会2026年3月党务公开" in made.output
        assert f"{len(lines) - 2} section(s), draft" in made.output
        assert DisclosureSection.select().count() == len(lines) - 2

        again = run(url, "due", "--org", "TS-B01", "--month", "2026-03")
        assert again.output.splitlines()[-1] == "0 obligation(s) due"


def test_refusals_are_one_line_and_change_nothing(branch, contents):
    url = branch.unit.settings.database_url
    before = contents(url)
    with on(dt.date(2026, 3, 2)):
        for args, fragment in [
            (("due", "--org", "TS-B01", "--month", "March"), "YYYY-MM"),
            (("due", "--org", "NOPE", "--month", "2026-03"), "no organization has the code"),
            (
                ("prepare", "--org", "TS-B01", "--month", "2026-03", "--actor", "nobody"),
                "nobody",
            ),
        ]:
            result = run(url, *args)
            assert result.exit_code == 1, result.output
            assert result.output.startswith("Error: ") and fragment in result.output
            assert len(result.output.strip().splitlines()) == 1
    assert contents(url) == before
