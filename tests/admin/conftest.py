"""Fixtures of the admin tests: the demo town (built once per worker, copied per test), its
application, and clients logged in as the demo's people."""

from __future__ import annotations

import re

import pytest
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
