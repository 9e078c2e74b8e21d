"""Integer arguments of a request (query string, form), read by the one parser of
:mod:`dangwu_core.schemas.numbers`: a malformed or out-of-range value is a clear 400 naming
the argument (or, for an id, the "no such thing" the caller already answers), never a 500.

``?page=²``, ``?year=99999`` and ``?id=`` followed by 25 digits all end here; and a NUL
(``%00``) anywhere in a path, a query or a form is refused before any view sees it
(:func:`refuse_nul`: PostgreSQL stores no NUL in text, so it was a 500 there).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, request

from ..schemas.numbers import MAX_INT, MAX_YEAR, MIN_YEAR, parse_int, range_message


def _source(source: Mapping | None) -> Mapping:
    return request.args if source is None else source


def int_arg(
    name: str,
    default: int | None = None,
    *,
    low: int = 1,
    high: int = MAX_INT,
    source: Mapping | None = None,
) -> int | None:
    """The argument ``name`` as an int in ``low..high``; ``default`` when absent or empty;
    a 400 naming the argument when it is anything else."""
    raw = _source(source).get(name)
    if raw is None or raw == "":
        return default
    value = parse_int(raw, low, high)
    if value is None:
        abort(400, description=f"{name} {range_message(low, high)}")
    return value


def id_arg(name: str = "id", *, source: Mapping | None = None) -> int | None:
    """The argument ``name`` as a database id, or None when absent, malformed or out of range
    (the caller answers "no such …": an id that cannot exist names nothing)."""
    return parse_int(_source(source).get(name), 1, MAX_INT)


def id_or_404(raw: object, what: str = "record") -> int | None:
    """``raw`` (an ``id`` argument) as a database id; None when absent; a 404 naming the
    malformed value otherwise (a ``²`` or a 25-digit number can name no row)."""
    if raw is None or raw == "":
        return None
    value = parse_int(raw, 1, MAX_INT)
    if value is None:
        shown = str(raw)[:40]
        abort(404, description=f"no {what} has the id {shown!r}: an id {range_message(1, MAX_INT)}")
    return value


def year_arg(default: int | None, name: str = "year", *, source: Mapping | None = None):
    """The argument ``name`` as a year inside :data:`~dangwu_core.schemas.numbers.YEARS`;
    ``default`` when absent; a 400 otherwise."""
    return int_arg(name, default, low=MIN_YEAR, high=MAX_YEAR, source=source)


def refuse_nul() -> None:
    """Before every request: a 400 when the path, a query or a form argument holds a NUL
    character (``\\x00``), which no text column of PostgreSQL stores."""
    if "\x00" in request.path:
        abort(400, description="the path holds a NUL character (%00), which is not text")
    for where, source in (("query", request.args), ("form", request.form)):
        for key, value in source.items(multi=True):
            if "\x00" in key or "\x00" in value:
                shown = key.replace("\x00", "%00")[:40]
                abort(
                    400,
                    description=f"the {where} argument {shown!r} holds a NUL character (%00), "
                    "which is not text",
                )
