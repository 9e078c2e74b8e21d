"""The admin speaks Chinese by default and English on request (Flask-Babel), Flask-Admin's own
texts included; adding the admin's catalog changes no text of the portal.

Rule: issue 7 "Chinese labels by default, English available".
"""

from __future__ import annotations

from .conftest import login


def test_chinese_by_default_and_english_on_request(app):
    client = login(app.test_client(), "lixy")
    chinese = client.get("/admin/supervision/").get_data(as_text=True)
    assert "按时公开率" in chinese and "责任追究线索" in chinese
    listing = client.get("/admin/disclosure/").get_data(as_text=True)
    assert "批量公开" in listing and "选中的" in listing  # Flask-Admin's own texts too
    english = client.get("/admin/supervision/?lang=en").get_data(as_text=True)
    assert "On-time rate" in english and "Accountability cases" in english
    assert "按时公开率" not in english
    listing = client.get("/admin/disclosure/").get_data(as_text=True)  # the cookie remembers
    assert "Publish selected" in listing and "With selected" in listing


def test_the_portals_english_is_the_web_layers(app, demo):
    from dangwu_core.app import create_app

    client = app.test_client()
    with_admin = client.get("/?lang=en").get_data(as_text=True)
    # the same page without the admin's catalog in the translation directories
    other = create_app(unit=demo)
    other.extensions["babel"].translation_directories[:] = [
        d for d in other.extensions["babel"].translation_directories if "admin" not in d
    ]
    without = other.test_client().get("/?lang=en").get_data(as_text=True)
    assert with_admin == without
