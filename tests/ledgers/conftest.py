"""The ledger tests use the demo town (``demo`` in tests/conftest.py)."""

from __future__ import annotations

from demo_town import PASSWORD, login  # noqa: F401 (the tests import them from here)
