"""The fixed cost of a request: one connection per serving thread, kept across requests with
its PRAGMAs set once, and a 304 answered from the validator alone (the reader's credentials
and the newest event: no access rule, no template, no person loaded).

A 304 never confirms a page to a reader who could not read it: the ETag is keyed with the
unit's secret and names the reader, and a permission change is an event, which moves it."""

from __future__ import annotations

import contextlib
import os
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dangwu_core import people
from dangwu_core.app import create_app
from dangwu_core.db import database, is_postgres, sqlite_file
from dangwu_core.models import Disclosure, Person, RoleAssignment
from dangwu_core.testing import counting_statements

from .conftest import login


def reader(app, username: str):
    """A client of ``app`` logged in as ``username``."""
    client = app.test_client()
    assert login(client, username).status_code in (302, 303)
    return client


def _pages():
    published = Disclosure.get(Disclosure.state == "published", Disclosure.scope == "public")
    return [
        "/",
        "/api/v1/disclosures",
        f"/api/v1/disclosures/{published.id}",
        f"/disclosures/{published.id}",
        "/org/TS-B01",
    ]


def test_a_request_reuses_the_threads_connection(client):
    """The test client serves in this thread: after a request its connection is still open,
    the same one, and the next request uses it again (no connect, no PRAGMAs)."""
    client.get("/")
    connection = database.connection()
    for url in _pages():
        assert client.get(url).status_code == 200
        assert not database.is_closed() and database.connection() is connection


def test_a_304_runs_the_newest_event_query_and_nothing_else(client):
    for url in _pages():
        etag = client.get(url).headers["ETag"]
        with counting_statements() as sent:
            again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert len(sent) == 1 and '"event"' in sent[0], (url, sent)


def test_a_logged_in_readers_304_reads_only_their_account_and_the_newest_event(client):
    login(client, "qianyf")
    for url in _pages():
        etag = client.get(url).headers["ETag"]
        with counting_statements() as sent:
            again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        tables = ['"account"' in s or '"event"' in s for s in sent]
        assert len(sent) == 2 and all(tables), (url, sent)


def test_another_reader_cannot_revalidate_a_page_they_may_not_read(app):
    """A unit-scope disclosure (the national regulation's 在本单位公开) read by a member of
    its branch: the ETag they were sent gets no 304 for anyone else."""
    item = Disclosure.get(Disclosure.scope == "unit", Disclosure.state == "published")
    url = f"/disclosures/{item.id}"
    member = reader(app, "fenggl")
    etag = member.get(url).headers["ETag"]
    assert member.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert app.test_client().get(url, headers={"If-None-Match": etag}).status_code == 404
    other = reader(app, "qianyf")
    assert other.get(url, headers={"If-None-Match": etag}).status_code == 404


def test_a_permission_change_moves_the_validator(app):
    """Taking the member's role away is an event: their old ETag no longer answers 304,
    and the page is refused to them."""
    item = Disclosure.get(Disclosure.scope == "unit", Disclosure.state == "published")
    url = f"/disclosures/{item.id}"
    member = reader(app, "fenggl")
    etag = member.get(url).headers["ETag"]
    person = Person.get(Person.name == "冯桂兰")
    for assignment in RoleAssignment.select().where(RoleAssignment.person == person):
        people.revoke_role(assignment)
    assert member.get(url, headers={"If-None-Match": etag}).status_code == 404


def test_an_etag_is_keyed_with_the_units_secret(demo):
    """Two applications of the same unit with different secrets send different ETags for
    the same page and reader: an ETag cannot be computed, only received."""
    first, second = create_app(unit=demo), create_app(unit=demo)
    first.config["SECRET_KEY"], second.config["SECRET_KEY"] = "one" * 12, "two" * 12
    a = first.test_client().get("/").headers["ETag"]
    b = second.test_client().get("/").headers["ETag"]
    assert a != b
    assert second.test_client().get("/", headers={"If-None-Match": a}).status_code == 200


def _open_connections(db) -> int:
    """Connections of this process to ``db``: its file's descriptors (SQLite), or the
    server's sessions on the database (PostgreSQL), this test's own included."""
    if is_postgres(db):
        cursor = db.execute_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]
    path = sqlite_file(db).resolve()
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if Path(os.readlink(f"/proc/self/fd/{fd}")) == path:
                count += 1
    return count


@pytest.mark.parametrize("threads", [1, 3])
def test_requests_on_t_threads_leave_at_most_t_connections(any_unit, threads):
    """``dangwu serve``'s server (waitress) with T threads: N concurrent requests leave at
    most T connections open (one per thread, kept), besides the test's own."""
    import waitress.server
    from waitress import wasyncore

    app = create_app(unit=any_unit)
    server = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=threads)
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        database.connection()
        before = _open_connections(any_unit.db)

        def fetch(path):
            with urllib.request.urlopen(base + path, timeout=30) as answer:  # nosec B310
                return answer.status

        with ThreadPoolExecutor(max_workers=threads * 2) as pool:
            answers = list(pool.map(fetch, ["/", "/api/v1/organizations"] * 20))
        assert answers == [200] * 40
        opened = _open_connections(any_unit.db) - before
        assert 1 <= opened <= threads
    finally:
        # Closed from the server's own loop (a close from here would pull its sockets away
        # from under its select), which then ends with nothing left to watch.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server.map))
        runner.join(10)
        server.task_dispatcher.shutdown()
