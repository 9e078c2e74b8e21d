"""HTTP caching: ETag/Last-Modified and 304 on public pages, API lists and feeds, so an
e-screen polling every few seconds costs almost nothing; publication invalidates them."""

from __future__ import annotations

import pytest

from dangwu_core.models import Disclosure, Person

CACHED = ["/", "/org/TS-B01", "/org/TS-B01/due", "/api/v1/disclosures", "/api/v1/organizations"]


@pytest.mark.parametrize("url", CACHED)
def test_a_current_copy_gets_304_by_etag_and_by_date(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    dated = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert dated.status_code == 304
    assert "no-cache" in first.headers["Cache-Control"]


def test_publication_invalidates_the_copy(client, demo):
    etag = client.get("/api/v1/disclosures").headers["ETag"]
    approved = Disclosure.get(Disclosure.state == "approved")
    office = Person.get(Person.name == "李秀英")
    demo.fire(approved, "publish", office)
    fresh = client.get("/api/v1/disclosures", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag


def test_the_validator_is_one_query_before_any_work(client, demo, monkeypatch):
    etag = client.get("/org/TS-B01").headers["ETag"]
    from dangwu_core.web.portal import organizations

    def fail(*a, **k):
        raise AssertionError("the view ran although the client's copy was current")

    monkeypatch.setattr(organizations, "render_template", fail)
    assert client.get("/org/TS-B01", headers={"If-None-Match": etag}).status_code == 304


def test_readers_do_not_share_a_validator(client):
    from dangwu_core.web.caching import validator

    with client.application.test_request_context("/"):
        assert validator("anonymous")[0] != validator("p1")[0]


def test_the_newest_event_is_read_once_per_request_and_afresh_outside(client, demo):
    """The reads helper keys cached totals on ``newest_event()``: within one request the ETag
    and the totals must agree (one read), outside a request every call sees the latest."""
    from dangwu_core import audit
    from dangwu_core.web.caching import newest_event

    app = client.application
    with app.app_context():
        before = newest_event()
        audit.record("test.touch", "unit")
        after = newest_event()
        assert after[0] > before[0]
    with app.test_request_context("/"):
        memo = newest_event()
        audit.record("test.touch", "unit")
        assert newest_event() == memo
    with app.test_request_context("/"):
        assert newest_event()[0] > memo[0]
