"""台帐: the registers an office keeps (002's “两本台帐”, its four record books), from the data.

* 公开事项登记簿 (:func:`disclosure_register`): one line per publication — first publication,
  re-publication (再公开) and widened scope — read from the audit events, so the register
  lists exactly what was published, when, to whom, on which channels and in which version
  (先审核、后登记、再公开: only what passed review and approval is ever published); a
  党务公开日 sheet's line names each section and the obligation it fulfilled (003 §8(二));
* 会议记录簿 (:func:`meeting_book`): the collective decisions (集体研究决定) recorded when an
  important item was approved (004 五(三));
* 意见建议登记簿 (:func:`feedback_register`): opinions received;
* 意见建议办理登记册 (:func:`feedback_handling`): how each was handled and answered.

Each is a :class:`Ledger` (title, Chinese column headers, rows) for one organization (or its
subtree) and period; :func:`to_xlsx` and :func:`to_csv` write it. :func:`build` makes one for
a person: the organization must be one they may export (``ledger.export``), and its subtree
holds only the organizations below where they may export too — a role that does not reach
down gives its holder the organization's own registers, never its children's (the reporters'
names in the feedback registers included). Both are asked of :func:`dangwu_core.access.allowed`
and :func:`~dangwu_core.access.organizations_for`, the one permission rule.

A register is handed on (printed, exported): it carries the titles readers who may not see the
original are shown (脱敏, :mod:`dangwu_core.redaction`), never a masked ID number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from peewee import JOIN

from . import access
from .clock import get_clock
from .errors import PermissionDenied, PluginError
from .models import (
    CatalogItem,
    Category,
    Disclosure,
    DisclosureSection,
    DisclosureVersion,
    Event,
    Feedback,
    FeedbackStatus,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationClosure,
    Person,
    ReporterKind,
    Scope,
    TimeLimit,
)
from .models.choices import Cadence
from .redaction import public_title, shown_title

if TYPE_CHECKING:
    from .context import UnitContext

SCOPE_LABELS = {s.value: s.label for s in Scope}
TIME_LIMIT_LABELS = {t.value: t.label for t in TimeLimit}
CADENCE_LABELS = {c.value: c.label for c in Cadence}
PUBLISHING = ("disclosure.publish", "disclosure.republish", "disclosure.widen_scope")
APPROVING = ("disclosure.approve", "disclosure.approve_upper")
REVIEWING = ("disclosure.pass_review",)


@dataclass
class Ledger:
    """One register: what it is, for whom and when, its columns and its rows."""

    key: str
    title: str
    organization: Organization
    start: dt.date
    end: dt.date
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)

    @property
    def heading(self) -> str:
        period = f"{self.start.isoformat()}至{self.end.isoformat()}"
        return f"{self.organization.name}{self.title}（{period}）"

    @property
    def filename(self) -> str:
        return (
            f"{self.organization.code}-{self.key}-{self.start.isoformat()}-{self.end.isoformat()}"
        )


# --- where and when ----------------------------------------------------------------------


#: The action that lets a person export an organization's registers.
EXPORT = "ledger.export"


def _organizations(organization: Organization, subtree: bool, within=None):
    """The ids the ledger covers: the organization, or its subtree narrowed to ``within`` (a
    subquery of organization ids, :func:`~dangwu_core.access.organizations_for`; None: all)."""
    if not subtree:
        return [organization.id]
    query = OrganizationClosure.select(OrganizationClosure.descendant).where(
        OrganizationClosure.ancestor == organization.id
    )
    if within is not None:
        query = query.where(OrganizationClosure.descendant.in_(within))
    return query


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's local days as stored instants (naive UTC)."""
    tz = get_clock().tz
    low = dt.datetime.combine(start, dt.time(), tz).astimezone(dt.UTC)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return low.replace(tzinfo=None), high.replace(tzinfo=None)


