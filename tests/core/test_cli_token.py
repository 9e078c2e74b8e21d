"""``dangwu token``: API tokens for e-screens and integrations from the command line.

Rules: ``dangwu_core.cli.token`` (the secret printed once, only its hash kept; acting for the
unit administrator unless ``--user``; ``--expires`` is the token's last day) and
``dangwu_core.cli`` (a refusal is one ``Error:`` line, exit 1, the database unchanged).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from dangwu_core import tokens
from dangwu_core.db import connect
from dangwu_core.models import ApiToken

from .conftest import assert_ok, assert_refused

PASSWORD = "s3cret-pass"


@pytest.fixture
def unit_db(run):
    assert_ok(run("init", "--admin-username", "root", "--admin-password", PASSWORD))
    assert_ok(
        run("org", "create", "T", "--name", "中共某镇委员会", "--type", "testsector_committee")
    )
    return run


def _secret(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_issue_prints_the_secret_once_and_keeps_only_its_hash(unit_db):
    result = unit_db("token", "issue", "T", "--name", "村部电子屏")
    assert_ok(result)
    secret = _secret(result.output)
    assert secret.startswith(tokens.PREFIX)
    assert "read-only" in result.output and "村部电子屏" in result.output
    db = connect(unit_db.url)
    token = ApiToken.get()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not token.can_write and token.expires_at is None
    assert tokens.verify(secret).id == token.id
    db.close()
    listed = unit_db("token", "list")
    assert_ok(listed)
    assert "村部电子屏" in listed.output and "active" in listed.output
    assert secret not in listed.output


def test_read_write_and_expiry_at_the_end_of_the_last_day(unit_db):
    result = unit_db(
        "token", "issue", "T", "--name", "镇公开平台", "--read-write", "--expires", "2099-12-31"
    )
    assert_ok(result)
    assert "read-write" in result.output
    db = connect(unit_db.url)
    token = ApiToken.get()
    assert token.can_write
    # the end of 31 December in Asia/Shanghai, stored as naive UTC
    assert token.expires_at == dt.datetime(2099, 12, 31, 16, 0)
    db.close()
    assert "active until 2100-01-01 00:00" in unit_db("token", "list").output


def test_revoke_ends_a_token(unit_db):
    secret = _secret(unit_db("token", "issue", "T", "--name", "屏").output)
    db = connect(unit_db.url)
    token_id = ApiToken.get().id
    db.close()
    result = unit_db("token", "revoke", str(token_id))
    assert_ok(result)
    assert f"Revoked token {token_id}" in result.output
    db = connect(unit_db.url)
    assert tokens.verify(secret) is None
    db.close()
    assert "revoked" in unit_db("token", "list").output
    assert_refused(unit_db("token", "revoke", str(token_id)), "already revoked")


def test_refusals_are_one_line_and_change_nothing(unit_db, contents):
    before = contents(unit_db.url)
    assert_refused(unit_db("token", "issue", "NOPE", "--name", "屏"), "NOPE")
    assert_refused(unit_db("token", "issue", "T", "--name", "  "), "needs a name")
    assert_refused(
        unit_db("token", "issue", "T", "--name", "屏", "--expires", "tomorrow"), "not a date"
    )
    assert_refused(
        unit_db("token", "issue", "T", "--name", "屏", "--expires", "2000-01-01"), "in the past"
    )
    assert_refused(unit_db("token", "issue", "T", "--name", "屏", "--user", "ghost"), "ghost")
    assert_refused(unit_db("token", "revoke", "42"), "no API token has the id 42")
    assert contents(unit_db.url) == before


def test_a_person_without_the_role_cannot_issue(unit_db, contents):
    assert_ok(
        unit_db("user", "create", "member", "--name", "党员", "--password", PASSWORD,
                "--role", "T:member")
    )  # fmt: skip
    before = contents(unit_db.url)
    assert_refused(
        unit_db("token", "issue", "T", "--name", "屏", "--user", "member"), "may not issue"
    )
    assert contents(unit_db.url) == before


def test_without_an_administrator_it_says_what_to_do(run):
    assert_ok(run("db", "upgrade"))
    assert_ok(
        run("org", "create", "T", "--name", "中共某镇委员会", "--type", "testsector_committee")
    )
    assert_refused(run("token", "issue", "T", "--name", "屏"), "dangwu init", "--user")
    assert "No API tokens." in run("token", "list").output
