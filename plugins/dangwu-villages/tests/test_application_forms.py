"""The application forms 附件4 and 附件5 (000 四(一)1(1), 2(1)), printed from the admin.

Rule: 000 四(一)1(1) “由党委职能科室提出公开内容、形式、范围、时限，填写《中共仙女镇委员会党务
公开申报表》（附件4）”; 四(一)2(1) “由各基层党组织落实党务公开联络员填写《仙女镇基层党组织
党务公开申报表》（附件5），将拟公开内容及其对应的形式、范围、时限，报支部（总支）审核”.
"""

from __future__ import annotations

import re

from dangwu_core.toolkit import Account, CatalogItem, Obligation, Organization

FINDINGS = {
    "necessity": "有必要",
    "accuracy": "数据已核对",
    "legality": "合规",
    "secrecy": "不涉密",
}


def _p(username):
    return Account.get(Account.username == username).person


def _org(code):
    return Organization.get(Organization.code == code)


def _item(code):
    return (
        CatalogItem.select()
        .join(Obligation, on=(Obligation.catalog_item == CatalogItem.id))
        .where(
            (Obligation.organization == _org(code))
            & ~CatalogItem.important
            & ~CatalogItem.needs_upper_approval
        )
        .first()
    )


def _login(client, username):
    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/party/login", data={"username": username, "password": "dangwu-demo", "csrf_token": token}
    )
    return client


def test_a_branch_item_prints_as_form_5_filled_from_its_procedure(app, unit):
    item = unit.create_draft(
        _org("XNZ-C01"), _p("sunl"), "七月党费收缴情况", "党费收缴12人，共计3600元。",
        "party", ["meeting"], catalog_item=_item("XNZ-C01"), department="村党支部",
    )  # fmt: skip
    unit.fire(item, "propose", _p("sunl"))
    unit.fire(item, "start_review", _p("chengr"))
    unit.fire(item, "pass_review", _p("chengr"), findings=FINDINGS)
    unit.fire(item, "approve", _p("zhaodm"), comment="同意公开")
    unit.fire(item, "hand_over", _p("sunl"))
    client = _login(app.test_client(), "sunl")
    details = client.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    assert "打印申报表（附件5）" in details
    page = client.get(f"/admin/villages_forms/?id={item.id}").get_data(as_text=True)
    assert "仙女镇基层党组织党务公开申报表" in page and "附件5" in page
    for text in (
        "中共仙女镇江都村第一支部委员会", "村党支部", "孙丽", "党费收缴12人，共计3600元。",
        "有关会议", "党内公开", "准确性：数据已核对", "陈光荣", "赵德明", "同意公开",
        "支委（总支）主要负责人审核批准意见", "报送镇党务公开办公室",
    ):  # fmt: skip
        assert text in page, text
    assert "已于" not in page  # not published yet


def test_a_town_item_prints_as_form_4_and_only_for_those_who_work_on_it(app, unit):
    item = unit.create_draft(
        _org("XNZ"), _p("zhangw"), "干部任前公示", "拟任人选公示。", "party", ["meeting"],
        catalog_item=_item("XNZ"), department="组织办",
    )  # fmt: skip
    for name, who, options in (
        ("propose", "zhangw", {}),
        ("start_review", "lixy", {}),
        ("pass_review", "lixy", {"findings": FINDINGS}),
        ("approve", "wangjg", {}),
        ("publish", "lixy", {}),
    ):
        unit.fire(item, name, _p(who), **options)
    page = _login(app.test_client(), "lixy").get(f"/admin/villages_forms/?id={item.id}")
    text = page.get_data(as_text=True)
    assert "中共仙女镇委员会党务公开申报表" in text and "附件4" in text
    assert "党务公开办公室初审意见" in text and "领导小组审核批准意见" in text
    assert "张伟" in text and "组织办" in text and "王建国" in text and "已于" in text
    # a village liaison does not work on the town's items; a member does not enter the admin
    assert (
        _login(app.test_client(), "sunl").get(f"/admin/villages_forms/?id={item.id}").status_code
        == 404
    )
    assert (
        _login(app.test_client(), "qianyf").get(f"/admin/villages_forms/?id={item.id}").status_code
        == 403
    )
