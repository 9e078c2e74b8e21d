"""The application factory: the only place a dangwu Flask application is built."""

from __future__ import annotations

import secrets

from flask import Flask

from . import __version__
from .admin import init_admin
from .db import end_request, request_connection
from .plugins import collect
from .settings import Settings
from .unit import Unit
from .web import init_app as init_web


def create_app(settings: Settings | None = None, *, unit: Unit | None = None) -> Flask:
    """Build the web application of a unit.

    :param settings: the unit's settings (read from file and environment when None).
    :param unit: an already started :class:`~dangwu_core.unit.Unit` (tests, the CLI).

    The unit lives on ``app.extensions["dangwu"]``; every blueprint, core's included, comes
    from the ``dangwu_register_blueprints`` hook; the admin's views from core and the
    ``dangwu_register_admin_views`` hook.
    """
    from flask import Blueprint

    unit = unit or Unit.start(settings)
    if unit.db is None:
        unit.connect()
    app = Flask("dangwu_core.web")
    app.config["SECRET_KEY"] = unit.settings.secret_key or secrets.token_hex(32)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.extensions["dangwu"] = unit

    # One connection per serving thread, kept across requests (PRAGMAs set once): see db.py.
    app.before_request(request_connection)
    app.teardown_request(end_request)

    @app.context_processor
    def _globals():
        return {
            "unit_name": unit.settings.unit_name or "党务公开",
            "dangwu_version": __version__,
        }

    # Error bodies, languages, login, CSRF, HTTP caching: shared by every blueprint.
    init_web(app, unit)

    for _plugin, blueprint in collect(
        unit.pm,
        "dangwu_register_blueprints",
        check=lambda b: isinstance(b, Blueprint),
        expected="a flask.Blueprint",
        app=app,
    ):
        app.register_blueprint(blueprint)
    # The admin (/admin): one Flask-Admin per application, core's views then the plugins'.
    init_admin(app, unit)
    return app
