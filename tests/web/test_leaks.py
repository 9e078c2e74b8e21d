"""Nothing leaks: every surface × every reader × every scope and state, on SQLite and
PostgreSQL. Each reader sees on each surface exactly what the rules allow (DESIGN.md "Nothing
leaks"; the national regulation's four scopes; the default procedure's readers per state).

The expectation is written out here from the rules, independently of access.py, and also
compared with what access.py answers, so a surface that re-implements (or forgets) the rule,
and a rule that drifts from its statement, both fail.

Surfaces: the portal's organization page, disclosure page, search page, unit and organization
feeds, the member's page; the API's list, detail, versions and search; attachment download on
the portal and through the API (every item carries a file added while it was a draft; a
published item's file staged for its next re-publication is out to nobody yet). The due view
links only obligations' disclosures, which are these same lists.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from pinned import start_pinned

from dangwu_core import attachments, people
from dangwu_core.app import create_app
from dangwu_core.models import Catalog, CatalogItem, Category, Disclosure

FINDINGS = {"necessity": "必要", "accuracy": "准确", "legality": "合规", "secrecy": "不涉密"}
WORD = "泄露测试"
PASSWORD = "leak-test-password"
CHANNELS = {
    "public": ["website"],
    "party": ["party_portal"],
    "unit": ["party_portal"],
    "specific": ["party_portal"],
}
#: State → the transitions (and who fires them) that bring a fresh draft there.
PATHS = {
    "draft": [],
    "submitted": [("propose", "liaison")],
    "in_review": [("propose", "liaison"), ("start_review", "officer")],
    "awaiting_approval": [
        ("propose", "liaison"),
        ("start_review", "officer"),
        ("pass_review", "officer"),
    ],
    "approved": [
        ("propose", "liaison"),
        ("start_review", "officer"),
        ("pass_review", "officer"),
        ("approve", "officer"),
    ],
    "escalated": [
        ("propose", "liaison"),
        ("start_review", "officer"),
        ("pass_review", "officer"),
        ("escalate", "officer"),
    ],
    "not_suitable": [("propose", "liaison"), ("start_review", "officer"), ("defer", "officer")],
    "refused": [("propose", "liaison"), ("start_review", "officer"), ("refuse", "officer")],
}
PUBLISHED = [
    ("propose", "liaison"),
    ("start_review", "officer"),
    ("pass_review", "officer"),
    ("approve", "officer"),
    ("publish", "officer"),
]
PATHS.update(
    published=PUBLISHED,
    withdrawn=[*PUBLISHED, ("withdraw", "officer")],
    superseded=[*PUBLISHED, ("supersede", "officer")],
    expired=[*PUBLISHED, ("expire", "officer")],
    archived=[*PUBLISHED, ("archive", "officer")],
)
DISCLOSED = {"published", "expired", "archived"}
READERS = ["anonymous", "member", "sibling", "child", "parent_officer", "addressee"]
PDF = b"%PDF-1.4\n% leak test\n%%EOF\n"


def _item():
    catalog = Catalog.create(
        code="leak", title="测试目录", version="1.0.0", version_key=1_000_000, issuer_code="T",
        issuer_name="测试镇党委", effective_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    category = Category.create(catalog=catalog, code="c", name="其他")
    return CatalogItem.create(
        catalog=catalog, code="L01", title="目录事项", category=category, scope="public",
        channels=["website"], time_limit="long_term",
    )  # fmt: skip


def _person(name, org=None, role=None, *, username):
    someone = people.create_person(name)
    if org is not None:
        people.assign_role(someone, org, role)
    people.create_account(someone, username, PASSWORD)
    return someone


@pytest.fixture
def world(database_url):
    unit = start_pinned(database_url)
    w = type("World", (), {"unit": unit})()
    town = unit.create_organization(code="T", name="测试镇党委", type="testsector_committee")
    w.org = unit.create_organization(
        code="G1", name="一村党总支", type="testsector_general_branch", parent="T"
    )
    sibling = unit.create_organization(
        code="G2", name="二村党总支", type="testsector_general_branch", parent="T"
    )
    child = unit.create_organization(
        code="V1", name="一村第一支部", type="testsector_branch", parent="G1"
    )
    liaison = people.create_person("联络员")
    people.assign_role(liaison, w.org, "liaison")
    people.assign_role(liaison, w.org, "proposer")
    officer = people.create_person("总支书记")
    for role in ("reviewer", "approver", "publisher"):
        people.assign_role(officer, w.org, role)
    actors = {"liaison": liaison, "officer": officer}
    w.people = {
        "anonymous": None,
        "member": _person("总支党员", w.org, "member", username="member"),
        "sibling": _person("邻村党员", sibling, "member", username="sibling"),
        "child": _person("支部党员", child, "member", username="child"),
        "parent_officer": _person("镇党委委员", town, "supervisor", username="parent_officer"),
        "addressee": _person("告知对象", username="addressee"),
    }
    item = _item()
    w.disclosures, w.staged = [], []
    for scope, channels in CHANNELS.items():
        for state, path in PATHS.items():
            addressees = [w.people["addressee"]] if scope == "specific" else []
            d = unit.create_draft(
                w.org, liaison, f"{WORD}{scope}{state}", f"{WORD}正文", scope, channels,
                catalog_item=item, addressees=addressees,
            )  # fmt: skip
            d.file = attachments.add(unit, d, f"{WORD}{scope}{state}.pdf", PDF, liaison).id
            for transition, who in path:
                options = {"comment": "测试"}
                if transition == "pass_review":
                    options["findings"] = FINDINGS
                unit.fire(d, transition, actors[who], **options)
            assert d.state == state
            if state == "published":  # staged for the next version: out to nobody yet
                staged = attachments.add(unit, d, "下一版.pdf", PDF, officer)
                w.staged.append((d.id, staged.id))
            w.disclosures.append(d)
    yield w
    unit.db.close()


def allowed_in_lists(reader: str, d: Disclosure) -> bool:
    """The rule, as DESIGN.md states it, for what a list shows."""
    if d.state not in DISCLOSED:
        return False
    return {
        "public": True,
        "party": reader != "anonymous",  # everyone here but the anonymous is a party member
        "unit": reader in {"member", "child", "parent_officer"},  # subtree and officers above
        "specific": reader == "addressee",
    }[d.scope]


def allowed_one_by_one(reader: str, d: Disclosure) -> bool:
    """Lists, plus what the parent's officers follow: items escalated or filed with them."""
    if reader == "parent_officer" and d.state in {"escalated", "not_suitable"}:
        return True
    return allowed_in_lists(reader, d)


