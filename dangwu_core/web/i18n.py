"""Languages: Chinese (zh_CN) by default, English through Flask-Babel's catalog.

Message ids are the Chinese texts themselves, so zh_CN needs no catalog and a missing English
translation falls back to Chinese. The English catalog lives in ``translations/`` and is
compiled into the package (``messages.mo`` is committed; ``make translations`` rebuilds it
from the sources with pybabel). The reader chooses with ``?lang=en`` (remembered in a cookie);
the ``language`` setting is the default.

Dates are shown in the reader's language: 2026年3月9日 in Chinese. Timestamps are stored in
UTC and shown in the unit's time zone.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, request
from flask_babel import Babel, format_date, format_datetime, get_locale

LANGUAGES = {"zh_CN": "中文", "en": "English"}
COOKIE = "lang"


def _chosen() -> str | None:
    for value in (request.args.get(COOKIE), request.cookies.get(COOKIE)):
        if value in LANGUAGES:
            return value
    return None


def current_language() -> str:
    """The code of the language this request is answered in (what Flask-Babel's
    ``get_locale()`` parses), without building a Babel locale: for a validator."""
    return _chosen() or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask, unit) -> None:
    default = unit.settings.language if unit.settings.language in LANGUAGES else "zh_CN"
    app.config["BABEL_DEFAULT_LOCALE"] = default
    app.config["BABEL_DEFAULT_TIMEZONE"] = unit.settings.timezone
    Babel(app, locale_selector=current_language)

    @app.after_request
    def _remember(response):
        wanted = request.args.get(COOKIE)
        if wanted in LANGUAGES and request.cookies.get(COOKIE) != wanted:
            response.set_cookie(COOKIE, wanted, max_age=365 * 86400, samesite="Lax")
        return response

    @app.template_filter("date")
    def _date(value) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
            return format_date(value.astimezone(_tz(unit)).date(), "long")
        return format_date(value, "long")

    @app.template_filter("datetime")
    def _datetime(value) -> str:
        if value is None:
            return ""
        pattern = (
            "yyyy年M月d日 HH:mm" if str(get_locale()).startswith("zh") else "MMM d, yyyy HH:mm"
        )
        return format_datetime(value, pattern)

    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES, "current_language": str(get_locale())}


def _tz(unit):
    from zoneinfo import ZoneInfo

    return ZoneInfo(unit.settings.timezone)
