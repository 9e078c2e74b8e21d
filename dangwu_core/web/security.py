"""Security headers on every response, and the real client behind trusted proxies.

Every answer of the application (portal, party area, admin, API, plugins' pages) carries:

* a strict ``Content-Security-Policy``: scripts, styles, images, fonts and connections from
  the unit's own origin only; no inline script and no inline event handler (the only inline
  scripts allowed are those carrying the request's nonce, :func:`csp_nonce`, which
  Flask-Admin's own templates use); no plugins (``object-src 'none'``), no ``<base>``, forms
  posted only to the unit itself, and no framing (``frame-ancestors 'none'``). A plugin whose
  pages need another origin (a map's tiles) adds it through the
  ``dangwu_register_content_sources`` hook, directive by directive;
  A view may send a policy of its own instead (attachments: ``default-src 'none'; sandbox``);
  ``frame-ancestors 'none'`` is added to it.
* ``X-Frame-Options: DENY`` (older browsers' frame-ancestors), ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: same-origin``, a ``Permissions-Policy`` that turns off the
  devices no page uses, ``Cross-Origin-Opener-Policy: same-origin``;
* ``Strict-Transport-Security`` when the request came over HTTPS (as the proxy told us, see
  below);
* ``Cache-Control: no-store`` when the answer may hold personal data or sits behind a login:
  every answer to a logged-in person or an API token, every admin and party page (login
  included), every answer to a POST (a form sent back with its errors holds what was typed),
  and the endpoints registered with :func:`no_store_endpoint` (the receipts of feedback and
  requests). Static files are the only exception: they hold nothing personal.

Behind a reverse proxy (the unit's nginx) the client's address and scheme arrive in
``X-Forwarded-For`` and ``X-Forwarded-Proto``. The ``trusted_proxies`` setting says how many
proxies stand in front of the application; werkzeug's ``ProxyFix`` then believes that many
hops of those headers, so ``request.remote_addr`` (rate limits, lockouts) is the real client
and ``request.is_secure`` the real scheme. With the default 0 the headers are ignored: a
client cannot choose its own address by sending them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..errors import PluginError
from ..plugins import collect

#: The policy every response starts from: directive -> sources.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    # Bootstrap's form controls draw their arrows and checks as data: SVG images.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "media-src": ("'self'",),
    "frame-src": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

#: The directives a plugin may add sources to (never framing, forms, base or plugins).
EXTENSIBLE_DIRECTIVES = frozenset(
    {"script-src", "style-src", "img-src", "font-src", "connect-src", "media-src", "frame-src"}
)
#: Sources no plugin may add: they would undo the policy (inline code, eval, anything).
REFUSED_SOURCES = frozenset(
    {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*"}
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
HSTS = "max-age=31536000"

NO_STORE_ENDPOINTS = "dangwu_no_store_endpoints"
_POLICY = "dangwu_content_security_policy"
_PRIVATE = "dangwu_private_blueprints"


def csp_nonce() -> str:
    """The nonce of the current request: an inline ``<script>`` runs only if it carries it.

    One value per request, new for every request; Flask-Admin's templates print it
    (``Admin(csp_nonce_generator=...)``); a template may use ``{{ csp_nonce() }}``. Prefer a
    static file: a nonce is for the few inline scripts a library's templates carry.
    """
    nonce = g.get("dangwu_csp_nonce")
    if nonce is None:
        nonce = g.dangwu_csp_nonce = secrets.token_urlsafe(18)
    return nonce


def no_store_endpoint(app: Flask, endpoint: str) -> None:
    """Answer ``endpoint`` with ``Cache-Control: no-store`` (its pages hold personal data)."""
    app.extensions.setdefault(NO_STORE_ENDPOINTS, set()).add(endpoint)


def content_sources(pm, app: Flask) -> dict[str, list[str]]:
    """The sources plugins add to the policy (``dangwu_register_content_sources``), checked.

    :raises PluginError: a plugin names a directive it may not extend, or a source that would
        undo the policy (``'unsafe-inline'``, ``*``...) or is not one source.
    """
    added: dict[str, list[str]] = {}
    for plugin, entry in collect(
        pm,
        "dangwu_register_content_sources",
        check=lambda e: isinstance(e, tuple) and len(e) == 2 and all(isinstance(p, str) for p in e),
        expected="a (directive, source) pair of strings",
        app=app,
    ):
        directive, source = entry
        if directive not in EXTENSIBLE_DIRECTIVES:
            raise PluginError(
                plugin,
                "dangwu_register_content_sources",
                f"directive {directive!r} cannot be extended (only "
                f"{', '.join(sorted(EXTENSIBLE_DIRECTIVES))})",
            )
        if not _one_source(source) or (directive == "script-src" and source.endswith(":")):
            raise PluginError(
                plugin,
                "dangwu_register_content_sources",
                f"source {source!r} for {directive} is refused: give one origin, such as "
                "https://tiles.example.org (no keyword but 'self', no wildcard)",
            )
        if source not in added.setdefault(directive, []):
            added[directive].append(source)
    return added


def _one_source(source: str) -> bool:
    """One harmless CSP source: an origin or scheme, or the keyword 'self'."""
    if source == "'self'":
        return True
    if not source or source in REFUSED_SOURCES or source.startswith("'"):
        return False
    return not any(c in source for c in " \t\r\n;,'\"")


def build_policy(extra: dict[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """The unit's policy: :data:`BASE_POLICY` with ``extra`` sources added (``'none'`` goes
    when a directive gets a real source)."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    for directive, sources in (extra or {}).items():
        current = [s for s in policy.setdefault(directive, []) if s != "'none'"]
        policy[directive] = current + [s for s in sources if s not in current]
    return policy


