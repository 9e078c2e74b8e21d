"""The JSON API ``/api/v1/`` (flask-smorest): its OpenAPI 3 document at ``/api/v1/openapi.json``
is generated from the marshmallow schemas of :mod:`dangwu_core.schemas`.

Who asks: a logged-in session or an API token (``Authorization: Bearer …``); nobody at all
reads what the public reads. Every answer is decided by :mod:`dangwu_core.access` through
:mod:`dangwu_core.web.reading`. Errors have the one body of :mod:`dangwu_core.web.errors`.

:func:`blueprint` is what ``builtin/api.py`` hands to the ``dangwu_register_blueprints`` hook:
a blueprint that, once registered, installs the API (the Api object must see every resource
blueprint to document it).
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api

from ... import __version__
from ...schemas import ErrorSchema

PREFIX = "/api/v1"


class DangwuApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """None: :mod:`dangwu_core.web.errors` answers for every surface, the API included."""


def install(app: Flask) -> DangwuApi:
    from . import (
        disclosures,
        gate,
        organizations,
        redactions,  # noqa: F401  (adds its routes to the disclosures' blueprint)
        search,
        submissions,
    )
    from .links import LinksPlugin

    app.config.update(
        API_TITLE="dangwu 党务公开 API",
        API_VERSION=f"v1 ({__version__})",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = DangwuApi(
        app,
        spec_kwargs={
            "extra_plugins": [LinksPlugin()],
            "servers": [{"url": "/"}],
            "components": {
                "securitySchemes": {
                    "token": {"type": "http", "scheme": "bearer"},
                    "session": {"type": "apiKey", "in": "cookie", "name": "dangwu_session"},
                }
            },
            "security": [{}, {"token": []}, {"session": []}],
        },
    )
    for module in (organizations, disclosures, gate, submissions, search):
        api.register_blueprint(module.blp)
    app.extensions["dangwu_api"] = api
    return api


def blueprint() -> Blueprint:
    outer = Blueprint("api", __name__)
    outer.record_once(lambda state: install(state.app))
    return outer
