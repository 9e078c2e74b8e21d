"""Security headers on every answer of the application, walked route by route.

Rule: issue 13 item 9 ("no hardening headers on HTML pages ... the admin's workflow buttons can
be framed; admin pages with applicants' personal data send no ``Cache-Control: no-store``") and
its "Web hardening": a strict Content-Security-Policy with no inline script, frame-ancestors
'none' and X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy, no-store on every page
with personal data or behind a login, HSTS over HTTPS, ProxyFix by ``trusted_proxies``.

Every GET route of the demo unit's application (core's portal, party area, API and admin, the
installed plugins' pages) is asked with sample arguments, anonymously and as an office worker,
the unit's administrator and a member.
"""

from __future__ import annotations

import re

import pytest
from demo_town import login

from dangwu_core.app import create_app
from dangwu_core.errors import PluginError, SettingsError
from dangwu_core.models import Attachment, Disclosure, Feedback, Organization
from dangwu_core.settings import load_settings
from dangwu_core.testing import start_unit

#: The people the walk logs in as: none, an office worker (publisher of the unit), the unit's
#: administrator, a party member.
READERS = (None, "lixy", "admin", "qianyf")

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


def _samples(app) -> dict[str, str]:
    """Sample values of the routes' arguments, from the demo unit's data."""
    disclosure = (
        Disclosure.select()
        .join(Attachment, on=(Attachment.disclosure == Disclosure.id))
        .where(Disclosure.state == "published", Disclosure.scope == "public")
        .first()
        or Disclosure.select().where(Disclosure.state == "published").first()
    )
    attachment = Attachment.select().where(Attachment.disclosure == disclosure).first()
    return {
        "disclosure_id": str(disclosure.id),
        "attachment_id": str(attachment.id if attachment else 1),
        "code": Organization.select().order_by(Organization.id).first().code,
        "export_type": "csv",
        "receipt": Feedback.select().first().receipt_number,
        "token": "dws_demo-screen",  # the demo's e-screen (dangwu-channels)
    }


def _static_file(endpoint: str) -> str:
    return {
        "static": "dangwu.css",
        "dangwu_admin_assets.static": "dangwu_admin.js",
        "admin.static": "admin/js/helpers.js",
    }.get(endpoint, "nothing.css")


def _admin_ids(app) -> dict[str, int]:
    """For each admin model view, the id of one of its rows (its details and edit pages)."""
    ids = {}
    for admin in app.extensions["admin"]:
        for view in admin._views:
            model = getattr(view, "model", None)
            if model is not None:
                row = model.select().order_by(model.id).first()
                if row is not None:
                    ids[view.endpoint] = row.id
    return ids


def _urls(app) -> list[tuple[str, str]]:
    """(endpoint, URL) of every GET route, with sample arguments."""
    samples = _samples(app)
    ids = _admin_ids(app)
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods:
                continue
            values = {}
            for argument in rule.arguments:
                values[argument] = (
                    _static_file(rule.endpoint) if argument == "filename" else samples[argument]
                )
            url = url_for(rule.endpoint, **values)
            blueprint, _, view = rule.endpoint.rpartition(".")
            if view in ("details_view", "edit_view") and blueprint in ids:
                url += f"?id={ids[blueprint]}"
            elif rule.endpoint == "portal.receipt":
                url += f"?number={samples['receipt']}"
            urls.append((rule.endpoint, url))
    return urls


def _check_page(endpoint: str, url: str, response) -> list[str]:
    """What is wrong with the headers (and, for HTML, the body) of one answer."""
    problems = []
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
    if directives.get("default-src") == ["'none'"]:  # a view's own stricter policy
        for directive in ("script-src", "style-src", "object-src"):
            directives.setdefault(directive, ["'none'"])
    scripts = directives.get("script-src", [])
    if not scripts or any(s in ("'unsafe-inline'", "'unsafe-eval'", "*") for s in scripts):
        problems.append(f"script-src is {scripts}")
    if "'unsafe-inline'" in directives.get("style-src", ["'unsafe-inline'"]):
        problems.append("style-src allows inline styles")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    if response.mimetype == "text/html" and directives.get("base-uri") != ["'none'"]:
        problems.append("base-uri is not 'none'")
    expected = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name) != value:
            problems.append(f"{name} is {headers.get(name)!r}")
    if "camera=()" not in headers.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    if "Strict-Transport-Security" in headers:
        problems.append("HSTS over plain HTTP")
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        nonces = [s.removeprefix("'nonce-").rstrip("'") for s in scripts if s.startswith("'nonce-")]
        for attributes in SCRIPT.findall(body):
            if "src=" in attributes:
                continue
            if not any(f'nonce="{n}"' in attributes for n in nonces):
                problems.append(f"an inline <script{attributes}> without this answer's nonce")
        if HANDLER.search(body):
            problems.append(f"an inline event handler: {HANDLER.search(body).group(0)[:80]}")
        if STYLE_ATTRIBUTE.search(body):
            problems.append(f"a style attribute: {STYLE_ATTRIBUTE.search(body).group(0)[:80]}")
    return [f"{endpoint} {url} ({response.status_code}): {p}" for p in problems]