def _local_day(at: dt.datetime | None, tz: ZoneInfo | None = None) -> str:
    if at is None:
        return ""
    tz = tz or get_clock().tz
    return at.replace(tzinfo=dt.UTC).astimezone(tz).date().isoformat()


def _names(ids) -> dict[int, str]:
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return {}
    return {p.id: p.name for p in Person.select(Person.id, Person.name).where(Person.id.in_(ids))}


# --- 公开事项登记簿 ----------------------------------------------------------------------------

REGISTER_HEADERS = [
    "序号",
    "公开事项",
    "类别",
    "公开范围",
    "公开形式",
    "时限",
    "公开日期",
    "承办部门",
    "审核人",
    "审批人",
    "版本",
    "备注",
]


def _time_limit(item: CatalogItem | None) -> str:
    if item is None:
        return "目录外事项"
    label = TIME_LIMIT_LABELS.get(item.time_limit, item.time_limit)
    if item.cadence:
        label += f"（{CADENCE_LABELS.get(item.cadence, item.cadence)}）"
    return label


def disclosure_register(
    unit: UnitContext,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    subtree: bool = False,
    within=None,
) -> Ledger:
    """公开事项登记簿: every publication of the organization in the period, as it was made."""
    low, high = _bounds(start, end)
    channels = {c.name: c.label for c in unit.registry.channels}
    orgs = _organizations(organization, subtree, within)
    events = list(
        Event.select()
        .where(
            (Event.subject_type == "disclosure")
            & Event.action.in_(PUBLISHING)
            & Event.organization.in_(orgs)
            & (Event.at >= low)
            & (Event.at < high)
        )
        .order_by(Event.at, Event.id)
    )
    ids = sorted({e.subject_id for e in events})
    items = {
        d.id: d
        for d in Disclosure.select(Disclosure, CatalogItem, Category)
        .join(
            CatalogItem, on=(Disclosure.catalog_item == CatalogItem.id), join_type=JOIN.LEFT_OUTER
        )
        .join(Category, on=(CatalogItem.category == Category.id), join_type=JOIN.LEFT_OUTER)
        .where(Disclosure.id.in_(ids or [-1]))
    }
    # Who reviewed and approved each item, and every later widening (to know the scope and
    # the channels at each publication): one query over the items' events.
    history = defaultdict(list)
    for e in (
        Event.select()
        .where(
            (Event.subject_type == "disclosure")
            & Event.subject_id.in_(ids or [-1])
            & Event.action.in_(
                (*APPROVING, *REVIEWING, *PUBLISHING, "disclosure.create", "disclosure.edit")
            )
        )
        .order_by(Event.at, Event.id)
    ):
        history[e.subject_id].append(e)
    versions = {
        (v.disclosure_id, v.number): v
        for v in DisclosureVersion.select().where(DisclosureVersion.disclosure.in_(ids or [-1]))
    }
    people = _names(e.actor_id for group in history.values() for e in group)
    parts = _sections_of(ids)
    ledger = Ledger(
        "disclosure-register",
        "党务公开事项登记簿",
        organization,
        start,
        end,
        REGISTER_HEADERS,
        widths=[6, 36, 16, 12, 22, 14, 12, 14, 10, 10, 6, 36],
    )
    for number, event in enumerate(events, start=1):
        item = items[event.subject_id]
        before = [e for e in history[item.id] if (e.at, e.id) <= (event.at, event.id)]
        scope, used = _scope_and_channels(before, item)
        version_number = _version_at(event, item)
        version = versions.get((item.id, version_number))
        reviewer = next((e for e in reversed(before) if e.action in REVIEWING), None)
        approver = next((e for e in reversed(before) if e.action in APPROVING), None)
        note = []
        if event.action == "disclosure.republish":
            note.append(f"再公开：{event.reason}")
        elif event.action == "disclosure.widen_scope":
            note.append(
                f"扩大公开范围：{SCOPE_LABELS.get(event.payload['scope'][0])}→"
                f"{SCOPE_LABELS.get(scope)}；{event.reason}"
            )
        if item.period_label:
            note.append(f"期次：{item.period_label}")
        sheet = parts.get((item.id, version_number), [])
        if sheet:  # 党务公开日 (003 §8(二)): the obligation each section fulfilled
            note.append("分项：" + "；".join(sheet))
        display = event.payload.get("display")
        if display and display[1]:
            note.append(f"公示至{display[1]}")
        if item.catalog_item_id:
            category = item.catalog_item.category.name
        else:
            category = f"党务公开日（{len(sheet)}项）" if sheet else "目录外事项"
        ledger.rows.append(
            [
                number,
                public_title(version) if version else shown_title(item),
                category,
                SCOPE_LABELS.get(scope, scope),
                "、".join(channels.get(c, c) for c in used),
                _time_limit(item.catalog_item if item.catalog_item_id else None),
                _local_day(event.at),
                item.department,
                people.get(reviewer.actor_id, "") if reviewer else "",
                people.get(approver.actor_id, "") if approver else "",
                version_number,
                "；".join(note),
            ]
        )
    return ledger


