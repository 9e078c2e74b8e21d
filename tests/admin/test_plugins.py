"""Plugins add admin views through ``dangwu_register_admin_views(app)``; each app gets its own.

Rules: hookspecs ``dangwu_register_admin_views`` ("a list of new flask_admin.BaseView
instances (one set per call: each app gets its own)"); STYLE.md "no Admin() at module level
(... break tests that build several apps)".
"""

from __future__ import annotations

import shutil

import pytest
from flask_admin import expose

from dangwu_core.admin import DangwuView
from dangwu_core.app import create_app
from dangwu_core.errors import PluginError
from dangwu_core.testing import start_unit
from dangwu_core.toolkit import hookimpl

from .conftest import login


class HelloView(DangwuView):
    @expose("/")
    def index(self):
        return f"hello {self.person.name}"


class HelloPlugin:
    @hookimpl
    def dangwu_register_admin_views(self, app):
        return [HelloView(name="问候", endpoint="hello")]


class WrongPlugin:
    @hookimpl
    def dangwu_register_admin_views(self, app):
        return ["not a view"]


@pytest.fixture
def unit_with(demo_template, tmp_path):
    units = []

    def start(plugin):
        path = tmp_path / f"demo{len(units)}.db"
        shutil.copy(demo_template, path)
        unit = start_unit(f"sqlite:///{path}", extra_plugins=[("test.admin", plugin)])
        units.append(unit)
        return unit

    yield start
    for unit in units:
        unit.db.close()


def test_a_plugin_view_is_added_behind_the_same_access_check(unit_with):
    unit = unit_with(HelloPlugin())
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    assert login(app.test_client(), "lixy").get("/admin/hello/").get_data(as_text=True) == (
        "hello 李秀英"
    )
    assert login(app.test_client(), "qianyf").get("/admin/hello/").status_code == 403
    # every app builds its own admin and gets its own view instances
    second = create_app(unit=unit)
    views = [v for v in app.extensions["dangwu_admin"]._views if isinstance(v, HelloView)]
    others = [v for v in second.extensions["dangwu_admin"]._views if isinstance(v, HelloView)]
    assert len(views) == len(others) == 1 and views[0] is not others[0]


def test_a_plugin_answering_something_else_is_named(unit_with):
    unit = unit_with(WrongPlugin())
    with pytest.raises(PluginError, match=r"test\.admin"):
        create_app(unit=unit)
