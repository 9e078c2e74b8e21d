"""One error body for every surface: JSON under ``/api/``, a page elsewhere.

JSON errors have one shape::

    {"error": {"status": 422, "message": "...", "fields": {"body": ["..."]}}}

``fields`` is present when the input named the fields at fault (webargs and marshmallow
validation, :class:`~dangwu_core.errors.ValidationError`). Anything that escapes as a bug is a
500 with a generic message; the traceback goes to the log, never to the client.
"""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import (
    ConflictError,
    DangwuError,
    GuardRefused,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)

#: The HTTP status each refusal of the framework answers with.
STATUS = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (ConflictError, 409),
    (InvalidTransition, 409),
    (GuardRefused, 409),
    (ValidationError, 422),
    (DangwuError, 400),
]


def wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def error_response(status: int, message: str, fields: dict | None = None, headers=None):
    """The error answer for the current request (JSON or page)."""
    if wants_json():
        body = {"status": status, "message": message}
        if fields:
            body["fields"] = fields
        response = jsonify({"error": body})
    else:
        response = current_app.make_response(
            render_template("error.html", status=status, message=message, fields=fields or {})
        )
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_exception(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    fields = data.get("errors") or data.get("messages")
    if isinstance(fields, dict) and set(fields) <= {"json", "query", "form", "path"}:
        # webargs nests messages by location; one location is the usual case.
        merged: dict = {}
        for messages in fields.values():
            merged.update(messages if isinstance(messages, dict) else {"_": messages})
        fields = merged
    message = data.get("message") or exc.description or exc.name
    if fields and not data.get("message"):
        only = fields.get("_") if isinstance(fields, dict) and len(fields) == 1 else None
        message = only[0] if isinstance(only, list) and only else "the request has invalid fields"
    headers = dict(data.get("headers") or {})
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    fields = fields if isinstance(fields, dict) else None
    return error_response(exc.code or 500, message, fields, headers)


def _dangwu_error(exc: DangwuError):
    status = next(code for cls, code in STATUS if isinstance(exc, cls))
    field = getattr(exc, "field", None)
    return error_response(status, str(exc), {field: [str(exc)]} if field else None)


def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _http_exception(exc)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal error: the unit's administrator can find it in the log")


def init_app(app: Flask) -> None:
    from .arguments import refuse_nul

    app.before_request(refuse_nul)  # input nothing can store: a 400, before any view
    app.register_error_handler(HTTPException, _http_exception)
    app.register_error_handler(DangwuError, _dangwu_error)
    app.register_error_handler(Exception, _unexpected)
