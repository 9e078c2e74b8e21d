"""The workflow in the admin: the buttons are the engine's answer, bulk actions check each item,
forms validate with the shared schemas and sanitize the body, review findings are highlighted.

Rules: issue 7 "the buttons are exactly the transitions the current person may fire (asked of
the workflow engine, not duplicated), with the comment and confirmation each needs; bulk
actions (approve several, publish several) still check each item; review findings shown
inline with the offending spans highlighted"; 004 五(二) (four review findings); 004 五(三)
(collective decision for important items).
"""

from __future__ import annotations

import re
import shutil

import pytest

from dangwu_core.app import create_app
from dangwu_core.models import Disclosure
from dangwu_core.review import Finding, Outcome, ReviewCheck, Span
from dangwu_core.testing import start_unit
from dangwu_core.toolkit import hookimpl

from .conftest import login
from .helpers import (
    C01,
    C03,
    FINDINGS,
    branch_item,
    csrf_of,
    org,
    person,
    session_token,
    town_item,
    transitions_on_page,
)

USERS = ["admin", "lixy", "wangjg", "zhangw", "sunl", "chengr", "zhaodm", "chenj", "wum"]


@pytest.mark.parametrize(
    "maker, upto",
    [
        (town_item, "draft"),
        (town_item, "propose"),
        (town_item, "start_review"),
        (town_item, "pass_review"),
        (town_item, "approve"),
        (town_item, "publish"),
        (branch_item, "draft"),
        (branch_item, "start_review"),
        (branch_item, "pass_review"),
        (branch_item, "approve"),
        (branch_item, "publish"),
    ],
)
def test_the_buttons_are_exactly_what_the_engine_allows(app, demo, maker, upto):
    item = maker(demo, f"按钮测试 {maker.__name__} {upto}", upto)
    for username in USERS:
        client = login(app.test_client(), username)
        response = client.get(f"/admin/disclosure/details/?id={item.id}", follow_redirects=True)
        page = response.get_data(as_text=True)
        expected = demo.available_transitions(Disclosure.get_by_id(item.id), person(username))
        if item.title not in page:
            # not in the person's working list: the engine lets them do nothing either
            assert expected == [], (username, upto)
            continue
        assert transitions_on_page(page) == expected, (username, upto)


def test_each_button_asks_for_what_its_transition_needs(app, demo):
    item = town_item(demo, "审核中的事项", "start_review")
    page = login(app.test_client(), "lixy").get(f"/admin/disclosure/details/?id={item.id}")
    page = page.get_data(as_text=True)
    forms = dict(re.findall(r'data-transition="([a-z_]+)">(.*?)</form>', page, flags=re.S))
    assert set(forms) == {"pass_review", "return_for_revision", "refuse", "refer_classification"}
    # the four findings of 004 五(二) on pass_review only
    for aspect in ("necessity", "accuracy", "legality", "secrecy"):
        assert f'name="finding_{aspect}"' in forms["pass_review"]
        assert f'name="finding_{aspect}"' not in forms["refuse"]
    # a required comment where the definition says so
    assert 'name="comment" required' in forms["refuse"]
    assert 'name="comment" required' not in forms["pass_review"]
    # every button asks for confirmation, labelled from the definition
    definition = demo.registry.workflows.get(item.workflow)
    for name, body in forms.items():
        assert "data-confirm=" in body  # dangwu_admin.js asks before the form goes
        assert definition.transitions[name].label in body


def _fire(client, item, name, **fields):
    page = client.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_of(page), "id": item.id, "name": name}
    data.update(fields)
    return client.post("/admin/disclosure/transition/", data=data, follow_redirects=True)


