"""台帐: the four registers, read back from the Excel file cell by cell, and as CSV.

Rules: 002 二.3 (“一套目录、两本台帐”; 统一设置了四个记录簿); 003 §6(四) (对公开的党务信息资料应
及时登记归档); issue 7 "the disclosure register (公开事项登记簿), the meeting record book
(会议记录簿), the feedback register (意见建议登记簿) and the feedback handling register
(意见建议办理登记册), per organization and period, with the columns a Chinese office expects ...
What a register lists is exactly what was published, in time, scope, form and content (local
practice: 先审核、后登记、再公开)".
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangwu_core import feedback, ledgers
from dangwu_core.app import create_app
from dangwu_core.clock import FixedClock, get_clock, use_clock
from dangwu_core.models import CatalogItem, Organization, Person

from .conftest import login

FINDINGS = {"necessity": "有必要", "accuracy": "准确", "legality": "合规", "secrecy": "不涉密"}
MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 31))


def on(day: int, hour: int = 10):
    return use_clock(FixedClock(dt.datetime(2027, 3, day, hour, tzinfo=get_clock().tz)))


def _org(code="TS"):
    return Organization.get(Organization.code == code)


def _p(name):
    return Person.get(Person.name == name)


def _item():
    return (
        CatalogItem.select()
        .where(
            (CatalogItem.scope == "party")
            & ~CatalogItem.important
            & ~CatalogItem.needs_upper_approval
            & (CatalogItem.proposing_department != "")
        )
        .order_by(CatalogItem.id)
        .first()
    )


def _approved(unit, title, item, *, important=False, decision=None):
    d = unit.create_draft(
        _org(), _p("张伟"), title, f"{title}的正文", "party", ["meeting", "document"],
        catalog_item=item, important=important,
    )  # fmt: skip
    unit.fire(d, "propose", _p("张伟"))
    unit.fire(d, "start_review", _p("李秀英"))
    unit.fire(d, "pass_review", _p("李秀英"), findings=FINDINGS)
    unit.fire(d, "approve", _p("王建国"), collective_decision=decision)
    return d


@pytest.fixture
def march(demo):
    """A month of the town's work: what was published, re-published, widened, decided."""
    item = _item()
    with on(2):
        first = _approved(demo, "三月党费收缴情况", item)
        demo.fire(first, "publish", _p("李秀英"))
    with on(9):
        demo.fire(
            first, "republish", _p("李秀英"), comment="数据更正",
            title="三月党费收缴情况（更正）", body="更正后的正文",
        )  # fmt: skip
    with on(16):
        demo.fire(
            first, "widen_scope", _p("李秀英"), comment="先党内后党外",
            scope="public", channels=["bulletin_board"],
        )  # fmt: skip
    decision = {"meeting": "镇党委会（第3次）", "date": "2027-03-05", "decision": "同意公开"}
    with on(5):
        important = _approved(demo, "村级班子调整方案", item, important=True, decision=decision)
    with on(6):
        demo.fire(important, "publish", _p("李秀英"))
    with on(20):
        unpublished = _approved(demo, "审批了但尚未公开的事项", item)
        named = feedback.submit(
            demo, _org(), "建议公开栏按月更新。", reporter_kind="member",
            reporter=_p("钱有福"), reporter_name="钱有福",
        )  # fmt: skip
        anonymous = feedback.submit(demo, _org(), "希望多用手机公开。", anonymous=True)
    with on(22):
        feedback.answer(named, _p("李秀英"), "已采纳，每月第一个工作日更新。")
    return {
        "item": item,
        "first": first,
        "important": important,
        "unpublished": unpublished,
        "named": named,
        "anonymous": anonymous,
    }


