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

from flask import Flask, g, has_request_context, make_response, request
from flask_babel import get_locale

from ..clock import get_clock, today
from ..models import Event


def _query_newest_event() -> tuple[int, dt.datetime | None]:
    row = Event.select(Event.id, Event.at).order_by(Event.id.desc()).limit(1).first()
    return (row.id, row.at) if row else (0, None)


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
    """The ETag (quoted) and Last-Modified (naive UTC) of the current request for a reader."""
    event_id, at = newest_event()
    raw = "|".join(
        [
            str(event_id),
            today().isoformat(),
            reader_key,
            str(get_locale()),
            request.full_path,
            request.headers.get("Accept", ""),
        ]
    )
    # The local midnight counts as a change too: a display window ends with the day.
    midnight = get_clock().local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    midnight = midnight.astimezone(dt.UTC).replace(tzinfo=None)
    modified = max(at, midnight) if at is not None else midnight
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"', modified


def _reader_key() -> str:
    from .auth import current_person, current_token

    token = current_token()
    if token is not None:
        return f"t{token.id}"
    person = current_person()
    return f"p{person.id}" if person is not None else "anonymous"


def conditional(view):
    """Answer 304 when the client's copy is current; else run ``view`` and stamp its answer."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        key = _reader_key()
        etag, modified = validator(key)
        last_modified = modified.replace(tzinfo=dt.UTC, microsecond=0) if modified else None
        if _client_is_current(etag, last_modified):
            response = make_response("", 304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.headers["ETag"] = etag
        if last_modified is not None:
            response.last_modified = last_modified
        private = key != "anonymous"
        response.headers["Cache-Control"] = ("private" if private else "public") + ", no-cache"
        response.vary.update(["Cookie", "Authorization", "Accept"])
        g.conditional = True
        return response

    return wrapper


def _client_is_current(etag: str, last_modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag.strip('"'))
    since = request.if_modified_since
    if since is not None and last_modified is not None:
        # Last-Modified alone cannot tell readers or languages apart: trust it only for
        # anonymous readers, for whom it is the same validator as the ETag.
        return _reader_key() == "anonymous" and last_modified <= since
    return False


def init_app(app: Flask) -> None:
    """Nothing app-wide yet: views opt in with :func:`conditional`."""
