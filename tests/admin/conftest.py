"""Fixtures of the admin tests: the demo town (built once per worker, copied per test), its
application, and clients logged in as the demo's people."""

from __future__ import annotations

import re

import pytest
from browsing import chromium, serving
from demo_town import PASSWORD, login  # noqa: F401 (the tests import them from here)


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


@pytest.fixture
def server(app):
    """The demo's app served on 127.0.0.1 (for the browser tests); its base URL."""
    with serving(app) as url:
        yield url


@pytest.fixture
def browser():
    """A launched Chromium (the browser tests skip themselves where it is missing)."""
    with chromium() as launched:
        yield launched
