"""Who reaches the admin, and what each view shows them: decided by dangwu_core.access.

Rules: issue 7 "only people with an admin-side role reach /admin; every list, form, export and
action is limited to the organizations where that person holds a role (and their subtrees
where the role reaches down); a liaison of one village cannot see or edit another village's
drafts"; DESIGN.md "Nothing leaks ... on every surface (... admin ...)".
"""

from __future__ import annotations

import pytest
from flask_admin.contrib.peewee import ModelView

from dangwu_core import access
from dangwu_core.admin import ScopedModelView
from dangwu_core.models import Disclosure, Filing, Organization, Person, RoleAssignment

from .conftest import login
from .helpers import C01, C03, acting_as, csrf_of, draft, org, person

ADMIN_VIEWS = [
    "/admin/",
    "/admin/disclosure/",
    "/admin/obligation/",
    "/admin/event/",
    "/admin/feedback/",
    "/admin/request/",
    "/admin/filing/",
    "/admin/organization/",
    "/admin/organization/tree/",
    "/admin/person/",
    "/admin/role/",
    "/admin/catalog/",
    "/admin/category/",
    "/admin/item/",
]


def test_anonymous_is_sent_to_the_login_page(app):
    client = app.test_client()
    for url in ADMIN_VIEWS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/party/login" in response.headers["Location"]


def test_a_plain_member_may_not_enter_the_admin(app):
    client = login(app.test_client(), "qianyf")
    for url in ADMIN_VIEWS:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("username", ["admin", "lixy", "wangjg", "sunl", "chengr", "chenj"])
def test_every_officer_enters_every_core_view(app, username):
    client = login(app.test_client(), username)
    for url in ADMIN_VIEWS:
        assert client.get(url).status_code == 200, (username, url)


def test_a_liaison_of_one_village_cannot_see_or_edit_another_villages_draft(app, demo):
    own = draft(demo, C01, "sunl", "江都村一支部草稿（仅本村可见）")
    other = draft(demo, C03, "wum", "龙川村草稿（不得外泄）")
    sunl = login(app.test_client(), "sunl")
    page = sunl.get("/admin/disclosure/?page_size=500").get_data(as_text=True)
    assert own.title in page
    assert other.title not in page
    for url in (
        f"/admin/disclosure/details/?id={other.id}",
        f"/admin/disclosure/edit/?id={other.id}",
    ):
        response = sunl.get(url, follow_redirects=True)
        assert other.title not in response.get_data(as_text=True), url
    exported = sunl.get("/admin/disclosure/export/csv/").get_data(as_text=True)
    assert own.title in exported and other.title not in exported
    search = sunl.get("/admin/disclosure/?search=龙川村草稿").get_data(as_text=True)
    assert other.title not in search
    # The other village's liaison sees theirs.
    wum = login(app.test_client(), "wum")
    assert other.title in wum.get("/admin/disclosure/?page_size=500").get_data(as_text=True)


def _views(app):
    return [v for v in app.extensions["dangwu_admin"]._views if isinstance(v, ModelView)]


def test_every_scoped_list_keeps_to_the_persons_organizations(app, demo):
    """Per view: the rows of a branch liaison belong to the branch (or, for people and
    filings, are linked to it); a town officer whose role reaches down sees the subtree."""
    draft(demo, C03, "wum", "另一个村的草稿")
    c01 = org(C01)
    for username, allowed_orgs in (
        ("sunl", {c01.id}),
        ("wangjg", {o.id for o in Organization.select()}),
    ):
        with acting_as(app, username):
            for view in _views(app):
                assert isinstance(view, ScopedModelView)
                rows = list(view.get_query())
                if view.model is Disclosure:
                    assert {r.organization_id for r in rows} <= allowed_orgs, view.name
                elif view.model is Person:
                    holders = {
                        r.person_id
                        for r in RoleAssignment.select().where(
                            RoleAssignment.organization.in_(list(allowed_orgs))
                        )
                    }
                    assert {r.id for r in rows} <= holders
                elif view.model is Filing:
                    assert all(
                        r.organization_id in allowed_orgs or r.upper_organization_id in allowed_orgs
                        for r in rows
                    )
                elif view.model is Organization:
                    assert {r.id for r in rows} <= allowed_orgs
                elif view.organization_field is not None:
                    assert {r.organization_id for r in rows} <= allowed_orgs, view.name
                    if username == "sunl":
                        # and the count the list shows is the same query's
                        count, _ = view.get_list(0, None, None, None, [], page_size=0)
                        assert count == len(rows)


