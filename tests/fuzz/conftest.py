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


#: Columns that record use, not data: an API token's ``last_used_at`` is touched when it is
#: used (at most every few minutes, tokens.TOUCH_EVERY), refused request or not.
BOOKKEEPING = {("api_token", "last_used_at")}
#: Tables that record use, not data: the shared rate-limit counters count every attempt,
#: refused or not (web/ratelimit.py).
BOOKKEEPING_TABLES = {"throttle"}


class Writes:
    """What a request committed to the SQLite file, bookkeeping columns left out.

    ``PRAGMA data_version`` on a connection of its own changes exactly when another
    connection commits, so most requests cost one pragma; only after a commit are the tables
    read and compared (with the rows as of the last :meth:`mark`).
    """

    def __init__(self, database_url: str) -> None:
        self._db = sqlite3.connect(urlparse(database_url).path, check_same_thread=False)
        self._version = self._seen = None
        self._rows: dict = {}

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _contents(self) -> dict[str, list]:
        tables = [
            r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        contents = {}
        for table in tables:
            if table in BOOKKEEPING_TABLES:
                continue
            columns = [
                r[1]
                for r in self._db.execute(f'PRAGMA table_info("{table}")')
                if (table, r[1]) not in BOOKKEEPING
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = self._db.execute(f'SELECT {listed} FROM "{table}"').fetchall()
            contents[table] = sorted(rows, key=repr)
        return contents

    def mark(self) -> None:
        """Remember the database as it is now."""
        self._version = self._data_version()
        if self._version != self._seen:
            self._rows, self._seen = self._contents(), self._version

    def changed(self) -> list[str]:
        """The tables whose rows differ from the last :meth:`mark` (bookkeeping ignored)."""
        if self._data_version() == self._version:
            return []
        now = self._contents()
        return sorted(t for t in set(now) | set(self._rows) if now.get(t) != self._rows.get(t))

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