def _cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_disclosure_register_lists_exactly_what_was_published(demo, march):
    item = march["item"]
    ledger = ledgers.disclosure_register(demo, _org(), *MARCH)
    cells = _cells(ledgers.to_xlsx(ledger))
    assert cells[0][0] == "中共测试单位委员会党务公开事项登记簿（2027-03-01至2027-03-31）"
    assert cells[1] == [
        "序号", "公开事项", "类别", "公开范围", "公开形式", "时限", "公开日期", "承办部门",
        "审核人", "审批人", "版本", "备注",
    ]  # fmt: skip
    category = item.category.name
    time_limit = {"long_term": "长期公开", "periodic": "定期公开", "staged": "分期公开"}.get(
        item.time_limit, "即时公开"
    ) + ({"monthly": "（每月）", "quarterly": "（每季度）"}.get(item.cadence, ""))
    department = item.proposing_department
    assert cells[2:] == [
        [1, "三月党费收缴情况", category, "党内公开", "有关会议、文件", time_limit,
         "2027-03-02", department, "李秀英", "王建国", 1, cells[2][11]],
        [2, "村级班子调整方案", category, "党内公开", "有关会议、文件", time_limit,
         "2027-03-06", department, "李秀英", "王建国", 1, cells[3][11]],
        [3, "三月党费收缴情况（更正）", category, "党内公开", "有关会议、文件", time_limit,
         "2027-03-09", department, "李秀英", "王建国", 2, "再公开：数据更正"],
        [4, "三月党费收缴情况（更正）", category, "向社会公开", "党务公开栏", time_limit,
         "2027-03-16", department, "李秀英", "王建国", 2,
         "扩大公开范围：党内公开→向社会公开；先党内后党外"],
    ]  # fmt: skip
    # 先审核、后登记、再公开: approved but unpublished items are not registered
    assert all(march["unpublished"].title not in str(row) for row in cells)
    # Only the month: a register for February is empty
    assert (
        ledgers.disclosure_register(demo, _org(), dt.date(2027, 2, 1), dt.date(2027, 2, 28)).rows
        == []
    )


def test_the_meeting_book_records_the_collective_decisions(demo, march):
    cells = _cells(ledgers.to_xlsx(ledgers.meeting_book(demo, _org(), *MARCH)))
    assert cells[1] == [
        "序号",
        "会议名称",
        "会议日期",
        "议题（公开事项）",
        "决定事项",
        "审批人",
        "记录日期",
        "备注",
    ]
    assert cells[2:] == [
        [
            1,
            "镇党委会（第3次）",
            "2027-03-05",
            "村级班子调整方案",
            "同意公开",
            "王建国",
            "2027-03-05",
            None,
        ]
    ]


def test_the_feedback_registers(demo, march):
    named, anonymous = march["named"], march["anonymous"]
    register = _cells(ledgers.to_xlsx(ledgers.feedback_register(demo, _org(), *MARCH)))
    assert register[1][:7] == [
        "序号",
        "回执编号",
        "收到日期",
        "来源渠道",
        "反映人",
        "身份",
        "意见建议内容",
    ]
    assert register[2:] == [
        [1, named.receipt_number, "2027-03-20", "网上留言", "钱有福", "党员",
         "建议公开栏按月更新。", None, "否", None],
        [2, anonymous.receipt_number, "2027-03-20", "网上留言", "匿名", "群众",
         "希望多用手机公开。", None, "否", None],
    ]  # fmt: skip
    handling = ledgers.feedback_handling(demo, _org(), *MARCH)
    cells = _cells(ledgers.to_xlsx(handling))
    assert cells[1] == [
        "序号", "回执编号", "收到日期", "承办人", "办理时限", "办理状态", "答复内容", "答复日期",
        "是否按时", "告知反映人日期", "备注",
    ]  # fmt: skip
    answered, waiting = cells[2], cells[3]
    assert answered[:4] == [1, named.receipt_number, "2027-03-20", None]
    assert answered[5:10] == [
        "已答复",
        "已采纳，每月第一个工作日更新。",
        "2027-03-22",
        "是",
        "2027-03-22",
    ]
    assert waiting[1] == anonymous.receipt_number and waiting[5] == "已受理"
    assert waiting[10] == "匿名，凭回执编号查询"


def test_csv_has_the_same_headers_and_rows(demo, march):
    ledger = ledgers.disclosure_register(demo, _org(), *MARCH)
    text = ledgers.to_csv(ledger)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ledger.headers
    assert rows[1:] == [[str(v) for v in row] for row in ledger.rows]


def test_the_admin_exports_a_register_to_officers_of_the_organization(demo, march):
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    lixy = login(app.test_client(), "lixy")
    url = (
        f"/admin/ledgers/?org={_org().id}&ledger=disclosure-register"
        "&start=2027-03-01&end=2027-03-31"
    )
    response = lixy.get(url + "&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert (
        "filename*=UTF-8''TS-disclosure-register-2027-03-01-2027-03-31.xlsx"
        in (response.headers["Content-Disposition"])
    )
    assert _cells(response.data)[2][1] == "三月党费收缴情况"
    assert "三月党费收缴情况" in lixy.get(url).get_data(as_text=True)  # the preview
    sunl = login(app.test_client(), "sunl")  # a village liaison: not the town's registers
    assert sunl.get(url + "&format=csv").status_code == 403
    c01 = _org("TS-B01")
    assert sunl.get(f"/admin/ledgers/?org={c01.id}&format=csv").status_code == 200
