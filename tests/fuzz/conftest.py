"""Fixtures of the fuzz tests: the demo unit's application with rate limits lifted, an API
token, clients, and a watch on the database that tells whether a request committed a write.

Budget and figures: tests/fuzzing.py (``DANGWU_FUZZ_EXAMPLES``, ``DANGWU_FUZZ_REPORT``).
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlparse

import pytest

from dangwu_core import tokens
from dangwu_core.app import create_app
from dangwu_core.models import Account, Organization

#: A traceback's first line, and the names of Python's exceptions, never sent to a client.
TRACEBACK_MARKERS = ("Traceback (most recent call last)", '.py", line ')


class Writes:
    """Whether anything was committed to the SQLite file since the last :meth:`mark`.

    ``PRAGMA data_version`` of a connection of its own changes exactly when another
    connection commits: a refusal that wrote anything is seen, however small the write.
    """

    def __init__(self, database_url: str) -> None:
        path = urlparse(database_url).path
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._version = self._read()

    def _read(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def mark(self) -> None:
        self._version = self._read()

    def committed(self) -> bool:
        return self._read() != self._version

    def close(self) -> None:
        self._db.close()


@pytest.fixture
def fuzz_app(demo):
    """The demo unit's application; rate limits lifted so that every input reaches the code."""
    application = create_app(unit=demo)
    application.config["TESTING"] = True
    application.config["DANGWU_RATE_LIMITS"] = dict.fromkeys(
        ("feedback", "request", "receipt", "login", "rating"), (10**9, 1)
    )
    return application


@pytest.fixture
def writes(demo):
    watch = Writes(demo.settings.database_url)
    yield watch
    watch.close()


@pytest.fixture
def api_token(demo) -> str:
    """A read-write API token of the town office (publisher, reaching down)."""
    office = Account.get(Account.username == "lixy").person
    town = Organization.get(Organization.parent.is_null())
    _, secret = tokens.issue(office, town, "fuzz", can_write=True)
    return secret


def no_traceback(text: str) -> str | None:
    """Which traceback marker ``text`` shows, or None."""
    return next((m for m in TRACEBACK_MARKERS if m in text), None)
