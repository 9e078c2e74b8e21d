"""Where a login sends the browser next (issue 13, item 4): never off the site.

``/party/login?next=/%09/evil.example`` answered ``Location: //evil.example`` (Werkzeug strips
the tab, as browsers do) and a ``next`` holding a newline answered 500. The oracle below reads
a Location as a browser would (WHATWG URL parsing: leading and trailing C0 controls and spaces
trimmed, tabs and newlines removed anywhere, a backslash read as a slash) and asks where it
goes.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu_core.web.auth import safe_next

from .conftest import PASSWORD, login

ORIGIN = "http://dangwu.test"
PAGE = ORIGIN + "/party/login"

#: Known open-redirect payloads (tabs, newlines, backslashes, encodings, unicode...): each
#: is refused (the login falls back to the party area's home).
FOREIGN = [
    "//evil.example",
    "//evil.example/x",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/ /evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "///evil.example",
    "////evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "/\x0c/evil.example",
    "/\u3000/evil.example",
    "/\u200b/evil.example",
    "/\ufeff/evil.example",
    "/\u2028/evil.example",
    "\uff0f\uff0fevil.example",
    "//evil。example",
    "evil.example",
    "",
]
#: Odd but harmless: paths of this site (the fullwidth solidus is only a character of a path).
ODD = ["/\uff0fevil.example", "/@evil.example"]
PAYLOADS = FOREIGN + ODD


def browser_location(location: str) -> str:
    """The absolute URL a browser on ``PAGE`` goes to for ``Location: location``."""
    trimmed = location.strip("".join(chr(c) for c in range(0x21)))
    cleaned = re.sub(r"[\t\n\r]", "", trimmed).replace("\\", "/")
    return urljoin(PAGE, cleaned)


def stays_on_site(location: str) -> bool:
    target = urlsplit(browser_location(location))
    return target.scheme == "http" and target.netloc == "dangwu.test"


def test_the_oracle_sees_the_reported_bypass():
    assert not stays_on_site("//evil.example")
    assert not stays_on_site("/\t/evil.example")
    assert not stays_on_site("/\\evil.example")
    assert stays_on_site("/party/")


def _sound(location: str) -> bool:
    """A Location a browser keeps on this site, with nothing for a proxy to reinterpret."""
    return stays_on_site(location) and re.fullmatch(r"/[!-~]*", location) is not None


#: A NUL anywhere in a request is refused (400) before any view runs (web/errors.refuse_nul):
#: no redirect at all, which is as safe as the party area's home.
REFUSED_BEFORE_ANY_VIEW = {p for p in FOREIGN if "\x00" in p}


def _off_site(sent: dict) -> dict:
    """The payloads that were answered with anything but a sound redirect or that refusal."""
    return {
        p: s
        for p, s in sent.items()
        if not (s[0] == 302 and _sound(s[1]))
        and not (p in REFUSED_BEFORE_ANY_VIEW and s == (400, ""))
    }


def test_a_logged_in_visitor_is_never_sent_off_site(client):
    login(client, "qianyf")
    sent = {}
    for payload in PAYLOADS:
        response = client.get(f"/party/login?next={quote(payload, safe='')}")
        sent[payload] = (response.status_code, response.headers.get("Location", ""))
    assert _off_site(sent) == {}
    # the plainly foreign ones fall back to the party area's home
    assert {sent[p][1] for p in FOREIGN if p not in REFUSED_BEFORE_ANY_VIEW} == {"/party/"}


def test_logging_in_never_sends_the_browser_off_site(app, client):
    app.config["DANGWU_RATE_LIMITS"] = {"login": (10**6, 60), "login_account": (10**6, 60)}
    sent = {}
    for payload in PAYLOADS:
        client = client.application.test_client()  # anonymous again
        page = client.get("/party/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        data = {"username": "qianyf", "password": PASSWORD, "next": payload}
        if token:
            data["csrf_token"] = token.group(1)
        response = client.post("/party/login", data=data)
        sent[payload] = (response.status_code, response.headers.get("Location", ""))
    assert _off_site(sent) == {}


def test_a_path_of_the_site_is_kept(client):
    login(client, "qianyf")
    for path in ("/admin/?x=1", "/org/TS/feedback", "/disclosures/3", "/party/#top"):
        response = client.get(f"/party/login?next={quote(path, safe='')}")
        assert response.headers["Location"] == path


def test_the_admin_sends_a_visitor_to_the_login_and_back(client):
    to_login = client.get("/admin/")
    assert to_login.status_code == 302
    page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    hidden = re.search(r'id="next" name="next" type="hidden" value="([^"]*)"', page).group(1)
    assert hidden.startswith("/admin/")
    back = client.post(
        "/party/login",
        data={"username": "lixy", "password": PASSWORD, "next": hidden, "csrf_token": token},
    )
    assert back.status_code == 302 and back.headers["Location"] == hidden.rstrip("?")


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_no_text_leads_off_site(target):
    assert stays_on_site(safe_next(target, "/party/"))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A/[a-z0-9_\-.~]+(/[a-z0-9_\-.~]*)*(\?[a-z0-9=&]*)?\Z"))
def test_plain_paths_of_the_site_are_kept(path):
    assert safe_next(path, "/party/") == path
