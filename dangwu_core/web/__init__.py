"""The web surfaces: they ask the core's services and access rules, they never decide.

:func:`init_app` gives the application what every surface shares — the security headers of
every response and the proxies it trusts (:mod:`.security`), error bodies, languages
(Flask-Babel), login (Flask-Login) and API tokens, CSRF protection, HTTP caching and the
template helpers — before the blueprints come from the ``dangwu_register_blueprints`` hook:
core's portal and party pages (``builtin/portal.py``), its JSON API (``builtin/api.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, request
from flask_wtf.csrf import generate_csrf

from ..clock import today
from ..models import (
    Cadence,
    FeedbackStatus,
    ObligationStatus,
    RequestStatus,
    Scope,
    TimeLimit,
)
from . import auth, caching, errors, i18n, permissions, ratelimit, sanitize, security

#: The Chinese labels of the closed vocabularies, by value, for every template.
LABELS = {
    "scope_labels": {s.value: s.label for s in Scope},
    "time_limit_labels": {t.value: t.label for t in TimeLimit},
    "cadence_labels": {c.value: c.label for c in Cadence},
    "obligation_labels": {o.value: o.label for o in ObligationStatus},
    "request_labels": {r.value: r.label for r in RequestStatus},
    "feedback_labels": {f.value: f.label for f in FeedbackStatus},
}

#: Request bodies larger than this are refused with 413 before any view reads them, except on
#: the few endpoints given a limit of their own (:func:`allow_larger_body`: file uploads).
MAX_CONTENT_LENGTH = 256 * 1024
BODY_LIMITS = "dangwu_body_limits"


def allow_larger_body(app: Flask, endpoint: str, limit: Callable[[], int]) -> None:
    """Let ``endpoint`` accept bodies up to ``limit()`` bytes (asked on each request, so a
    setting read at that moment applies); every other endpoint keeps ``MAX_CONTENT_LENGTH``.

    A body over the limit is refused with 413 before the view runs (and so is a chunked body
    that turns out larger while it is read); the endpoint's blueprint may turn that 413 into
    a message of its own.
    """
    app.extensions.setdefault(BODY_LIMITS, {})[endpoint] = limit


def body_limit(app: Flask, endpoint: str | None) -> int:
    """The largest body ``endpoint`` accepts, in bytes."""
    special = app.extensions.get(BODY_LIMITS, {}).get(endpoint or "")
    return int(special()) if special is not None else app.config["MAX_CONTENT_LENGTH"]


def init_app(app: Flask, unit) -> None:
    """Set up the shared parts of the web surfaces on ``app`` for ``unit``."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    app.json.ensure_ascii = False  # Chinese stays readable in JSON answers

    @app.before_request
    def _refuse_huge_bodies():
        # Before any parser reads the body (webargs would call a cut-off body "invalid JSON").
        limit = body_limit(app, request.endpoint)
        request.max_content_length = limit  # also cuts off a chunked body while it is read
        if request.content_length is not None and request.content_length > limit:
            abort(413, description=f"the request body is limited to {limit // 1024} KiB")

    # First: its ProxyFix must wrap the application before anything reads the client.
    security.init_app(app, unit)
    errors.init_app(app)
    i18n.init_app(app, unit)
    auth.init_app(app, unit)
    permissions.init_app(app, unit)
    caching.init_app(app)
    sanitize.init_app(app)
    ratelimit.init_app(app)

    app.jinja_env.globals["csrf_token"] = generate_csrf

    @app.context_processor
    def _endpoints():
        # Pages link to other pages only when their blueprint is registered (plugins may be
        # disabled): ``{% if 'portal.search' in url_endpoints %}``.
        return {"url_endpoints": app.view_functions, **LABELS, "today_year": today().year}
