"""One permission registry: actions declared as data, one decision for every surface.

Rules: issue 12 "Actions are declared once (core's through a builtin plugin, plugins' through a
new documented hookspec), each with the roles and organization relation it needs; one decision
function answers every service, view, template and API"; "A plugin registers a new action
through the hook and every surface (admin button, API, CLI) honours it".
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from demo_town import login
from flask import Blueprint, jsonify, render_template_string
from flask_admin import expose

from dangwu_core import access, people, permissions, tokens
from dangwu_core.admin import DangwuView
from dangwu_core.app import create_app
from dangwu_core.cli import UnitContext, pass_context
from dangwu_core.errors import DangwuError, PermissionDenied, PluginError
from dangwu_core.models import Organization, Person
from dangwu_core.organizations import OrganizationType
from dangwu_core.permissions import Action, UnknownAction
from dangwu_core.plugins import notify
from dangwu_core.testing import start_unit
from dangwu_core.toolkit import hookimpl
from dangwu_core.web.permissions import requires

from .endpoints import undeclared_endpoints

PASSWORD = "stamps-pass-2026"
BUTTON = "盖章按钮"
TOKEN_BUTTON = "签发令牌按钮"


class AdminStampView(DangwuView):
    @expose("/")
    def index(self):
        org = Organization.get(Organization.code == "stamps")
        return render_template_string(
            "{% if can('stamps.stamp', org) %}<button>" + BUTTON + "</button>{% endif %}"
            "{% if can('token.issue', org) %}<button>" + TOKEN_BUTTON + "</button>{% endif %}"
            "<p>ok</p>",
            org=org,
        )


class StampPlugin:
    """A plugin with a new action, honoured by its admin page, its API and its command."""

    @hookimpl
    def dangwu_register_organization_types(self):
        return [OrganizationType("stamps_office", "盖章测试组织", "committee", "stamps", root=True)]

    @hookimpl
    def dangwu_register_actions(self):
        return [Action("stamps.stamp", "盖章", ("publisher",), description="test action")]

    @hookimpl
    def dangwu_register_blueprints(self, app):
        blueprint = Blueprint("stamps", __name__)

        @blueprint.post("/api/stamps/<code>")
        @requires("stamps.stamp", organization_from=lambda code: _org_id(code))
        def stamp(code):
            return jsonify({"stamped": code})

        return [blueprint]

    @hookimpl
    def dangwu_register_admin_views(self, app):
        return [AdminStampView(name="盖章", endpoint="stamps_admin")]

    @hookimpl
    def dangwu_register_commands(self, cli):
        @cli.command("stamp")
        @click.argument("code")
        @click.option("--user", "username", required=True)
        @pass_context
        def stamp(ctx, code, username):
            ctx.connected()
            person = people.get_by_username(username)
            if not access.allowed(person, "stamps.stamp", _org_id(code)):
                raise PermissionDenied(f"{person.name} may not stamp for {code}")
            click.echo(f"stamped {code}")


class GrantPlugin:
    """Grants a plugin's action and a core action to supervisors (监督员)."""

    @hookimpl
    def dangwu_extend_action(self, action):
        if action.name in ("stamps.stamp", "token.issue"):
            return action.granted_to("supervisor")
        return None


def _org_id(code):
    org = Organization.get_or_none(Organization.code == code)
    return org.id if org is not None else None


def _start(sqlite_url, *plugins):
    unit = start_unit(sqlite_url, extra_plugins=plugins)
    org = unit.create_organization(code="stamps", name="盖章测试组织", type="stamps_office")
    for username, role in (("pub", "publisher"), ("sup", "supervisor"), ("mem", "member")):
        person = people.create_person(username)
        people.create_account(person, username, PASSWORD)
        people.assign_role(person, org, role)
    return unit


@pytest.fixture
def stamps(sqlite_url):
    unit = _start(sqlite_url, ("test.stamps", StampPlugin()))
    yield unit
    unit.db.close()


@pytest.fixture
def granted(tmp_path):
    unit = _start(
        f"sqlite:///{tmp_path / 'granted.db'}",
        ("test.stamps", StampPlugin()),
        ("test.grant", GrantPlugin()),
    )
    yield unit
    unit.db.close()


def _api(app, username):
    client = login(app.test_client(), username, PASSWORD)
    return client.post("/api/stamps/stamps")


def _admin(app, username):
    client = login(app.test_client(), username, PASSWORD)
    return client.get("/admin/stamps_admin/").get_data(as_text=True)


def _cli(unit, username):
    @click.group()
    @click.pass_context
    def group(ctx):
        ctx.obj = context

    context = UnitContext(None, None)
    context._unit = unit
    notify(unit.pm, "dangwu_register_commands", cli=group)
    return CliRunner().invoke(group, ["stamp", "stamps", "--user", username])


def _person(username) -> Person:
    return people.get_by_username(username)


# --- the registry ---------------------------------------------------------------------


def test_core_declares_its_actions_through_a_builtin_plugin(stamps):
    registry = stamps.registry.permissions
    assert "core.actions" in dict(stamps.pm.list_name_plugin())
    assert registry["request.review_refusal"].on == "parent"
    assert registry["request.grant"].statuses == ("submitted", "acknowledged")
    assert registry["stamps.stamp"].roles == ("publisher",)