def _personal(endpoint: str, reader: str | None) -> bool:
    """Must the answer be no-store? Behind a login, or holding what someone sent."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return False
    if reader is not None:
        return True
    blueprint = endpoint.partition(".")[0]
    public = {"portal", "disclosures", "organizations", "search", "api-docs", "testplugin"}
    if endpoint.startswith("channels.screen_"):
        return False  # an e-screen shows what the public reads, polled with its validator
    return blueprint not in public or endpoint == "portal.receipt"


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r or "anonymous")
def test_every_route_answers_with_the_security_headers(app, reader):
    client = app.test_client()
    if reader is not None:
        login(client, reader)
    urls = _urls(app)
    assert len(urls) > 60  # the whole application, admin included
    problems, html = [], 0
    for endpoint, url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        problems += _check_page(endpoint, url, response)
        html += response.mimetype == "text/html"
        no_store = response.headers.get("Cache-Control") == "no-store"
        if _personal(endpoint, reader) and not no_store:
            problems.append(
                f"{endpoint} {url}: Cache-Control {response.headers.get('Cache-Control')}"
            )
        if endpoint.endswith("static") and no_store:
            problems.append(f"{endpoint}: static files need not be no-store")
    assert html > 5
    assert not problems, "\n".join(problems)


def test_an_admin_page_with_personal_data_is_no_store_and_cannot_be_framed(app):
    """An applicant's request, as the office sees it in the admin (item 9)."""
    office = login(app.test_client(), "lixy")
    response = office.get("/admin/request/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_flask_admins_inline_scripts_run_only_with_the_requests_nonce(app):
    office = login(app.test_client(), "lixy")
    first = office.get("/admin/disclosure/")
    second = office.get("/admin/disclosure/")
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
    again = re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
    assert nonce != again  # a new one for every answer
    assert f'nonce="{nonce}"' in first.get_data(as_text=True)
    # the portal has no inline script at all: its policy names no nonce
    assert "nonce-" not in app.test_client().get("/").headers["Content-Security-Policy"]


def test_a_plugin_adds_a_source_to_the_policy(app):
    """The test plugin's map tiles (dangwu_register_content_sources) are allowed as images."""
    from dangwu_testplugin.plugin import TILES

    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert f"img-src 'self' data: {TILES}" in policy
    assert TILES not in policy.partition("script-src")[2].partition(";")[0]


@pytest.mark.parametrize(
    "entry",
    [
        ("script-src", "'unsafe-inline'"),
        ("script-src", "https:"),
        ("style-src", "*"),
        ("frame-ancestors", "https://evil.example"),
        ("form-action", "https://evil.example"),
        ("img-src", "https://a.example https://b.example"),
        ("img-src", "https://a.example; script-src *"),
        "img-src https://a.example",
    ],
)
def test_a_plugin_cannot_open_the_policy(sqlite_url, entry):
    from dangwu_core import hookimpl

    hook = hookimpl(lambda self, app: [entry])
    opener = type("Opener", (), {"dangwu_register_content_sources": hook})()
    unit = start_unit(sqlite_url, extra_plugins=[("test.opener", opener)])
    try:
        with pytest.raises(PluginError, match="dangwu_register_content_sources"):
            create_app(unit=unit)
    finally:
        unit.db.close()


def test_hsts_only_over_https(app):
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://dangwu.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


# --- The real client behind the unit's proxy (item 7's keying depends on it) ---------------


def _app_with_proxies(demo_template, tmp_path, hops: int):
    import shutil

    path = tmp_path / f"demo-{hops}.db"
    shutil.copy(demo_template, path)
    unit = start_unit(f"sqlite:///{path}", trusted_proxies=hops)
    application = create_app(unit=unit)
    application.config["TESTING"] = True
    return unit, application


def _hits_until_limited(client, address: str) -> int:
    """How many receipt look-ups ``address`` (as the proxy names it) gets before a 429."""
    for count in range(200):
        answer = client.get("/api/v1/feedback/FK-NOSUCH", headers={"X-Forwarded-For": address})
        if answer.status_code == 429:
            return count
        assert answer.status_code == 404
    raise AssertionError("never limited")


def test_behind_one_trusted_proxy_two_clients_have_their_own_limits(demo_template, tmp_path):
    unit, application = _app_with_proxies(demo_template, tmp_path, 1)
    try:
        client = application.test_client()
        allowed = _hits_until_limited(client, "203.0.113.7")
        assert allowed > 0
        # another visitor behind the same proxy is not blocked by the first one
        assert _hits_until_limited(client, "198.51.100.20") == allowed
        # and the scheme the proxy saw decides HSTS
        https = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" in https.headers
    finally:
        unit.db.close()


def test_without_trusted_proxies_a_forwarded_header_is_ignored(demo_template, tmp_path):
    """With the default 0, a client cannot pick a fresh address (or HTTPS) by a header."""
    unit, application = _app_with_proxies(demo_template, tmp_path, 0)
    try:
        client = application.test_client()
        assert _hits_until_limited(client, "203.0.113.7") > 0
        assert _hits_until_limited(client, "198.51.100.20") == 0  # still the same client
        spoofed = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in spoofed.headers
    finally:
        unit.db.close()


@pytest.mark.parametrize("value", ["-1", "one", "1.5", "6", True, 2.0, [1]])
def test_trusted_proxies_must_be_a_small_whole_number(value):
    with pytest.raises(SettingsError, match=r"trusted_proxies.*number of proxies"):
        load_settings(environ={}, trusted_proxies=value)


def test_trusted_proxies_from_the_environment():
    settings = load_settings(environ={"DANGWU_TRUSTED_PROXIES": "2"})
    assert settings.trusted_proxies == 2
    assert load_settings(environ={}).trusted_proxies == 0