def test_a_branch_liaison_sees_only_its_branch_obligations_and_events(app):
    sunl = login(app.test_client(), "sunl")
    c03 = org(C03)
    for url in ("/admin/obligation/export/csv/", "/admin/event/export/csv/"):
        body = sunl.get(url).get_data(as_text=True)
        assert c03.name not in body, url
        assert org(C01).name in body, url


def test_get_one_refuses_rows_outside_the_scope(app, demo):
    other = draft(demo, C03, "wum", "龙川村草稿二")
    with acting_as(app, "sunl"):
        views = {v.endpoint: v for v in _views(app)}
        assert views["disclosure"].get_one(other.id) is None
        assert views["organization"].get_one(org(C03).id) is None
        assert views["organization"].get_one(org(C01).id) is not None
    with acting_as(app, "wum"):
        assert {v.endpoint: v for v in _views(app)}["disclosure"].get_one(other.id) is not None


def test_only_the_unit_administrator_manages_organizations_and_roles(app):
    for username in ("sunl", "lixy", "chenj"):
        client = login(app.test_client(), username)
        for url in ("/admin/organization/new/", "/admin/role/new/", "/admin/person/new/"):
            response = client.get(url)
            assert response.status_code == 302, (username, url)  # back to the list
    admin = login(app.test_client(), "admin")
    assert admin.get("/admin/organization/new/").status_code == 200


def test_organizations_are_created_through_the_service_with_csrf(app, demo):
    admin = login(app.test_client(), "admin")
    page = admin.get("/admin/organization/new/").get_data(as_text=True)
    town = org("TS")
    data = {
        "code": "TS-C99",
        "name": "中共仙女镇新村支部委员会",
        "short_name": "",
        "sort_order": "0",
    }
    data.update({"type": "testsector_branch", "parent": str(town.id)})
    # Without the CSRF token: refused, nothing created.
    admin.post("/admin/organization/new/", data=data)
    assert Organization.get_or_none(Organization.code == "TS-C99") is None
    data["csrf_token"] = csrf_of(page)
    admin.post("/admin/organization/new/", data=data)
    created = Organization.get(Organization.code == "TS-C99")
    assert created.parent_id == town.id
    # the closure table knows it (the service wrote it): the town's officers reach it
    assert access.has_role(person("wangjg"), "approver", created)


def test_roles_are_given_by_the_administrator_and_recorded(app, demo):
    admin = login(app.test_client(), "admin")
    page = admin.get("/admin/role/new/").get_data(as_text=True)
    target = person("qianyf")
    admin.post(
        "/admin/role/new/",
        data={
            "csrf_token": csrf_of(page),
            "person": str(target.id),
            "organization": str(org(C01).id),
            "role": "liaison",
            "department": "村党支部",
        },
    )
    assert access.has_role(target, "liaison", org(C01))
    assert login(app.test_client(), "qianyf").get("/admin/").status_code == 200


def test_the_supervisor_reads_but_changes_nothing(app, demo):
    client = login(app.test_client(), "chenj")
    assert client.get("/admin/disclosure/new/").status_code == 302
    page = client.get("/admin/disclosure/").get_data(as_text=True)
    assert "批量审批同意" not in page
    with acting_as(app, "chenj"):
        view = next(v for v in _views(app) if v.model is Disclosure)
        assert not view.can_create
        assert not view.is_action_allowed("approve")