def test_an_action_declared_by_two_plugins_names_both(sqlite_url):
    class Again:
        @hookimpl
        def dangwu_register_actions(self):
            return [Action("token.issue", "再次声明", ("member",))]

    with pytest.raises(PluginError) as raised:
        start_unit(sqlite_url, extra_plugins=[("test.again", Again())])
    assert "test.again" in str(raised.value) and "core.actions" in str(raised.value)


def test_an_extension_may_not_rename_an_action(sqlite_url):
    class Renames:
        @hookimpl
        def dangwu_extend_action(self, action):
            return Action("other.name", action.label, action.roles)

    with pytest.raises(PluginError, match=r"test\.renames"):
        start_unit(sqlite_url, extra_plugins=[("test.renames", Renames())])


def test_an_unknown_action_is_a_programming_error_not_a_refusal(stamps):
    with pytest.raises(UnknownAction, match=r"request\.gran"):
        access.allowed(_person("pub"), "request.gran", _org_id("stamps"))
    with pytest.raises(UnknownAction):
        access.may_anywhere(
            _person("pub"), "nobody.declared", permissions=stamps.registry.permissions
        )


def test_without_a_unit_bound_services_decide_on_cores_actions(stamps):
    pub = _person("pub")
    with pytest.raises(UnknownAction):
        access.allowed(pub, "stamps.stamp", _org_id("stamps"))
    with permissions.active(stamps.registry.permissions):
        assert access.allowed(pub, "stamps.stamp", _org_id("stamps"))


def test_the_sql_helpers_use_the_registry(stamps, granted):
    for unit, supervisor_holds in ((stamps, False), (granted, True)):
        registry = unit.registry.permissions
        org = _org_id("stamps")
        sup = _person("sup")
        held = access.organizations_for(sup, "stamps.stamp", permissions=registry)
        assert (org in [row.descendant_id for row in held]) is supervisor_holds
        condition = access.organization_condition(
            sup, "stamps.stamp", Organization.id, permissions=registry
        )
        query = Organization.select().where(condition)
        assert (query.count() == 1) is supervisor_holds
        assert access.may_anywhere(sup, "stamps.stamp", permissions=registry) is supervisor_holds
        assert access.may_anywhere(_person("pub"), "stamps.stamp", permissions=registry)


# --- a new action on every surface ------------------------------------------------------


def test_a_plugins_new_action_is_honoured_by_the_admin_button(stamps):
    app = create_app(unit=stamps)
    assert BUTTON in _admin(app, "pub")
    page = _admin(app, "sup")
    assert "ok" in page and BUTTON not in page


def test_a_plugins_new_action_guards_its_api_endpoint(stamps):
    app = create_app(unit=stamps)
    assert _api(app, "pub").status_code == 200
    refused = _api(app, "sup")
    assert refused.status_code == 403
    assert "stamps.stamp" in refused.get_json()["error"]["message"]
    assert _api(app, "mem").status_code == 403


def test_a_plugins_new_action_refuses_and_permits_the_same_people_on_the_cli(stamps):
    permitted = _cli(stamps, "pub")
    assert permitted.exit_code == 0, permitted.output
    assert "stamped stamps" in permitted.output
    refused = _cli(stamps, "sup")
    assert refused.exit_code != 0
    assert isinstance(refused.exception, DangwuError) or "may not stamp" in refused.output


def test_granting_an_action_to_another_role_changes_every_surface(granted):
    app = create_app(unit=granted)
    assert _api(app, "sup").status_code == 200
    page = _admin(app, "sup")
    assert BUTTON in page and TOKEN_BUTTON in page
    assert _cli(granted, "sup").exit_code == 0
    assert _api(app, "mem").status_code == 403


def test_granting_a_core_action_changes_what_its_service_permits(stamps, granted):
    org = Organization.get(Organization.code == "stamps")
    with permissions.active(stamps.registry.permissions), pytest.raises(PermissionDenied):
        tokens.issue(_person("sup"), org, "电子屏")
    with permissions.active(granted.registry.permissions):
        token, _secret = tokens.issue(_person("sup"), org, "电子屏")
    assert token.organization_id == org.id


# --- the meta-test: every endpoint declares what it needs -------------------------------


def test_every_endpoint_declares_its_action_or_is_public(stamps):
    app = create_app(unit=stamps)
    assert undeclared_endpoints(app) == []


def test_the_meta_test_reports_a_view_that_skips_the_registry(sqlite_url):
    class Skipper:
        @hookimpl
        def dangwu_register_blueprints(self, app):
            blueprint = Blueprint("skipper", __name__)

            @blueprint.get("/skipper/secret")
            def secret():
                return "decided nothing"

            return [blueprint]

    unit = start_unit(sqlite_url, extra_plugins=[("test.skipper", Skipper())])
    try:
        assert undeclared_endpoints(create_app(unit=unit)) == ["skipper.secret"]
    finally:
        unit.db.close()