def _sections_of(ids: list[int]) -> dict[tuple[int, int], list[str]]:
    """(disclosure, version) -> "1. title（status, period）" of each section of those sheets,
    with the status of the obligation it covers: one query."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        DisclosureSection.select(DisclosureSection, Obligation)
        .join(Obligation, JOIN.LEFT_OUTER, on=(DisclosureSection.obligation == Obligation.id))
        .where(DisclosureSection.disclosure.in_(ids or [-1]))
        .order_by(
            DisclosureSection.disclosure, DisclosureSection.version, DisclosureSection.position
        )
    )
    for section in rows:
        obligation = section.obligation if section.obligation_id else None
        status = "暂不宜公开" if section.withheld else ""
        if obligation is not None:
            status = status or ObligationStatus(obligation.status).label
            status = f"{status}，{obligation.period_label}"
        label = f"{section.position}. {section.title}" + (f"（{status}）" if status else "")
        found[(section.disclosure_id, section.version)].append(label)
    return found


def _scope_and_channels(before: list[Event], item: Disclosure) -> tuple[str, list[str]]:
    """The scope and channels an item had at an event: its creation (or last draft edit),
    then every widening up to that event."""
    scope, channels = item.scope, list(item.channels or [])
    for e in before:
        payload = e.payload or {}
        if e.action in ("disclosure.create", "disclosure.edit"):
            scope = payload.get("scope", scope)
            channels = list(payload.get("channels") or channels)
        elif e.action == "disclosure.widen_scope":
            scope = payload["scope"][1]
            channels = list(payload.get("channels") or channels)
    return scope, channels


def _version_at(event: Event, item: Disclosure) -> int:
    """The version a publication showed: the first publication shows version 1 (drafts are
    edited in place), a re-publication its new version, a widening the version then current."""
    if event.action == "disclosure.publish":
        return 1
    if event.action == "disclosure.republish":
        return int(event.payload.get("version") or item.current_version)
    latest = (
        DisclosureVersion.select(DisclosureVersion.number)
        .where(
            (DisclosureVersion.disclosure == item.id)
            & DisclosureVersion.published_at.is_null(False)
            & (DisclosureVersion.published_at <= event.at)
        )
        .order_by(DisclosureVersion.number.desc())
        .scalar()
    )
    return latest or 1


# --- 会议记录簿 --------------------------------------------------------------------------------

MEETING_HEADERS = [
    "序号",
    "会议名称",
    "会议日期",
    "议题（公开事项）",
    "决定事项",
    "审批人",
    "记录日期",
    "备注",
]


def meeting_book(
    unit: UnitContext,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    subtree: bool = False,
    within=None,
) -> Ledger:
    """会议记录簿: the collective decisions recorded with approvals in the period."""
    low, high = _bounds(start, end)
    events = [
        e
        for e in Event.select()
        .where(
            (Event.subject_type == "disclosure")
            & Event.organization.in_(_organizations(organization, subtree, within))
            & (Event.at >= low)
            & (Event.at < high)
        )
        .order_by(Event.at, Event.id)
        if (e.payload or {}).get("collective_decision")
    ]
    titles = {
        d.id: shown_title(d)
        for d in Disclosure.select(Disclosure.id, Disclosure.title, Disclosure.public_title).where(
            Disclosure.id.in_([e.subject_id for e in events] or [-1])
        )
    }
    people = _names(e.actor_id for e in events)
    ledger = Ledger(
        "meeting-book",
        "党务公开会议记录簿",
        organization,
        start,
        end,
        MEETING_HEADERS,
        widths=[6, 24, 12, 36, 40, 10, 12, 24],
    )
    for number, e in enumerate(events, start=1):
        decision = e.payload["collective_decision"]
        ledger.rows.append(
            [
                number,
                decision.get("meeting", ""),
                str(decision.get("date", "")),
                titles.get(e.subject_id, ""),
                decision.get("decision", ""),
                people.get(e.actor_id, ""),
                _local_day(e.at),
                e.reason,
            ]
        )
    return ledger


# --- 意见建议登记簿 and 办理登记册 ----------------------------------------------------------------

FEEDBACK_HEADERS = [
    "序号",
    "回执编号",
    "收到日期",
    "来源渠道",
    "反映人",
    "身份",
    "意见建议内容",
    "涉及公开事项",
    "是否重要",
    "备注",
]
HANDLING_HEADERS = [
    "序号",
    "回执编号",
    "收到日期",
    "承办人",
    "办理时限",
    "办理状态",
    "答复内容",
    "答复日期",
    "是否按时",
    "告知反映人日期",
    "备注",
]
REPORTER_LABELS = {k.value: k.label for k in ReporterKind}
FEEDBACK_LABELS = {s.value: s.label for s in FeedbackStatus}
CHANNEL_LABELS = {
    "web": "网上留言",
    "box": "意见箱",
    "hotline": "公开电话",
    "letter": "来信",
    "meeting": "会议",
    "visit": "来访",
}


def _feedback(organization: Organization, start: dt.date, end: dt.date, subtree: bool, within=None):
    low, high = _bounds(start, end)
    return list(
        Feedback.select(Feedback, Disclosure)
        .join(Disclosure, on=(Feedback.disclosure == Disclosure.id), join_type=JOIN.LEFT_OUTER)
        .where(
            Feedback.organization.in_(_organizations(organization, subtree, within))
            & (Feedback.created_at >= low)
            & (Feedback.created_at < high)
        )
        .order_by(Feedback.created_at, Feedback.id)
    )


def feedback_register(
    unit: UnitContext,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    subtree: bool = False,
    within=None,
) -> Ledger:
    """意见建议登记簿: every opinion received in the period (anonymous ones stay anonymous)."""
    ledger = Ledger(
        "feedback-register",
        "党务公开意见建议登记簿",
        organization,
        start,
        end,
        FEEDBACK_HEADERS,
        widths=[6, 22, 12, 10, 12, 8, 50, 30, 8, 20],
    )
    for number, f in enumerate(_feedback(organization, start, end, subtree, within), start=1):
        ledger.rows.append(
            [
                number,
                f.receipt_number,
                _local_day(f.created_at),
                CHANNEL_LABELS.get(f.channel, f.channel),
                "匿名" if f.anonymous else (f.reporter_name or ""),
                REPORTER_LABELS.get(f.reporter_kind, f.reporter_kind),
                f.body,
                shown_title(f.disclosure) if f.disclosure_id else "",
                "是" if f.important else "否",
                "已报领导班子研究" if f.escalated else "",
            ]
        )
    return ledger


def feedback_handling(
    unit: UnitContext,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    subtree: bool = False,
    within=None,
) -> Ledger:
    """意见建议办理登记册: who handled each opinion, the answer, in time or not, told or not."""
    from .clock import today

    rows = _feedback(organization, start, end, subtree, within)
    people = _names(f.assignee_id for f in rows)
    ledger = Ledger(
        "feedback-handling",
        "党务公开意见建议办理登记册",
        organization,
        start,
        end,
        HANDLING_HEADERS,
        widths=[6, 22, 12, 10, 12, 10, 50, 12, 8, 14, 20],
    )
    now = today()
    for number, f in enumerate(rows, start=1):
        answered = _local_day(f.answered_at)
        if f.due_date is None:
            in_time = ""
        elif answered:
            in_time = "是" if dt.date.fromisoformat(answered) <= f.due_date else "否"
        else:
            in_time = "否（超期）" if now > f.due_date else "办理中"
        ledger.rows.append(
            [
                number,
                f.receipt_number,
                _local_day(f.created_at),
                people.get(f.assignee_id, ""),
                f.due_date.isoformat() if f.due_date else "",
                FEEDBACK_LABELS.get(f.status, f.status),
                f.answer,
                answered,
                in_time,
                _local_day(f.reporter_notified_at) if f.reporter_notified_at else "",
                "匿名，凭回执编号查询" if f.anonymous else "",
            ]
        )
    return ledger


LEDGERS = {
    "disclosure-register": ("党务公开事项登记簿", disclosure_register),
    "meeting-book": ("党务公开会议记录簿", meeting_book),
    "feedback-register": ("党务公开意见建议登记簿", feedback_register),
    "feedback-handling": ("党务公开意见建议办理登记册", feedback_handling),
}


def available(unit) -> dict:
    """Every ledger the unit offers: core's :data:`LEDGERS` and the plugins' (the
    ``dangwu_register_ledgers`` hook), ``key -> (title, build)``.

    :raises PluginError: a plugin's key is taken already.
    """
    found = dict(LEDGERS)
    pm = getattr(unit, "pm", None)  # a bare UnitContext carries no plugin manager
    for answer in pm.hook.dangwu_register_ledgers() if pm is not None else ():
        for key, title, function in answer or ():
            if key in found:
                raise PluginError(f"the ledger key {key!r} is registered twice")
            found[key] = (title, function)
    return found


def build(
    unit: UnitContext,
    key: str,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    person: Person | None,
    subtree: bool = False,
) -> Ledger:
    """The ledger ``key`` (see :data:`LEDGERS`) of ``organization`` as ``person`` may export it.

    :param subtree: include the organizations below — those where ``person`` may export
        (:func:`~dangwu_core.access.organizations_for`), not the whole subtree.
    :raises PermissionDenied: ``person`` may not export ``organization``'s registers.
    """
    if not access.allowed(person, EXPORT, organization):
        raise PermissionDenied(f"you may not export the registers of {organization.name}")
    within = access.organizations_for(person, EXPORT) if subtree else None
    return available(unit)[key][1](unit, organization, start, end, subtree=subtree, within=within)


# --- Files -----------------------------------------------------------------------------------


def to_xlsx(ledger: Ledger) -> bytes:
    """The ledger as an Excel workbook: a title row, the headers (bold, framed), the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = ledger.title[:31]
    columns = len(ledger.headers)
    sheet.cell(row=1, column=1, value=ledger.heading).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    frame = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, header in enumerate(ledger.headers, start=1):
        cell = sheet.cell(row=2, column=column, value=header)
        cell.font = Font(bold=True)
        cell.border = frame
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, row in enumerate(ledger.rows, start=3):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=column, value=value)
            cell.border = frame
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(ledger.widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(ledger: Ledger) -> str:
    """The ledger as CSV (headers then rows), with a BOM so that Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(ledger.headers)
    writer.writerows(ledger.rows)
    return out.getvalue()
