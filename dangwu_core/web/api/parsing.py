"""How the API reads a JSON body: bounded in depth, valid Unicode, no NUL.

``json.loads`` recurses once per nesting level (a body of 5,000 ``[`` is a ``RecursionError``)
and accepts a lone surrogate (``"\\ud800"``), which no database can store; PostgreSQL refuses
a NUL in text. :func:`read_json` refuses each with a 400 naming the cause before any schema
sees the data; :class:`Blueprint` (every resource of the API) reads its bodies through it.
"""

from __future__ import annotations

import json
from typing import Any

import flask_smorest
from flask import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

#: The deepest nesting of arrays and objects a body may have (the API's inputs need 3).
MAX_DEPTH = 32


def _depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON ``text``, brackets inside strings skipped."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def _bad_text(value: Any) -> str | None:
    """Why a decoded value holds a string no database stores, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                return "a JSON string holds a NUL character (\\u0000)"
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return "a JSON string holds a lone surrogate (\\ud800-\\udfff): not valid Unicode"
    return None


def read_json(data: bytes) -> Any:
    """The JSON document ``data``, or a 400 naming what is wrong with it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, description="the JSON body is not valid UTF-8")
    if _depth(text) > MAX_DEPTH:
        abort(400, description=f"the JSON body nests deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.strip():
            return core.missing
        abort(400, description=f"the body is not valid JSON: {exc.msg} at position {exc.pos}")
    except RecursionError:  # pragma: no cover (the depth check comes first)
        abort(400, description=f"the JSON body nests deeper than {MAX_DEPTH} levels")
    problem = _bad_text(value)
    if problem:
        abort(400, description=problem)
    return value


class JsonParser(FlaskParser):
    """webargs' Flask parser, reading JSON bodies through :func:`read_json`."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        return read_json(req.get_data(cache=True))


class Blueprint(flask_smorest.Blueprint):
    """A resource blueprint of the API: flask-smorest's, with the checked JSON parser."""

    ARGUMENTS_PARSER = JsonParser()
