"""Logging in under attack (issue 13, items 3 and 10): the lockout holds when wrong passwords
arrive at once, on SQLite and PostgreSQL; the KDF runs once for a known and an unknown user;
outdated hashes are remade; rate limits per client and per username.

The concurrent tests post from threads, each with its own test client and so its own database
connection (peewee's connections are per thread), all released together by a barrier.
"""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.security import generate_password_hash

from dangwu_core import people
from dangwu_core.app import create_app
from dangwu_core.models import Account, Event
from dangwu_core.web import auth

from .conftest import PASSWORD, login

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
THREADS = 16


def _token(client) -> str:
    return CSRF.search(client.get("/party/login").get_data(as_text=True)).group(1)


def _from(app, address: str):
    """A test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _post(client, token, username, password):
    return client.post(
        "/party/login", data={"username": username, "password": password, "csrf_token": token}
    )


@pytest.fixture
def served(any_unit):
    """An app on SQLite and PostgreSQL with one account, ``wangjg``, and no organization."""
    person = people.create_person("王建国")
    people.create_account(person, "wangjg", PASSWORD)
    app = create_app(unit=any_unit)
    app.config["TESTING"] = True
    # The lockout is under test here, not the rate limits (tested below).
    app.config["DANGWU_RATE_LIMITS"] = {"login": (10**6, 60), "login_account": (10**6, 60)}
    return app


def test_sixteen_concurrent_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    served,
):
    clients = [served.test_client() for _ in range(THREADS)]
    tokens = [_token(c) for c in clients]
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def attempt(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            statuses.append(_post(clients[i], tokens[i], "wangjg", "wrong-password").status_code)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [] and statuses == [401] * THREADS

    account = Account.get(Account.username == "wangjg")
    assert account.locked_until is not None
    # Exactly one request locked it; the others counted up to it or found it locked.
    assert Event.select().where(Event.action == "account.locked").count() == 1
    client = served.test_client()
    refused = _post(client, _token(client), "wangjg", PASSWORD)
    assert refused.status_code == 401 and "临时锁定" in refused.get_data(as_text=True)
    assert client.get("/party/").status_code == 302  # still anonymous


def test_concurrent_wrong_passwords_are_each_counted(served):
    """Four at once (one below the limit): none is lost, the account is not yet locked."""
    clients = [served.test_client() for _ in range(auth.MAX_FAILURES - 1)]
    tokens = [_token(c) for c in clients]
    barrier = threading.Barrier(len(clients))

    def attempt(i: int) -> None:
        barrier.wait(timeout=60)
        _post(clients[i], tokens[i], "wangjg", "wrong-password")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    account = Account.get(Account.username == "wangjg")
    assert account.failed_logins == auth.MAX_FAILURES - 1 and account.locked_until is None


# --- item 10: the same work for known and unknown users ---------------------------------


@pytest.fixture
def kdf_calls(monkeypatch):
    """Every password check the login makes: the method and parameters of the hash checked."""
    calls: list[str] = []
    real = people.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash.partition("$")[0])
        return real(pwhash, password)

    monkeypatch.setattr(people, "check_password_hash", counting)
    return calls


@pytest.mark.parametrize("username", ["qianyf", "nobody-of-this-name", "", "qianyf " * 9], ids=repr)
def test_every_wrong_login_runs_the_kdf_once_with_the_same_parameters(client, kdf_calls, username):
    token = _token(client)
    response = _post(client, token, username, "wrong-password")
    if username.strip():
        assert response.status_code == 401 and "用户名或密码不正确" in response.get_data(
            as_text=True
        )
        assert kdf_calls == [people.PASSWORD_METHOD]
    else:  # the form refuses an empty username before any check
        assert response.status_code == 400 and kdf_calls == []


def test_an_inactive_account_costs_what_any_other_login_does(client, kdf_calls):
    Account.update(is_active=False).where(Account.username == "qianyf").execute()
    response = _post(client, _token(client), "qianyf", PASSWORD)
    assert response.status_code == 401
    assert kdf_calls == [people.PASSWORD_METHOD]


def test_a_locked_account_still_runs_the_kdf(client, kdf_calls):
    for _ in range(auth.MAX_FAILURES):
        _post(client, _token(client), "qianyf", "wrong-password")
    kdf_calls.clear()
    response = _post(client, _token(client), "qianyf", PASSWORD)
    assert "临时锁定" in response.get_data(as_text=True)
    assert kdf_calls == [people.PASSWORD_METHOD]


# --- the KDF's parameters: modern, and old hashes remade at login -----------------------


#: OWASP's password storage cheat sheet: scrypt's equally strong minima, N -> p (r=8).
OWASP_SCRYPT = {2**17: 1, 2**16: 2, 2**15: 3, 2**14: 5, 2**13: 10}


def test_new_hashes_use_scrypt_with_owasp_parameters(demo):
    method, n, r, p = people.PASSWORD_METHOD.split(":")
    assert method == "scrypt" and int(r) >= 8
    assert int(n) in OWASP_SCRYPT and int(p) >= OWASP_SCRYPT[int(n)]
    made = people.hash_password("a-good-long-phrase")
    assert made.startswith(people.PASSWORD_METHOD + "$") and not people.needs_rehash(made)


@pytest.mark.parametrize("old_method", ["scrypt", "pbkdf2:sha256:600000"])
def test_an_outdated_hash_is_remade_at_the_next_login(client, old_method):
    old = generate_password_hash(PASSWORD, method=old_method)
    Account.update(password_hash=old).where(Account.username == "qianyf").execute()
    assert _post(client, _token(client), "qianyf", "wrong-password").status_code == 401
    assert Account.get(Account.username == "qianyf").password_hash == old  # not on failure

    login(client, "qianyf")
    remade = Account.get(Account.username == "qianyf").password_hash
    assert remade != old and remade.startswith(people.PASSWORD_METHOD + "$")
    assert Event.select().where(Event.action == "account.rehash").count() == 1
    assert client.get("/party/").status_code == 200  # the session follows the new hash
    other = client.application.test_client()
    login(other, "qianyf")  # the same password opens it again; nothing remade twice
    assert Account.get(Account.username == "qianyf").password_hash == remade


# --- rate limits on logins: per client and per username ---------------------------------


def test_logins_are_limited_per_username_whoever_asks(app):
    app.config["DANGWU_RATE_LIMITS"] = {"login_account": (3, 600)}
    for i in range(3):
        client = _from(app, f"198.51.100.{i}")
        assert _post(client, _token(client), "nobody", "wrong-password").status_code == 401
    client = _from(app, "198.51.100.9")
    refused = _post(client, _token(client), "nobody", "wrong-password")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # another username from the same client is not affected
    assert _post(client, _token(client), "qianyf", PASSWORD).status_code == 302


def test_logins_are_limited_per_client(app):
    app.config["DANGWU_RATE_LIMITS"] = {"login": (2, 600)}
    one = _from(app, "198.51.100.1")
    for username in ("a-user", "b-user"):
        assert _post(one, _token(one), username, "wrong-password").status_code == 401
    assert _post(one, _token(one), "qianyf", PASSWORD).status_code == 429
    two = _from(app, "198.51.100.2")
    assert _post(two, _token(two), "qianyf", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("username", "password"),
    [("wang\x00jg", "wrong-password"), ("wangjg", "wrong\x00password"), ("x" * 300, "p" * 150)],
    ids=["nul-in-username", "nul-in-password", "too-long"],
)
def test_odd_logins_are_refused_not_crashed(served, username, password):
    """PostgreSQL refuses a NUL in text: such a name is simply unknown (counted all the same)."""
    client = served.test_client()
    response = _post(client, _token(client), username, password)
    assert response.status_code in (400, 401), response.get_data(as_text=True)[:300]
