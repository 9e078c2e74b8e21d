"""A person changes their own password in the party area: the current one first, then the
password policy, with its refusals in the reader's language; other sessions end."""

from __future__ import annotations

import re

import pytest

from dangwu_core.models import Account, Event

from .conftest import PASSWORD, login

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
NEW = "tea-garden-2026"


def _change(client, current, new, confirm=None, *, language="zh_CN"):
    url = f"/party/password?lang={language}"
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    return client.post(
        url,
        data={"current": current, "new": new, "confirm": new if confirm is None else confirm,
              "csrf_token": token},
    )  # fmt: skip


def test_the_page_needs_a_login(client):
    response = client.get("/party/password")
    assert response.status_code == 302 and "/party/login" in response.headers["Location"]


def test_a_member_changes_their_password_and_other_sessions_end(app, client):
    other = app.test_client()
    assert login(other, "qianyf").status_code == 302
    login(client, "qianyf")
    assert "修改密码" in client.get("/party/").get_data(as_text=True)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/party/"
    assert "密码已修改" in client.get("/party/").get_data(as_text=True)  # still logged in
    assert other.get("/party/").status_code == 302  # the other session has ended
    assert Event.select().where(Event.action == "account.password").count() == 1
    assert login(app.test_client(), "qianyf", NEW).status_code == 302
    assert login(app.test_client(), "qianyf", PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("new", "chinese", "english"),
    [
        ("short", "密码至少需要8个字符", "at least 8 characters"),
        ("qianyf", "密码至少需要8个字符", "at least 8 characters"),
        ("password123", "最常见的密码", "most common"),
        ("13800138000", "不能全是数字", "digits only"),
        ("zzzzzzzzzz", "同一个字符", "one character"),
    ],
)
def test_the_policy_refuses_in_the_readers_language(client, new, chinese, english):
    login(client, "qianyf")
    before = Account.get(Account.username == "qianyf").password_hash
    refused = _change(client, PASSWORD, new)
    assert refused.status_code == 400 and chinese in refused.get_data(as_text=True)
    in_english = _change(client, PASSWORD, new, language="en")
    assert english in in_english.get_data(as_text=True).lower()
    assert Account.get(Account.username == "qianyf").password_hash == before


def test_a_wrong_current_password_or_confirmation_changes_nothing(client):
    login(client, "qianyf")
    before = Account.get(Account.username == "qianyf").password_hash
    wrong = _change(client, "not-my-password", NEW)
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = _change(client, PASSWORD, NEW, confirm=NEW + "x")
    assert mismatch.status_code == 400 and "两次输入的新密码不一致" in mismatch.get_data(
        as_text=True
    )
    assert Account.get(Account.username == "qianyf").password_hash == before
