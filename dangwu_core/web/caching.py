"""HTTP caching: ETag and Last-Modified on public pages, API lists and feeds; 304 answers.

Every change in a unit is an audit event (DESIGN.md "every change ... is an event"), so the
newest event's id and time are a validator for everything a reader may see: a publication,
a re-publication, a withdrawal, a new organization, a catalog installed, an obligation gone
overdue all move it. The validator also carries the reader (what they may see differs), the
language, the local date (display windows end with the day) and the URL. An e-screen polling
every few seconds costs one indexed ``max(id)`` query and a 304 until something changes.

Views opt in with :func:`conditional`; the check runs before the view does any work.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac

from flask import Flask, current_app, g, has_request_context, make_response, request

from ..clock import get_clock, today
from ..db import database
from ..models import Event
from .i18n import current_language

#: The newest event's statement, built once per kind of database (building it with peewee
#: costs more than running it).
_NEWEST_SQL: dict[type, tuple[str, list]] = {}


def _query_newest_event() -> tuple[int, dt.datetime | None]:
    db = database.obj
    sql = _NEWEST_SQL.get(type(db))
    if sql is None:
        query = Event.select(Event.id, Event.at).order_by(Event.id.desc()).limit(1)
        sql = _NEWEST_SQL[type(db)] = query.sql()
    row = db.execute_sql(*sql).fetchone()
    return (row[0], Event.at.python_value(row[1])) if row else (0, None)


def newest_event() -> tuple[int, dt.datetime | None]:
    """The newest audit event's ``(id, at)``, or ``(0, None)`` in a unit with no events.

    Every change is an event, so this pair moves with everything a reader may see: it is the
    validator of HTTP caching and the key of anything cached for a page (a list's total).
    Inside a request it is read once and memoized on :data:`flask.g` (the ETag and the totals
    of one answer agree); outside a request (the CLI, a test's app context) it is read afresh
    on every call.
    """
    if not has_request_context():
        return _query_newest_event()
    memo = g.get("_dangwu_newest_event")
    if memo is None:
        memo = g._dangwu_newest_event = _query_newest_event()
    return memo


def validator(reader_key: str) -> tuple[str, dt.datetime]:
    """The ETag (quoted) and Last-Modified (naive UTC) of the current request for a reader.

    The ETag is a keyed hash (HMAC with the application's secret key): nobody can compute the
    ETag of a page without having been sent it, so a 304 only ever confirms a copy the reader
    was given, under the same newest event (a permission change is an event: it moves).
    """
    event_id, at = newest_event()
    raw = "|".join(
        [
            str(event_id),
            today().isoformat(),
            reader_key,
            current_language(),
            request.full_path,
            request.headers.get("Accept", ""),
        ]
    )
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else bytes(key or b"")
    digest = hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:32]
    # The local midnight counts as a change too: a display window ends with the day.
    midnight = get_clock().local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    midnight = midnight.astimezone(dt.UTC).replace(tzinfo=None)
    modified = max(at, midnight) if at is not None else midnight
    return '"' + digest + '"', modified


def _reader_key() -> str:
    """Who the answer is for: an API token, a logged-in account's person, or anonymous.

    Read from the request's credentials alone: a person's record is not loaded for it.
    """
    from .auth import current_person_id, current_token

    token = current_token()
    if token is not None:
        return f"t{token.id}"
    person_id = current_person_id()
    return f"p{person_id}" if person_id is not None else "anonymous"


def conditional(view):
    """Answer 304 when the client's copy is current; else run ``view`` and stamp its answer.

    The path to a 304 reads the reader's credentials and the newest event, and nothing else:
    no template, no access rule, no translation catalog.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        key = _reader_key()
        etag, modified = validator(key)
        last_modified = modified.replace(tzinfo=dt.UTC, microsecond=0) if modified else None
        if _client_is_current(etag, last_modified, key):
            response = current_app.response_class(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        headers = response.headers
        headers["ETag"] = etag
        if last_modified is not None:
            response.last_modified = last_modified
        private = key != "anonymous"
        headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
        response.vary.update(_VARY)
        g.conditional = True
        return response

    return wrapper


_VARY = ("Cookie", "Authorization", "Accept")


def _client_is_current(etag: str, last_modified: dt.datetime | None, reader_key: str) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag.strip('"'))
    since = request.if_modified_since
    if since is not None and last_modified is not None:
        # Last-Modified alone cannot tell readers or languages apart: trust it only for
        # anonymous readers, for whom it is the same validator as the ETag.
        return reader_key == "anonymous" and last_modified <= since
    return False


def init_app(app: Flask) -> None:
    """Nothing app-wide yet: views opt in with :func:`conditional`."""
