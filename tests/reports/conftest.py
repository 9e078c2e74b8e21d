"""Fixtures of the annual report tests: the demo town, once per worker, copied per test."""

from __future__ import annotations

import re
import shutil

import pytest

from dangwu_core.demo import build_demo
from dangwu_core.testing import start_unit

PASSWORD = "dangwu-demo"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports-demo") / "demo.db"
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


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"username": username, "password": password, "csrf_token": token.group(1)}
    assert client.post("/party/login", data=data).status_code in (302, 303)
    return client
