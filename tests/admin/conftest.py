"""Fixtures of the admin tests: the demo town (built once per worker, copied per test), its
application, and clients logged in as the demo's people."""

from __future__ import annotations

import re
import shutil

import pytest

from dangwu_core.app import create_app
from dangwu_core.demo import build_demo
from dangwu_core.testing import start_unit

PASSWORD = "dangwu-demo"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A SQLite file holding the villages demo town, built once."""
    path = tmp_path_factory.mktemp("admin-demo") / "demo.db"
    unit = start_unit(f"sqlite:///{path}")
    build_demo(unit, "villages")
    unit.db.close()
    return path


@pytest.fixture
def demo(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    unit = start_unit(f"sqlite:///{path}")
    yield unit
    unit.db.close()


@pytest.fixture
def app(demo):
    application = create_app(unit=demo)
    application.config["TESTING"] = True
    return application


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/party/login", data=data)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def as_user(app):
    """``as_user("lixy")``: a test client logged in as a demo person."""

    def make(username: str):
        return login(app.test_client(), username)

    return make


def csrf(page: str) -> str:
    """The CSRF token of the first Flask-Admin form on ``page``."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page
    )
    assert found, "no CSRF token on the page"
    return found.group(1)
