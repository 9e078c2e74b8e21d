"""Archiving discloses nothing (issue 13, item 1): a refused or withdrawn item, once archived,
is read by no one who could not read it before, on any surface; a published one stays read.

Through the surfaces that showed the leak: the API (detail, list, search), the portal's search,
organization and disclosure pages, and the unit's and organization's Atom feeds. Each item is
archived by the archive step its workflow offers from its state (core asks kinds, never
names), as an office filing the year would (004 五(五)).
"""

from __future__ import annotations

import pytest
from pinned import start_pinned

from dangwu_core import people
from dangwu_core.app import create_app

from .test_leaks import FINDINGS, _client, _item, _person, public_surfaces

WORD = "归档泄露"
TO_APPROVED = [
    ("propose", "liaison"),
    ("start_review", "officer"),
    ("pass_review", "officer"),
    ("approve", "officer"),
]


@pytest.fixture
def filed(database_url):
    """G1's items of every scope reaching the public: one refused at review (the #23 of the
    probe: 关于公开个人家庭住址的请示), one withdrawn after publication (内容有误，撤销公开) and one
    published; then each archived by its workflow's archive step for its state."""
    unit = start_pinned(database_url)
    w = type("Filed", (), {"unit": unit})()
    town = unit.create_organization(code="T", name="测试镇党委", type="testsector_committee")
    g1 = unit.create_organization(
        code="G1", name="一村党总支", type="testsector_general_branch", parent="T"
    )
    g2 = unit.create_organization(
        code="G2", name="二村党总支", type="testsector_general_branch", parent="T"
    )
    liaison = people.create_person("联络员")
    people.assign_role(liaison, g1, "liaison")
    officer = _person("总支书记", g1, "reviewer", username="officer")
    for role in ("approver", "publisher"):
        people.assign_role(officer, g1, role)
    actors = {"liaison": liaison, "officer": officer}
    w.sibling = _person("邻村党员", g2, "member", username="sibling")
    w.town = town
    item = _item()
    w.items = {}
    for scope, channels in (("public", ["website"]), ("party", ["party_portal"])):
        for fate in ("refused", "withdrawn", "published"):
            d = unit.create_draft(
                g1, liaison, f"{WORD}{scope}{fate}", "关于公开个人家庭住址的请示", scope, channels,
                catalog_item=item,
            )  # fmt: skip
            path = TO_APPROVED[:2] if fate == "refused" else [*TO_APPROVED, ("publish", "officer")]
            for name, who in path:
                unit.fire(d, name, actors[who], findings=FINDINGS, comment="测试")
            if fate == "refused":
                unit.fire(d, "refuse", officer, comment="涉及个人信息，不予公开")
            if fate == "withdrawn":
                unit.fire(d, "withdraw", officer, comment="内容有误，撤销公开")
            definition = unit.registry.workflows.get(d.workflow)
            (archive,) = [
                t for t in definition.transitions_of_kind("archive") if d.state in t.sources
            ]
            unit.fire(d, archive.name, officer)
            assert definition.states[d.state].kind == "archived"
            w.items[(scope, fate)] = d
    w.app = create_app(unit=unit)
    yield w
    unit.db.close()


@pytest.mark.parametrize("reader", ["sibling", "anonymous"])
def test_an_archived_refused_or_withdrawn_item_reaches_no_new_reader(filed, reader):
    client = _client(filed.app, reader)
    scopes = ("public", "party") if reader == "sibling" else ("public",)
    published = {filed.items[(s, "published")].id for s in scopes}
    hidden = {d.id for (s, fate), d in filed.items.items() if fate != "published"}
    for surface, ids in public_surfaces(client, WORD).items():
        assert ids & hidden == set(), surface
        assert ids >= published, surface  # the surface works: the archived published items
    for d in filed.items.values():
        want = 200 if d.id in published else 404
        for url in (f"/api/v1/disclosures/{d.id}", f"/disclosures/{d.id}"):
            assert client.get(url).status_code == want, (url, d.title)


def test_the_officers_still_read_what_they_filed(filed):
    client = _client(filed.app, "officer")
    for d in filed.items.values():
        assert client.get(f"/api/v1/disclosures/{d.id}").status_code == 200, d.title
