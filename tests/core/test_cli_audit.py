"""``dangwu audit verify``: an intact chain passes; an edited event is named, exit 1."""

from dangwu_core.db import connect

from .conftest import assert_ok


def test_audit_verify_names_an_edited_event(run):
    assert_ok(run("db", "upgrade"))
    assert_ok(run("org", "create", "T", "--name", "中共某镇委员会", "--type", "town_committee"))
    result = run("audit", "verify")
    assert_ok(result)
    assert "intact (1 events)" in result.output
    db = connect(run.url)
    db.execute_sql("UPDATE event SET reason = 'forged' WHERE id = 1")
    db.close()
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert "event #1: its content was changed" in result.output
