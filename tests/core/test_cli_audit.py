"""``dangwu audit verify``: an intact chain passes; an edited event is named, exit 1."""

from dangwu_core.db import connect

from .conftest import assert_ok


def test_audit_verify_names_an_edited_event(run):
    assert_ok(run("db", "upgrade"))
    assert_ok(
        run("org", "create", "T", "--name", "中共某镇委员会", "--type", "testsector_committee")
    )
    result = run("audit", "verify")
    assert_ok(result)
    assert "intact (1 events)" in result.output
    db = connect(run.url)
    db.execute_sql("UPDATE event SET reason = 'forged' WHERE id = 1")
    db.close()
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert "event #1: its content was changed" in result.output


def test_check_warns_about_a_disabled_plugin_that_is_not_installed(run, monkeypatch):
    assert_ok(run("db", "upgrade"))
    monkeypatch.setenv("DANGWU_DISABLED_PLUGINS", "no-such-plugin,testsector")
    monkeypatch.setenv("DANGWU_ADMIN_PASSWORD", "not-a-setting")
    result = run("check")
    assert_ok(result)
    assert "disabled plugin 'no-such-plugin' is not installed" in result.output
    assert "'testsector'" not in result.output
    assert "admin_password" not in result.output
