"""wsgi.py builds the unit's web application: the portal and the unit's own page answer."""

import importlib
import sys
from pathlib import Path

import pytest
from dangwu_core.testing import start_unit


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'unit.db'}"
    start_unit(url).db.close()  # a migrated, empty database
    monkeypatch.setenv("DANGWU_DATABASE_URL", url)
    monkeypatch.setenv("DANGWU_SETTINGS", str(Path(__file__).resolve().parents[1] / "dangwu.toml"))
    sys.modules.pop("wsgi", None)
    return importlib.import_module("wsgi").app


def test_the_home_page_shows_the_unit(app):
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert "{{ cookiecutter.unit_name }}" in response.get_data(as_text=True)


def test_the_units_own_page(app):
    response = app.test_client().get("/about")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "关于本单位" in page and "{{ cookiecutter.organization_code }}" in page