def _client(app, reader):
    client = app.test_client()
    if reader != "anonymous":
        page = client.get("/party/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        answer = client.post(
            "/party/login", data={"username": reader, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 302, reader
    return client


def _ids_in_links(html: str, within: str | None = None) -> set[int]:
    if within:
        html = html.split(within, 1)[1]
    return {int(i) for i in re.findall(r'href="/disclosures/(\d+)"', html)}


def _ids_in_feed(data: bytes) -> set[int]:
    root = ET.fromstring(data)
    ids = [
        e.findtext("{http://www.w3.org/2005/Atom}id")
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    return {int(i.rsplit("/", 1)[1]) for i in ids}


def public_surfaces(client, word: str = WORD, organization: str = "G1") -> dict[str, set[int]]:
    """The disclosures of ``organization`` (and of ``word``'s search) each surface shows
    ``client``'s reader."""
    return {
        "api list": {
            d["id"]
            for d in client.get(
                f"/api/v1/disclosures?organization={organization}&per_page=100"
            ).get_json()["items"]
        },
        "api search": {
            h["disclosure"]["id"]
            for h in client.get(f"/api/v1/search?q={word}&per_page=100").get_json()["items"]
        },
        "search page": _ids_in_links(
            client.get(f"/search?q={word}").get_data(as_text=True), "<main"
        ),
        "organization page": _ids_in_links(
            client.get(f"/org/{organization}").get_data(as_text=True), 'id="disclosures-heading"'
        ),
        "unit feed": _ids_in_feed(client.get("/feed.atom").data),
        "organization feed": _ids_in_feed(client.get(f"/org/{organization}/feed.atom").data),
    }


def test_every_surface_shows_every_reader_exactly_what_the_rules_allow(world):
    app = create_app(unit=world.unit)
    unit = world.unit
    problems = []
    for reader in READERS:
        person = world.people[reader]
        expected = {d.id for d in world.disclosures if allowed_in_lists(reader, d)}
        one_by_one = {d.id for d in world.disclosures if allowed_one_by_one(reader, d)}
        # The rule as stated and access.py agree.
        if {d.id for d in unit.listed_disclosures(person)} != expected:
            problems.append((reader, "access.listed_disclosures", expected))
        if {d.id for d in world.disclosures if unit.can_read(person, d)} != one_by_one:
            problems.append((reader, "access.can_read", one_by_one))
        client = _client(app, reader)
        seen = public_surfaces(client)
        if reader != "anonymous":
            page = client.get("/party/").get_data(as_text=True)
            seen["member page"] = _ids_in_links(page, "<main") | {
                d for d in expected if world_scope(world, d) == "public"
            }
        home = _ids_in_links(client.get("/").get_data(as_text=True), "<main")
        if not home <= expected:  # the newest ten only
            problems.append((reader, "home", sorted(home - expected)))
        due = client.get("/org/G1/due")
        if due.status_code != 200 or _ids_in_links(due.get_data(as_text=True), "<main") - expected:
            problems.append((reader, "due view", due.status_code))
        for surface, ids in seen.items():
            if ids != expected:
                problems.append((reader, surface, sorted(ids - expected), sorted(expected - ids)))
        for d in world.disclosures:
            want = 200 if d.id in one_by_one else 404
            for url in (
                f"/disclosures/{d.id}",
                f"/api/v1/disclosures/{d.id}",
                f"/api/v1/disclosures/{d.id}/versions",
                f"/disclosures/{d.id}/attachments/{d.file}",
                f"/api/v1/disclosures/{d.id}/attachments/{d.file}",
            ):
                answer = client.get(url)
                if answer.status_code != want:
                    problems.append((reader, url, d.scope, d.state, answer.status_code, want))
                elif "/attachments/" in url and want == 200 and answer.data != PDF:
                    problems.append((reader, url, "not the file"))
                elif (
                    url == f"/disclosures/{d.id}"
                    and want == 200
                    and f"/disclosures/{d.id}/attachments/{d.file}" not in answer.get_data(True)
                ):
                    problems.append((reader, url, "the page does not list its file"))
        for disclosure_id, staged in world.staged:
            for url in (
                f"/disclosures/{disclosure_id}/attachments/{staged}",
                f"/api/v1/disclosures/{disclosure_id}/attachments/{staged}",
            ):
                if client.get(url).status_code != 404:
                    problems.append((reader, url, "a staged file is out"))
    assert problems == []


def world_scope(world, disclosure_id: int) -> str:
    return next(d.scope for d in world.disclosures if d.id == disclosure_id)
