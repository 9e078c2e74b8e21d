"""The portal's home page shows the unit's organization tree (DESIGN.md "What good looks like":
a newcomer "sees a working demo unit ... in a browser")."""

from __future__ import annotations

import re

from dangwu_core.app import create_app
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

from .conftest import build_town


def test_home_shows_the_tree_nested_with_type_labels(unit):
    build_town(unit)
    response = create_app(unit=unit).test_client().get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "共 7 个党组织" in page
    names = re.findall(r'class="org-name"[^>]*>([^<]+)</', page)
    # a general branch's branches come inside it, after it
    assert names.index("中共某镇某村总支部委员会") < names.index("中共某镇某村第一支部委员会")
    assert "中共某街道工作委员会" in names and len(names) == 7
    assert "测试党支部" in page and "测试党委" in page
    nested = page.split("中共某镇某村总支部委员会", 1)[1].split("</ul>", 1)[0]
    assert "中共某镇某村第一支部委员会" in nested and "中共某镇某村第二支部委员会" in nested


def test_home_of_an_empty_unit_says_how_to_start(unit):
    page = create_app(unit=unit).test_client().get("/").get_data(as_text=True)
    assert "dangwu demo" in page


def test_a_plugin_blueprint_is_served_and_goes_away_when_disabled(unit, sqlite_url):
    client = create_app(unit=unit).test_client()
    assert client.get("/testplugin/ping").get_json()["plugin"] == "dangwu-testplugin"
    settings = load_settings(environ={}, database_url=sqlite_url, disabled_plugins=["testplugin"])
    client = create_app(unit=Unit.start(settings)).test_client()
    assert client.get("/testplugin/ping").status_code == 404
