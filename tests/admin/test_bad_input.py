"""Bad integers in the admin's URLs and forms: a 4xx naming the cause, never a 500, nothing
written (issue 13, item 11). ``?id=²`` and a 25-digit ``?id=`` reached ``int()`` and the
database; ``?page=`` of 25 digits overflowed Flask-Admin's OFFSET; ``?year=99999`` reached
``datetime.date``."""

from __future__ import annotations

import pytest

from .conftest import login
from .helpers import csrf_of, org, town_item

HUGE = "9" * 25
BAD_IDS = ["²", HUGE, "١٢", "-1", "0x1"]

DETAIL_PAGES = [
    "/admin/disclosure/details/",
    "/admin/disclosure/edit/",
    "/admin/organization/details/",
    "/admin/organization/edit/",
    "/admin/person/details/",
    "/admin/feedback/details/",
]


@pytest.fixture
def url(demo):
    return demo.settings.database_url


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("page", DETAIL_PAGES)
@pytest.mark.parametrize("value", BAD_IDS)
def test_a_malformed_id_is_a_404_naming_it(app, page, value):
    admin = login(app.test_client(), "admin")
    response = admin.get(page, query_string={"id": value})
    assert response.status_code == 404, page
    assert "an id must be a whole number from 1 to 2147483647" in _text(response)


@pytest.mark.parametrize("value", [HUGE, "1000001"])
def test_a_huge_list_page_is_a_400_naming_page(app, value):
    admin = login(app.test_client(), "admin")
    for view in ("disclosure", "organization", "person", "feedback"):
        response = admin.get(f"/admin/{view}/", query_string={"page": value})
        assert response.status_code == 400, view
        assert "page must be a whole number" in _text(response)


@pytest.mark.parametrize("path", ["/admin/reports/", "/admin/supervision/"])
@pytest.mark.parametrize("value", ["99999", HUGE, "²"])
def test_a_year_out_of_range_is_a_400_naming_year(app, path, value):
    admin = login(app.test_client(), "admin")
    response = admin.get(path, query_string={"year": value})
    assert response.status_code == 400
    assert "year must be a whole number from 1900 to 2999" in _text(response)


@pytest.mark.parametrize("path", ["/admin/reports/", "/admin/supervision/", "/admin/ledgers/"])
def test_a_huge_organization_id_is_a_400_naming_org(app, path):
    admin = login(app.test_client(), "admin")
    response = admin.get(path, query_string={"org": HUGE})
    assert response.status_code == 400 and "org must be a whole number" in _text(response)


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_posted_transition_with_a_bad_id_writes_nothing(app, contents, url, value):
    admin = login(app.test_client(), "admin")
    page = _text(admin.get("/admin/disclosure/"))
    before = contents(url)
    response = admin.post(
        "/admin/disclosure/transition/",
        data={"csrf_token": csrf_of(page), "id": value, "name": "approve"},
    )
    assert response.status_code == 404
    assert contents(url) == before


@pytest.mark.parametrize("lock_version", [str(10**30), "²", "2147483648"])
def test_a_huge_lock_version_is_refused_with_its_name_and_writes_nothing(
    app, demo, contents, url, lock_version
):
    item = town_item(demo, "锁版本过大的事项", "start_review")
    lixy = login(app.test_client(), "lixy")
    page = _text(lixy.get(f"/admin/disclosure/details/?id={item.id}"))
    before = contents(url)
    response = lixy.post(
        "/admin/disclosure/transition/",
        data={
            "csrf_token": csrf_of(page),
            "id": item.id,
            "name": "pass_review",
            "lock_version": lock_version,
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "lock_version" in _text(response)
    assert contents(url) == before


@pytest.mark.parametrize("value", ["²", HUGE])
def test_moving_under_a_bad_parent_id_writes_nothing(app, contents, url, value):
    admin = login(app.test_client(), "admin")
    c01 = org("TS-B01")
    page = _text(admin.get(f"/admin/organization/details/?id={c01.id}"))
    before = contents(url)
    response = admin.post(
        f"/admin/organization/move/?id={c01.id}",
        data={"csrf_token": csrf_of(page), "parent": value, "reason": "调整"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "没有找到所选的上级党组织" in _text(response)
    assert contents(url) == before


@pytest.mark.parametrize("words", ["王", "a", "%00"])
def test_searching_the_role_list_finds_rather_than_fails(app, words):
    """Found by the form fuzz (tests/fuzz/test_forms.py): every search of the role list was
    a 500 (Flask-Admin joined Person and Organization a second time)."""
    admin = login(app.test_client(), "admin")
    response = admin.get("/admin/role/", query_string={"search": words})
    assert response.status_code == 200
    if words == "王":
        assert "王建国" in _text(response)
