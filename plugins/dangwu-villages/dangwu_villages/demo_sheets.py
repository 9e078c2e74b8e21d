"""The demo town's 党务公开日: one sheet per party organization per month (003 §8(二)).

On every month's disclosure day (the first Friday, see :mod:`dangwu_villages.due_dates`) each
party organization posts one sheet that covers everything it owes that month: a batch
(``prepare_batch``) with one section per obligation, proposed, reviewed and approved once,
handed to the town office and published by it (000 四(一)2). Most organizations keep the day,
so the town is on time for most of its items; a few things go wrong as they do in a real
year:

* 双沟村 (:data:`LAGGING`) falls behind: its liaison left in spring; several sheets go up
  weeks late, and it has posted nothing since September;
* a few sheets go up some days late (:data:`LATE`), one is skipped and caught up a month
  later (:data:`SKIPPED`), a few items are forgotten on a sheet (:data:`LEFT_OUT`): the next
  sheet covers them, late;
* one section is left out as 暂不宜公开, filed with the town (:data:`WITHHELD`, 003 §9(二)).

Only what has happened by today is told: sheets due later are still to come.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import (
    DemoBuilder,
    Disclosure,
    add_attachment,
    disclosure_day,
    due_for_batch,
    edit_section,
    prepare_batch,
    sections,
    today,
    withhold_section,
)

from .demo_files import dues_table

TOWN = "XNZ"
#: The party organizations that post a sheet, town committee first.
SHEET_ORGANIZATIONS = (
    TOWN,
    "XNZ-ZZ01",
    "XNZ-C01",
    "XNZ-C02",
    "XNZ-C03",
    "XNZ-C04",
    "XNZ-C05",
    "XNZ-C06",
    "XNZ-S01",
    "XNZ-S02",
    "XNZ-S03",
    "XNZ-Z01",
    "XNZ-Z02",
    "XNZ-L01",
)
LAGGING = "XNZ-C06"
#: (organization, month) → days after the disclosure day the sheet went up.
LATE = {
    (LAGGING, 3): 18,
    (LAGGING, 4): 25,
    (LAGGING, 5): 12,
    (LAGGING, 7): 20,
    (LAGGING, 9): 15,
    ("XNZ-S02", 7): 6,
    ("XNZ-C05", 10): 4,
    ("XNZ-L01", 8): 3,
    ("XNZ-S03", 6): 5,
    ("XNZ-ZZ01", 4): 7,
}
#: Sheets not posted: the next sheet covers what they owed (late); 双沟村's last two and
#: 江都村第二支部's November one are still missing.
SKIPPED = {("XNZ-Z02", 2), ("XNZ-C02", 11), (LAGGING, 10), (LAGGING, 11)}
#: (organization, month) → item codes forgotten on that month's sheet.
LEFT_OUT = {("XNZ-C04", 5): ("FW-02",), ("XNZ-Z01", 9): ("LZ-01", "SX-02")}
#: (organization, month) → (item code, the reason filed with the town).
WITHHELD = {
    ("XNZ-C03", 8): (
        "FW-02",
        "所涉矛盾纠纷正在司法调解中，公开调解细节可能影响调解，调解结束后公开；已报镇党委备案",
    )
}
#: Who does what on a sheet: the town's own (000 四(一)1) and a branch's (四(一)2).
TOWN_PEOPLE = {
    "proposer": "organization_dept",
    "reviewer": "office",
    "approver": "secretary",
}
FINDINGS = {
    "necessity": "均为目录规定本月应公开事项",
    "accuracy": "数据与台帐核对一致",
    "legality": "符合党章和有关规定",
    "secrecy": "不涉及党和国家秘密，已隐去个人身份证号、联系电话",
}


def people_of(code: str) -> dict[str, str]:
    """The demo's person keys for ``code``'s sheet (a branch's keys start with its code)."""
    if code == TOWN:
        return TOWN_PEOPLE
    key = code.split("-", 1)[1].lower()
    return {
        "proposer": f"{key}_liaison",
        "reviewer": f"{key}_committee",
        "approver": f"{key}_secretary",
    }


def _steps(code: str, day: dt.date) -> list[tuple[dt.date, str, str, dict]]:
    """(day, transition, person key, options) of one sheet's procedure."""
    who = people_of(code)
    decision = {
        "meeting": "镇党委会" if code == TOWN else "支部委员会",
        "date": (day - dt.timedelta(days=1)).isoformat(),
        "decision": "同意本月党务公开日公开内容",
    }
    before = day - dt.timedelta(days=2)
    steps = [
        (before, "propose", who["proposer"], {}),
        (before, "start_review", who["reviewer"], {}),
        (before, "pass_review", who["reviewer"], {"findings": FINDINGS}),
        (day - dt.timedelta(days=1), "approve", who["approver"], {"collective_decision": decision}),
    ]
    if code != TOWN:
        steps.append((day, "hand_over", who["proposer"], {}))
    return [*steps, (day, "publish", "office", {})]


def _dues(builder: DemoBuilder, sheet, year: int, month: int) -> None:
    """江都村第一支部 writes its Party dues out in figures and attaches the month's table."""
    liaison = builder.people["c01_liaison"]
    for section in sections(sheet):
        if section.catalog_item.code == "ZZ-04":
            edit_section(
                builder.unit,
                section,
                liaison,
                body=f"上月应交党费党员32名，实交32名，收缴党费1,{200 + month * 13}.00元；"
                "上月使用党费0元；结余已全额上缴镇党委。",
            )
    name = f"党费收缴明细表（{year}年{month}月）.csv"
    add_attachment(builder.unit, sheet, name, dues_table(year, month), liaison)


def post_sheet(builder: DemoBuilder, code: str, year: int, month: int, day: dt.date):
    """One organization's sheet for ``year``-``month``, posted on ``day``; None when it owed
    nothing."""
    organization = builder.organizations[code]
    who = people_of(code)
    due = due_for_batch(organization, year, month, workflows=builder.unit.registry.workflows)
    left_out = LEFT_OUT.get((code, month), ())
    due = [o for o in due if o.catalog_item.code not in left_out]
    if not due:
        return None
    steps = _steps(code, day)
    with builder.on(steps[0][0], 8):
        sheet = prepare_batch(
            builder.unit,
            organization,
            builder.people[who["proposer"]],
            year,
            month,
            obligations=due,
        )
        if code == "XNZ-C01":
            _dues(builder, sheet, year, month)
        withheld = WITHHELD.get((code, month))
        if withheld:
            item, reason = withheld
            section = next(s for s in sections(sheet) if s.catalog_item.code == item)
            withhold_section(builder.unit, section, builder.people[who["proposer"]], reason)
    sheet = Disclosure.get_by_id(sheet.id)  # the sections' changes moved its lock version
    for on, transition, actor, options in steps:
        with builder.on(on, 10):
            builder.unit.fire(sheet, transition, builder.people[actor], **options)
    return sheet


def monthly_sheets(builder: DemoBuilder, start: dt.date) -> dict[tuple[str, int], object]:
    """Every organization's sheet of every month whose disclosure day has passed (a late
    sheet only once its later day has passed too); the sheets by (organization, month)."""
    year, posted = today().year, {}
    for month in range(1, 13):
        for code in SHEET_ORGANIZATIONS:
            if (code, month) in SKIPPED:
                continue
            due_day = disclosure_day(builder.unit, builder.organizations[code], year, month)
            if due_day is None or due_day < start:
                continue
            day = due_day + dt.timedelta(days=LATE.get((code, month), 0))
            if day >= today():
                continue
            sheet = post_sheet(builder, code, year, month, day)
            if sheet is not None:
                posted[(code, month)] = sheet
    return posted
