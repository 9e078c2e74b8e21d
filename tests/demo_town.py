"""Logging in as the demo unit's people (the test sector's demo, tests/fixtures/dangwu-testsector;
every login's password is ``PASSWORD``). The unit itself is the ``demo`` fixture of
tests/conftest.py."""

from __future__ import annotations

import re

PASSWORD = "dangwu-demo"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def post_login(client, username: str, password: str = PASSWORD):
    """Post the login form (CSRF token included) as ``username``; return the response."""
    page = client.get("/party/login").get_data(as_text=True)
    token = CSRF.search(page)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    return client.post("/party/login", data=data)


def login(client, username: str, password: str = PASSWORD):
    """Log ``client`` in as ``username`` (asserting it worked) and return the client."""
    response = post_login(client, username, password)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return client