def test_a_transition_fired_from_the_admin_goes_through_the_engine(app, demo):
    item = town_item(demo, "从后台审核的事项", "start_review")
    lixy = login(app.test_client(), "lixy")
    # a missing finding (004 五(二)): the engine's guard refuses, naming it; nothing changes
    response = _fire(lixy, item, "pass_review", finding_necessity="有必要")
    page = response.get_data(as_text=True)
    assert "the review must record a finding on accuracy" in page
    assert "004 五(二)" not in page  # the office worker reads no seed paragraph
    assert Disclosure.get_by_id(item.id).state == "in_review"
    findings = {f"finding_{k}": v for k, v in FINDINGS["findings"].items()}
    response = _fire(lixy, item, "pass_review", **findings)
    assert Disclosure.get_by_id(item.id).state == "awaiting_approval"
    # a comment-requiring transition without a comment: refused by the engine
    wangjg = login(app.test_client(), "wangjg")
    _fire(wangjg, item, "reject")
    assert Disclosure.get_by_id(item.id).state == "awaiting_approval"
    _fire(wangjg, item, "approve", comment="同意")
    item = Disclosure.get_by_id(item.id)
    assert item.state == "approved"
    _fire(lixy, item, "publish")
    assert Disclosure.get_by_id(item.id).state == "published"


def test_a_transition_without_csrf_or_by_the_wrong_person_changes_nothing(app, demo):
    item = town_item(demo, "不能越权的事项", "pass_review")
    wangjg = login(app.test_client(), "wangjg")
    wangjg.post("/admin/disclosure/transition/", data={"id": item.id, "name": "approve"})
    assert Disclosure.get_by_id(item.id).state == "awaiting_approval"
    lixy = login(app.test_client(), "lixy")  # a publisher, not an approver
    response = _fire(lixy, item, "approve")
    assert Disclosure.get_by_id(item.id).state == "awaiting_approval"
    assert "approver" in response.get_data(as_text=True)


def test_an_important_item_is_approved_with_its_collective_decision(app, demo):
    item = town_item(demo, "重要事项：村级班子调整", "pass_review", important=True)
    wangjg = login(app.test_client(), "wangjg")
    page = wangjg.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    assert 'name="decision_meeting"' in page
    _fire(wangjg, item, "approve")
    assert Disclosure.get_by_id(item.id).state == "awaiting_approval"
    _fire(
        wangjg,
        item,
        "approve",
        decision_meeting="镇党委会（第20次）",
        decision_date="2026-03-02",
        decision_decision="同意公开",
    )
    assert Disclosure.get_by_id(item.id).state == "approved"


def _bulk(client, ids, action, token=None):
    if token is None:
        token = csrf_of(client.get("/admin/disclosure/").get_data(as_text=True))
    return client.post(
        "/admin/disclosure/action/",
        data={"csrf_token": token, "action": action, "rowid": [str(i) for i in ids]},
        follow_redirects=True,
    )


def test_bulk_approval_checks_each_item(app, demo):
    first = branch_item(demo, "批量一", "pass_review")
    second = branch_item(demo, "批量二", "pass_review")
    important = branch_item(demo, "批量三（重要）", "pass_review", important=True)
    elsewhere = branch_item(demo, "龙川村的事项", "pass_review", code=C03)
    own = branch_item(demo, "赵德明自己申报的事项", "draft")
    zhaodm = login(app.test_client(), "zhaodm")
    response = _bulk(zhaodm, [first.id, second.id, important.id, elsewhere.id, own.id], "approve")
    page = response.get_data(as_text=True)
    states = {d.id: Disclosure.get_by_id(d.id).state for d in (first, second, important, own)}
    assert states[first.id] == states[second.id] == "approved"
    assert states[important.id] == "awaiting_approval"  # needs its collective decision
    assert states[own.id] == "draft"  # not awaiting approval: refused by the engine
    assert Disclosure.get_by_id(elsewhere.id).state == "awaiting_approval"  # not in scope
    assert "批量三（重要）" in page and "龙川村的事项" not in page
    assert "不在您的管理范围内" in page