def policy_header(policy: dict[str, list[str]], nonce: str | None) -> str:
    """The ``Content-Security-Policy`` header value of ``policy`` for one response."""
    parts = []
    for directive, sources in policy.items():
        if directive == "script-src" and nonce:
            sources = [*sources, f"'nonce-{nonce}'"]
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def _wants_no_store(app: Flask) -> bool:
    from .auth import current_person_id

    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return False  # static files hold nothing personal, for anyone
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return True
    if endpoint in app.extensions.get(NO_STORE_ENDPOINTS, ()):
        return True
    if request.blueprint in _private_blueprints(app):
        return True
    return current_person_id() is not None


def _private_blueprints(app: Flask) -> frozenset[str]:
    """The party area and every admin view (core's and plugins'), once the app is built."""
    names = app.extensions.get(_PRIVATE)
    if names is None:
        found = {"party"}
        for admin in app.extensions.get("admin", ()):
            found.update(v.blueprint.name for v in admin._views if v.blueprint is not None)
        names = app.extensions[_PRIVATE] = frozenset(found)
    return names


def init_app(app: Flask, unit) -> None:
    """Trust ``trusted_proxies`` hops of forwarding headers; stamp the headers on every
    response of ``app``."""
    hops = int(unit.settings.trusted_proxies)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.extensions[_POLICY] = build_policy(content_sources(unit.pm, app))
    # Receipts show what a person sent (their name, their words) to whoever holds the code.
    for endpoint in ("portal.receipt", "submissions.FeedbackReceipt", "submissions.RequestReceipt"):
        no_store_endpoint(app, endpoint)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        own = headers.get("Content-Security-Policy")
        if own is None:
            policy = policy_header(app.extensions[_POLICY], g.get("dangwu_csp_nonce"))
            headers["Content-Security-Policy"] = policy
        elif "frame-ancestors" not in own:
            # A view's own (stricter) policy, as for attachments: still never framed.
            headers["Content-Security-Policy"] = own.rstrip("; ") + "; frame-ancestors 'none'"
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if _wants_no_store(app):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        return response
