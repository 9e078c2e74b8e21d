"""``dangwu workflow refile``: what an older release archived into a state readable by scope
although it was never published is filed where it keeps the readers it had (issue 13, item 1;
004 五(五) 归档 files, it does not disclose)."""

from __future__ import annotations

from click.testing import CliRunner

from dangwu_core import audit
from dangwu_core.cli import cli
from dangwu_core.models import Disclosure, Event

from .conftest import walk


def _archived_as_before(town, item, came_from):
    """Put ``item`` where the old default's archive step took it from ``came_from``."""
    Disclosure.update(state="archived").where(Disclosure.id == item.id).execute()
    audit.record(
        "disclosure.archive", "disclosure", item.id, actor=town.publisher,
        organization=item.organization_id, from_state=came_from, to_state="archived",
        payload={"transition": "archive", "workflow": item.workflow},
    )  # fmt: skip
    return Disclosure.get_by_id(item.id)


def test_refile_moves_what_was_archived_unpublished_off_the_public_surfaces(town, sqlite_url):
    unit = town.unit
    refused = walk(town, town.draft(), "start_review")
    unit.fire(refused, "refuse", town.reviewer, comment="涉及个人信息")
    refused = _archived_as_before(town, refused, "refused")
    published = walk(town, town.draft(), "publish")
    unit.fire(published, "archive", town.publisher)
    assert unit.can_read(None, refused)  # the leak an older release left behind

    dry = CliRunner().invoke(cli, ["--database", sqlite_url, "workflow", "refile", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"#{refused.id}" in dry.output and "would refile 1 disclosure(s)" in dry.output
    assert Disclosure.get_by_id(refused.id).state == "archived"

    done = CliRunner().invoke(cli, ["--database", sqlite_url, "workflow", "refile"])
    assert done.exit_code == 0, done.output
    assert "archived (from refused) → archived_undisclosed" in done.output
    refused, published = Disclosure.get_by_id(refused.id), Disclosure.get_by_id(published.id)
    assert (refused.state, published.state) == ("archived_undisclosed", "archived")
    assert not unit.can_read(None, refused) and unit.can_read(town.publisher, refused)
    assert unit.can_read(None, published)
    event = Event.select().where(Event.action == "disclosure.refile").get()
    assert (event.subject_id, event.from_state, event.to_state) == (
        refused.id, "archived", "archived_undisclosed",
    )  # fmt: skip
    assert audit.verify() == []
    again = CliRunner().invoke(cli, ["--database", sqlite_url, "workflow", "refile"])
    assert "refiled 0 disclosure(s)" in again.output


def test_db_upgrade_refiles_what_an_older_release_left_readable(town, sqlite_url):
    """An operator who only runs ``dangwu db upgrade`` after updating is not left with the leak."""
    unit = town.unit
    refused = walk(town, town.draft(), "start_review")
    unit.fire(refused, "refuse", town.reviewer, comment="涉及个人信息")
    refused = _archived_as_before(town, refused, "refused")
    assert unit.can_read(None, refused)

    done = CliRunner().invoke(cli, ["--database", sqlite_url, "db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert "Refiled 1 archived disclosure(s)" in done.output
    assert Disclosure.get_by_id(refused.id).state == "archived_undisclosed"
    assert not unit.can_read(None, Disclosure.get_by_id(refused.id))
    quiet = CliRunner().invoke(cli, ["--database", sqlite_url, "db", "upgrade"])
    assert quiet.exit_code == 0 and "Refiled" not in quiet.output
