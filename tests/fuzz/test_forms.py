"""Every form of the portal, the party pages and the admin, posted as a browser would.

The forms are found, not listed: every GET route of the url_map (Flask-Admin's views among
them) is opened as a visitor, a member and the unit administrator, every ``<form>`` on the
page is read with its fields, and generated values are sent with the page's CSRF token;
POST routes no page offers a form for are posted too. Properties: no 5xx, no traceback,
and nothing committed to the database when the answer is a refusal (4xx)."""

from __future__ import annotations

import re

import pytest
from demo_town import login
from fuzzing import budget, target
from hypothesis import given
from hypothesis import strategies as st

from .conftest import no_traceback
from .crawl import Field, Form, forms, pages, unposted

#: Endpoints whose refusals record the attempt by design (a failed login counts towards the
#: account's lockout): a write on their 4xx is the rule, not a leak.
RECORDS_ATTEMPTS = {"/party/login"}

TRICKY = [
    "", " ", "0", "1", "-1", "²", "١٢", "9" * 25, "2026-02-30", "99999", "\x00", "%00",
    "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "a" * 5000, "💥",
]  # fmt: skip


def _values(field: Field) -> st.SearchStrategy:
    choices = [st.just(field.value)]
    if field.choices:
        choices.append(st.sampled_from(field.choices))
    return st.one_of(
        *choices,
        st.sampled_from(TRICKY),
        st.text(max_size=40),
        st.text(alphabet="0123456789", min_size=1, max_size=30),
    )


def _strategy(form: Form) -> st.SearchStrategy:
    fixed, optional = {}, {}
    for name, field in form.fields.items():
        if name == "csrf_token":
            fixed[name] = st.just(field.value)  # a browser always sends the page's token
        else:
            optional[name] = _values(field)
    return st.fixed_dictionaries(fixed, optional=optional)


def _discover(client, app) -> list[Form]:
    found: dict[tuple, Form] = {}
    for url in pages(app):
        response = client.get(url)
        text = response.get_data(as_text=True)  # read to the end: streamed answers close
        response.close()
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        for form in forms(url, text):
            found.setdefault(form.key(), form)
    return list(found.values())


def _csrf(client, form: Form, discovered: list[Form]) -> str:
    """The CSRF token a page of the same area (admin or not) shows."""
    admin = form.path.startswith("/admin/")
    for other in discovered:
        token = other.fields.get("csrf_token")
        if token is not None and token.value and other.path.startswith("/admin/") == admin:
            return token.value
    return ""


@pytest.mark.parametrize("who", ["anonymous", "sunl", "admin"])
def test_every_form_under_generated_input(fuzz_app, writes, who):
    client = fuzz_app.test_client()
    if who != "anonymous":
        login(client, who)
    discovered = _discover(client, fuzz_app)
    assert any(f.method == "post" for f in discovered), "no form found: the crawl is broken"
    bare = unposted(fuzz_app, discovered)
    for form in bare:
        form.fields["csrf_token"].value = _csrf(client, form, discovered)
    every = discovered + bare
    if who != "anonymous":  # a logged-in browser does not post the login form
        every = [form for form in every if form.path not in RECORDS_ATTEMPTS]
    with target(f"forms ({who}): {len(every)} forms") as tally:
        for form in every:
            if who != "anonymous" and client.get("/party/").status_code != 200:
                login(client, who)  # a form logged the session out: fuzz the rest logged in
            _fuzz(client, form, writes, tally)


def _fuzz(client, form: Form, writes, tally) -> None:
    @given(values=_strategy(form))
    @budget()
    def run(values):
        tally.tick()
        writes.mark()
        if form.method == "post":
            response = client.post(form.action, data=values)
        else:
            response = client.get(form.path, query_string=values)  # as a browser does
        where = f"{form.method.upper()} {form.action} (from {form.page})"
        text = response.get_data(as_text=True)
        response.close()
        assert response.status_code < 500, f"{where}: {response.status_code} {values!r}"
        marker = no_traceback(text)
        assert marker is None, f"{where}: a traceback ({marker!r}) for {values!r}"
        if 400 <= response.status_code < 500 and form.path not in RECORDS_ATTEMPTS:
            changed = writes.changed()
            assert not changed, f"{where}: refused with {response.status_code}, wrote {changed}"

    run()


def test_the_crawl_finds_the_known_forms(fuzz_app):
    """The crawl is not vacuous: it finds the portal's and the admin's forms."""
    client = login(fuzz_app.test_client(), "admin")
    discovered = _discover(client, fuzz_app)
    paths = {form.path for form in discovered if form.method == "post"}
    assert "/admin/organization/move/" in paths
    assert any(re.fullmatch(r"/org/[^/]+/feedback", p) for p in paths)
    assert any(p.startswith("/admin/") and p.endswith("/new/") for p in paths)
    assert any(form.method == "get" for form in discovered)  # search, receipt, list filters
    every = paths | {form.path for form in unposted(fuzz_app, discovered)}
    assert {"/admin/disclosure/transition/", "/party/login"} <= every
