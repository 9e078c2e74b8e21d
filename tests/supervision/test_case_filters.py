"""责任追究线索 in the admin: a page at a time, filtered by organization, kind and year; a
malformed filter is refused with one clear 400 and changes nothing.

Rules: 003 §9(八) (不按规定开展党务公开工作 ... 限期整改) and 004 七(十) (建立健全责任追究机制):
supervisors must find the cases of one organization, one kind, one year among thousands;
issue 14 ("the accountability case list is paginated and filterable").
"""

from __future__ import annotations

import re

from dangwu_core import accountability, supervision
from dangwu_core.admin.dashboard import CASES_PAGE
from dangwu_core.clock import today
from dangwu_core.models import Event, Organization

from .conftest import login

ROW = re.compile(r'<tr class="dw-case-(\w+)"><td>[^<]*</td><td>([^<]*)</td>')
DETAIL = re.compile(r"</td>\s*<td>([^<]*)</td><td>[^<]*</td><td class=\"small\">")
PERIOD = supervision.Period.year()


def _org(code):
    return Organization.get(Organization.code == code)


def _rows(client, query):
    response = client.get(f"/admin/supervision/cases/?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return ROW.findall(response.get_data(as_text=True)), response.get_data(as_text=True)


def test_the_case_list_is_paged_and_every_page_shows_the_next_cases(app, demo):
    root = _org("TS")
    labels = {c.name: c.label for c in demo.registry.channels}
    cases = accountability.cases(root, PERIOD, channel_labels=labels)
    total = len(cases)
    pages = (total + CASES_PAGE - 1) // CASES_PAGE
    assert pages > 1  # the demo unit's year needs several pages
    client = login(app.test_client(), "chenj")
    shown = []
    for number in range(1, pages + 1):
        rows, page = _rows(client, f"org={root.id}&page={number}")
        assert len(rows) == (CASES_PAGE if number < pages else total - (pages - 1) * CASES_PAGE)
        assert f"共{total}条，第{number}/{pages}页" in page
        shown.extend(DETAIL.findall(page))
    assert shown == [c.detail for c in cases]  # every case once, in the list's order
    assert not any("website" in detail for detail in shown)  # channels by their labels
    # A page past the last shows the last.
    assert _rows(client, f"org={root.id}&page={pages + 5}")[0] == rows


def test_the_case_list_filters_by_organization_kind_and_year(app):
    root, branch = _org("TS"), _org("TS-B03")
    client = login(app.test_client(), "chenj")
    rows, page = _rows(client, f"org={root.id}&organization={branch.id}")
    expected = accountability.cases(root, PERIOD, organization=branch.id)
    assert rows and len(rows) == min(len(expected), CASES_PAGE)
    assert {name for _kind, name in rows} == {branch.name}
    assert f'<option value="{branch.id}" selected>' in page
    rows, page = _rows(client, f"org={root.id}&organization={branch.id}&kind=missing")
    missing = accountability.cases(root, PERIOD, organization=branch.id, kinds=["missing"])
    assert rows and {kind for kind, _name in rows} == {"missing"}
    assert len(rows) == min(len(missing), CASES_PAGE) and f"共{len(missing)}条" in page
    # The pager and the kind pills keep the organization chosen.
    assert f"organization={branch.id}" in page.split("dw-cases")[0]
    # Another year: that year's cases (none fall due in a year before the catalog).
    earlier = today().year - 5
    rows, page = _rows(client, f"org={root.id}&year={earlier}&kind=missing")
    assert rows == [] and f"· {earlier}" in page


def test_a_malformed_filter_is_one_clear_400_and_changes_nothing(app):
    root, b01, b03 = _org("TS"), _org("TS-B01"), _org("TS-B03")
    client = login(app.test_client(), "chenj")
    events = Event.select().count()
    for query, named in (
        (f"org={root.id}&kind=everything", "kind"),
        (f"org={root.id}&organization=abc", "organization"),
        (f"org={root.id}&organization=999999", "organization"),
        (f"org={b01.id}&organization={b03.id}", "not in"),  # not in the subtree watched
        (f"org={root.id}&year=99999", "year"),
        (f"org={root.id}&page=²", "page"),
    ):
        response = client.get(f"/admin/supervision/cases/?{query}")
        assert response.status_code == 400, query
        assert named in response.get_data(as_text=True), query
    assert Event.select().count() == events
