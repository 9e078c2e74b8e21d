"""Revoking a role in the admin goes through people.revoke_role: the row goes, an event stays;
the list's bulk delete, which would skip the event, is not available."""

from dangwu_core.models import Event, RoleAssignment

from .conftest import csrf, login


def test_revoking_a_role_records_an_event(app):
    client = login(app.test_client(), "admin")
    token = csrf(client.get("/admin/role/").get_data(as_text=True))
    assignment = RoleAssignment.select().where(RoleAssignment.role == "member").first()
    response = client.post(
        "/admin/role/delete/",
        data={"id": str(assignment.id), "csrf_token": token, "url": "/admin/role/"},
    )
    assert response.status_code in (302, 303)
    assert RoleAssignment.get_or_none(RoleAssignment.id == assignment.id) is None
    event = Event.select().where(Event.action == "role.revoke").order_by(Event.id.desc()).get()
    assert (event.subject_id, event.payload["role"]) == (assignment.person_id, "member")


def test_the_bulk_delete_action_deletes_nothing(app):
    client = login(app.test_client(), "admin")
    token = csrf(client.get("/admin/role/").get_data(as_text=True))
    assignment = RoleAssignment.select().where(RoleAssignment.role == "member").first()
    client.post(
        "/admin/role/action/",
        data={
            "action": "delete",
            "rowid": str(assignment.id),
            "csrf_token": token,
            "url": "/admin/role/",
        },
    )
    assert RoleAssignment.get_or_none(RoleAssignment.id == assignment.id) is not None
