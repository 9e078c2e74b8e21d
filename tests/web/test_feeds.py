"""Atom feeds for the unit and each organization: what the reader may see, newest first,
well-formed, cached with ETag/304 and invalidated by publication."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dangwu_core.models import Disclosure, Person, Scope

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response):
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}updated").text.endswith("Z")
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}category").get("term"))
        for e in root.findall(f"{ATOM}entry")
    ]


def test_unit_feed_lists_public_disclosures_for_the_public(client):
    entries = _entries(client.get("/feed.atom"))
    assert entries and {scope for _, scope in entries} == {Scope.PUBLIC.value}


def test_organization_feed_keeps_to_the_organization(client):
    entries = _entries(client.get("/org/TS-B01/feed.atom"))
    titles = {t for t, _ in entries}
    assert titles == {
        d.title
        for d in Disclosure.select().where(
            (Disclosure.scope == "public")
            & Disclosure.state.in_(["published", "expired", "archived"])
        )
        if d.organization.code == "TS-B01"
    }
    assert client.get("/org/NOPE/feed.atom").status_code == 404


def test_a_member_reading_the_feed_with_their_session_sees_party_items(client):
    from .conftest import login

    login(client, "qianyf")
    assert Scope.PARTY.value in {s for _, s in _entries(client.get("/org/TS-B01/feed.atom"))}


def test_feeds_answer_304_until_a_publication(client, demo):
    first = client.get("/feed.atom")
    etag = first.headers["ETag"]
    assert client.get("/feed.atom", headers={"If-None-Match": etag}).status_code == 304
    approved = Disclosure.get(Disclosure.state == "approved")
    demo.fire(approved, "publish", Person.get(Person.name == "李秀英"))
    assert client.get("/feed.atom", headers={"If-None-Match": etag}).status_code == 200
