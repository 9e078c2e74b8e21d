"""The web tests use the demo town and its application (``demo``, ``app`` in
tests/conftest.py) and clients that log in as the demo's people."""

from __future__ import annotations

import pytest
from demo_town import PASSWORD  # noqa: F401 (the tests import it from here)
from demo_town import post_login as login  # noqa: F401


@pytest.fixture
def client(app):
    return app.test_client()
