"""The password policy and the KDF (issue 13: "password hashing with a modern KDF and a
password policy"), in the services and through ``dangwu user``.

Rules: ``dangwu_core.people`` (a minimum length, none of the obvious passwords; scrypt with
OWASP's parameters; the KDF runs once per check, known user or not).
"""

from __future__ import annotations

import pytest

from dangwu_core import people
from dangwu_core.db import connect
from dangwu_core.models import Account, Event

from .conftest import assert_ok, assert_refused

GOOD = "tea-garden-2026"


@pytest.fixture
def named(any_unit):
    """A unit (SQLite and PostgreSQL) with one organization and one account."""
    any_unit.create_organization(
        code="TS", name="中共某县某某镇委员会", type="testsector_committee"
    )
    person = people.create_person("王建国")
    return people.create_account(person, "wangjg", GOOD)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short", "too_short"),
        ("", "too_short"),
        ("wangjg", "too_short"),
        ("WangJG12", None),
        ("12345678", "common"),
        ("Password1", "common"),
        ("1q2w3e4r", "common"),
        ("20260302", "digits_only"),
        ("１２３４５６７８９", "digits_only"),
        ("aaaaaaaaaa", "one_character"),
        ("中共某县某某镇委员会", "organization"),
        ("TS", "too_short"),
        ("a-long-password", None),
        ("tab\there-and-long", "characters"),
        ("surrogate-\udcff-long", "characters"),
        ("spaces are fine here", None),
        (GOOD, None),
    ],
)
def test_the_policy_refuses_obvious_passwords(named, password, code):
    if code is None:
        people.check_password_policy(password, username="wangjg")
        return
    with pytest.raises(people.PasswordRefused) as refused:
        people.check_password_policy(password, username="wangjg")
    assert refused.value.code == code and refused.value.field == "password"


def test_the_username_is_not_a_password(named):
    with pytest.raises(people.PasswordRefused) as refused:
        people.create_account(people.create_person("李四"), "lisi-long-name", " LISI-long-NAME")
    assert refused.value.code == "username"
    people.set_password(named, "lisi-long-name")  # another's username is not refused


def test_a_refused_password_changes_nothing(named):
    before = Account.get_by_id(named.id).password_hash
    with pytest.raises(people.PasswordRefused):
        people.set_password(named, "11111111")
    assert Account.get_by_id(named.id).password_hash == before
    assert not Event.select().where(Event.action == "account.password").exists()


def test_unknown_and_known_users_cost_one_kdf_check_each(named, monkeypatch):
    calls = []
    real = people.check_password_hash
    monkeypatch.setattr(
        people, "check_password_hash", lambda h, p: calls.append(h.partition("$")[0]) or real(h, p)
    )
    assert people.authenticate("wangjg", "wrong-password") is None
    assert people.authenticate("nobody", "wrong-password") is None
    assert people.authenticate("wangjg", GOOD).name == "王建国"
    assert calls == [people.PASSWORD_METHOD] * 3


def test_a_password_that_is_not_text_matches_nothing(named):
    assert people.verify_password(Account.get_by_id(named.id), GOOD + "\udcff") is False


def test_an_unreadable_stored_hash_matches_nothing_and_still_costs_one_check(named):
    Account.update(password_hash="md5$abc$def").where(Account.id == named.id).execute()
    assert people.verify_password(Account.get_by_id(named.id), GOOD) is False


# --- through the command line -----------------------------------------------------------


def test_user_create_refuses_an_obvious_password(run, contents):
    assert_ok(run("db", "upgrade"))
    before = contents(run.url)
    result = run("user", "create", "wangjg", "--name", "王建国", "--password", "password123")
    assert_refused(result, "most common")
    assert contents(run.url) == before


def test_user_password_sets_a_new_password_under_the_policy(run):
    assert_ok(run("db", "upgrade"))
    assert_ok(run("user", "create", "wangjg", "--name", "王建国", "--password", GOOD))
    assert_refused(run("user", "password", "wangjg", "--password", "wangjg"), "at least 8")
    assert_refused(run("user", "password", "wangjg", "--password", "99999999"), "digits only")
    assert_refused(run("user", "password", "nobody", "--password", GOOD), "no account")
    changed = run("user", "password", "wangjg", input="new-tea-garden\nnew-tea-garden\n")
    assert_ok(changed)
    assert "Changed the password of 'wangjg'" in changed.output
    connect(run.url)
    assert people.authenticate("wangjg", "new-tea-garden").name == "王建国"
    assert people.authenticate("wangjg", GOOD) is None
