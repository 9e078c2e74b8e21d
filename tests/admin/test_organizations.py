"""Moving an organization (调整隶属关系) in the admin, through ``unit.move_organization``: the
subtree goes with it, a cycle or a parent of the wrong type is refused with the service's
reason as a message, only who manages both organizations may, every move is an audit event.
"""

from __future__ import annotations

from dangwu_core import organizations
from dangwu_core.models import Event, Organization

from .conftest import login
from .helpers import C01, csrf_of, org

ZZ01, C02, C03 = "TS-G01", "TS-B02", "TS-B03"


def details(client, code: str) -> str:
    response = client.get(f"/admin/organization/details/?id={org(code).id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def move(client, code: str, parent: str | None, reason: str = "") -> str:
    page = details(client, code)
    response = client.post(
        f"/admin/organization/move/?id={org(code).id}",
        data={
            "csrf_token": csrf_of(page),
            "parent": str(org(parent).id) if parent else "",
            "reason": reason,
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def codes_above(code: str) -> list[str]:
    """From the root down."""
    return [o.code for o in sorted(organizations.ancestors(org(code)), key=lambda o: o.depth)]


def test_the_administrator_moves_a_general_branch_with_its_branches(app, demo):
    client = login(app.test_client(), "admin")
    assert 'id="dw-move"' in details(client, ZZ01)
    assert codes_above(C01) == ["TS", ZZ01]
    # 江都村总支 (with 第一、第二支部) under 测试第三支部? a village branch is no parent of it
    text = move(client, ZZ01, C03)
    assert "未调整隶属关系" in text and "cannot stand under" in text
    assert org(ZZ01).parent.code == "TS"

    # 第一支部 out of the general branch, directly under the town committee
    text = move(client, C01, "TS", reason="江都村总支撤销")
    assert "已将“中共测试单位第一支部委员会”（连同下级组织）调整到“中共测试单位委员会”之下" in text
    assert codes_above(C01) == ["TS"]
    assert org(C01).depth == 1
    event = (
        Event.select().where(Event.action == "organization.move").order_by(Event.id.desc()).get()
    )
    assert (event.subject_id, event.reason) == (org(C01).id, "江都村总支撤销")


def test_a_cycle_is_refused_with_its_reason(app, demo):
    client = login(app.test_client(), "admin")
    text = move(client, ZZ01, C02)  # under its own branch
    assert "未调整隶属关系" in text and "would make a cycle" in text
    assert org(ZZ01).parent.code == "TS"
    assert codes_above(C02) == ["TS", ZZ01]


def test_a_branch_cannot_go_under_another_branch(app, demo):
    client = login(app.test_client(), "admin")
    text = move(client, C02, C03)
    assert "cannot stand under" in text
    assert org(C02).parent.code == ZZ01


def test_who_does_not_manage_organizations_sees_no_form_and_is_refused(app, demo):
    for username in ("lixy", "wangjg", "zhaodm"):
        client = login(app.test_client(), username)
        page = client.get(f"/admin/organization/details/?id={org(C01).id}").get_data(as_text=True)
        assert 'id="dw-move"' not in page, username
        token = csrf_of(client.get("/admin/disclosure/").get_data(as_text=True))
        response = client.post(
            f"/admin/organization/move/?id={org(C01).id}",
            data={"csrf_token": token, "parent": str(org("TS").id)},
            follow_redirects=True,
        )
        text = response.get_data(as_text=True)
        assert "您无权调整" in text or "没有找到该党组织" in text, username
        assert Organization.get(Organization.code == C01).parent.code == ZZ01


def test_a_move_without_the_csrf_token_is_refused(app, demo):
    client = login(app.test_client(), "admin")
    response = client.post(
        f"/admin/organization/move/?id={org(C01).id}",
        data={"csrf_token": "forged", "parent": str(org("TS").id)},
        follow_redirects=True,
    )
    assert "表单已失效" in response.get_data(as_text=True)
    assert org(C01).parent.code == ZZ01