def test_bulk_publication_checks_each_item(app, demo):
    approved = [branch_item(demo, f"待公开{i}", "approve") for i in range(2)]
    waiting = branch_item(demo, "尚未审批的事项", "pass_review")
    lixy = login(app.test_client(), "lixy")
    _bulk(lixy, [d.id for d in approved] + [waiting.id], "publish")
    assert [Disclosure.get_by_id(d.id).state for d in approved] == ["published", "published"]
    assert Disclosure.get_by_id(waiting.id).state == "awaiting_approval"
    # and a supervisor may not run actions at all
    chenj = login(app.test_client(), "chenj")
    still = branch_item(demo, "监督员不能公开", "approve")
    response = _bulk(chenj, [still.id], "publish", session_token(app, chenj))
    assert "CSRF" not in response.get_data(as_text=True)
    assert response.status_code == 200
    assert Disclosure.get_by_id(still.id).state == "approved"


def test_a_draft_from_the_admin_is_validated_by_the_shared_schema_and_sanitized(app, demo):
    sunl = login(app.test_client(), "sunl")
    page = sunl.get("/admin/disclosure/new/").get_data(as_text=True)
    assert org(C03).name not in page  # only where the liaison may propose
    token = csrf_of(page)
    base = {
        "csrf_token": token,
        "organization": str(org(C01).id),
        "scope": "party",
        "channels": ["meeting"],
        "catalog_item": "",
    }
    response = sunl.post("/admin/disclosure/new/", data={**base, "title": "长" * 301, "body": "x"})
    assert "301" in response.get_data(as_text=True) or "300" in response.get_data(as_text=True)
    assert not Disclosure.select().where(Disclosure.title == "长" * 301).exists()
    body = '<p>村民代表会议<script>alert(1)</script><a href="javascript:x()">链接</a></p>'
    sunl.post("/admin/disclosure/new/", data={**base, "title": "后台新建的草稿", "body": body})
    item = Disclosure.get(Disclosure.title == "后台新建的草稿")
    stored = item.versions.get().body
    assert "<script" not in stored and "javascript:" not in stored
    assert "村民代表会议" in stored
    assert item.state == "draft" and item.proposer_id == person("sunl").id


class IdNumberCheck:
    """A review check finding ID-card numbers (个人信息) and asking for redaction."""

    @hookimpl
    def dangwu_register_review_checks(self):
        def run(disclosure, version):
            spans = tuple(
                Span(m.start(), m.end(), m.group())
                for m in re.finditer(r"\d{17}[\dX]", version.body)
            )
            if spans:
                return Finding("privacy.id", Outcome.REDACT, "含身份证号码", spans)
            return Finding("privacy.id", Outcome.PASS)

        return [ReviewCheck("privacy.id", "个人信息审查", "secrecy", run)]


def test_review_findings_are_shown_with_their_spans_highlighted(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    unit = start_unit(f"sqlite:///{path}", extra_plugins=[("test.idcheck", IdNumberCheck())])
    try:
        app = create_app(unit=unit)
        app.config["TESTING"] = True
        item = town_item(
            unit,
            "发展党员公示",
            "start_review",
            body="拟发展对象：张三，身份证号320000199001011234。",
        )
        page = login(app.test_client(), "lixy").get(f"/admin/disclosure/details/?id={item.id}")
        page = page.get_data(as_text=True)
        assert "个人信息审查" in page and "含身份证号码" in page
        # (an installed review plugin may find the same number: its label joins the title)
        mark = r'<mark class="dw-finding" title="([^"]*)">320000199001011234</mark>'
        assert "个人信息审查" in re.search(mark, page).group(1).split("、")
        # and the engine's guard agrees: passing review is refused until redacted
        findings = {f"finding_{k}": v for k, v in FINDINGS["findings"].items()}
        client = login(app.test_client(), "lixy")
        _fire(client, item, "pass_review", **findings)
        assert Disclosure.get_by_id(item.id).state == "in_review"
    finally:
        unit.db.close()
