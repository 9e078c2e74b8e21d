"""Fixtures of the web tests: the demo town (built once per worker, copied per test), its
application and clients that log in as the demo's people."""

from __future__ import annotations

import shutil

import pytest

from dangwu_core.app import create_app
from dangwu_core.demo import build_demo
from dangwu_core.testing import start_unit

PASSWORD = "dangwu-demo"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A SQLite file holding the villages demo town, built once."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    unit = start_unit(f"sqlite:///{path}")
    build_demo(unit, "villages")
    unit.db.close()
    return path


@pytest.fixture
def demo(demo_template, tmp_path):
    """A started unit on a private copy of the demo town."""
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


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username: str, password: str = PASSWORD):
    """Log ``client`` in through the login form (CSRF token included)."""
    import re

    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    return client.post("/party/login", data=data)
