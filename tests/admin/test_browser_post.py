"""The admin's forms as a browser posts them: every input the page carries, one CSRF token.

Regression: Flask-Admin's form macro added a Flask-WTF ``csrf_token`` input next to the form's
own when the form had no ``hidden_tag``; a browser posted both, the form validated the first
(the wrong one) and the new-disclosure page answered "Failed to create record". Test clients
that post a hand-picked token did not see it.
"""

from __future__ import annotations

import re

from browsing import require_browser

from dangwu_core.models import Disclosure

from .conftest import PASSWORD
from .helpers import C01, org

sync_api = require_browser("the admin's browser post test")


def _form_of(page: str) -> str:
    found = re.search(r'<form[^>]*class="[^"]*admin-form[^"]*".*?</form>', page, re.S)
    assert found, "no admin form on the page"
    return found.group(0)


def test_the_new_disclosure_form_carries_one_csrf_token(app, demo, as_user):
    page = as_user("sunl").get("/admin/disclosure/new/").get_data(as_text=True)
    assert _form_of(page).count('name="csrf_token"') == 1


def test_a_liaison_creates_a_draft_in_the_browser(demo, server, browser):
    page = browser.new_page(locale="zh-CN")
    page.goto(server + "/party/login?next=/admin/")
    page.get_by_label("用户名").fill("sunl")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    page.goto(server + "/admin/disclosure/new/")
    page.select_option("#organization", str(org(C01).id))
    page.fill("#title", "浏览器新建的草稿")
    page.locator("#body").evaluate("(el, v) => { el.value = v; }", "<p>支部委员会会议记录。</p>")
    page.select_option("#scope", "party")
    page.select_option("#channels", ["meeting"])
    page.locator("form.admin-form [type=submit]").first.click()
    page.wait_for_load_state()
    assert "Failed to create record" not in page.content()
    created = Disclosure.get_or_none(Disclosure.title == "浏览器新建的草稿")
    assert created is not None and created.state == "draft"


def test_every_admin_form_is_an_admin_form():
    """The one-token rule holds for every form class of the admin, core's and plugins' (a
    form built on Flask-Admin's ``SecureForm`` directly would post two tokens again)."""
    import importlib
    import pkgutil

    from flask_admin.form import SecureForm

    import dangwu_core.admin
    from dangwu_core.admin.base import AdminForm

    found = []
    for info in pkgutil.walk_packages(dangwu_core.admin.__path__, "dangwu_core.admin."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, SecureForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    assert found, "no admin form found: the walk is broken"
    assert [f.__qualname__ for f in found if not issubclass(f, AdminForm)] == []
