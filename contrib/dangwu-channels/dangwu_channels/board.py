"""党务公开栏: the bulletin-board sheet of an organization's disclosure day, and its register.

002 and 003 §7 put public items on the organization's 公开栏. A sheet is printed for one
organization and one 党务公开日 (003 §8(二)): the public items of that organization published
for that month, each with a QR code leading to its page on the portal. What is printed is what
an anonymous reader of the portal may read (``unit.listed_disclosures(None)``: the access
rule), and of a 党务公开日 batch the sections core's own 公开栏 sheet prints for the public
(``sheet_sections``: one rule for both sheets).

The register (公开栏张贴记录, :class:`~dangwu_core.toolkit.BoardPosting`) records who posted
a sheet and when, when it is due to come down — the latest day any of its items must stay
up, from its time limit (:func:`take_down_date`) — and who took it down and when. Every
posting and taking-down is an audit event.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import (
    BoardPosting,
    Cadence,
    ConflictError,
    Disclosure,
    Organization,
    PermissionDenied,
    TimeLimit,
    ValidationError,
    WorkCalendar,
    allowed,
    atomic,
    disclosure_day,
    get_clock,
    organization_condition,
    record_event,
    today,
)

#: The action that lets a person print, post and take down an organization's sheets.
POST = "channels.board_post"
PAPERS = ("A4", "A3")
#: How long a periodic item stays up: until the next period's sheet replaces it.
CADENCE_MONTHS = {
    Cadence.MONTHLY.value: 1,
    Cadence.QUARTERLY.value: 3,
    Cadence.HALF_YEARLY.value: 6,
    Cadence.YEARLY.value: 12,
}
#: Long-term items stay up at least six months (000 三); staged and out-of-catalog items
#: until the next disclosure day.
LONG_TERM_MONTHS = 6
DEFAULT_MONTHS = 1


#: The largest id a database integer key holds.
MAX_ID = 2**31 - 1


def parse_id(raw) -> int | None:
    """``raw`` (a form or query value) as a database id, or None (it names nothing)."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


def month_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The unit's local month of ``day`` as naive UTC instants [first, after)."""
    tz = get_clock().tz
    first = dt.date(day.year, day.month, 1)
    after = add_months(first, 1)

    def utc(d: dt.date) -> dt.datetime:
        local = dt.datetime(d.year, d.month, d.day, tzinfo=tz)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return utc(first), utc(after)


def the_day(unit, organization: Organization, day: dt.date) -> dt.date:
    """The month's 党务公开日 of ``organization`` (the due-date policy's), else ``day``."""
    found = disclosure_day(unit.context, organization, day.year, day.month)
    return found or day


def sheet_items(unit, organization: Organization, day: dt.date) -> list[Disclosure]:
    """The public items of ``organization`` for the month of ``day``: those an anonymous
    reader finds on the portal (the access rule), of that month's period or published in it,
    oldest first."""
    first, after = month_bounds(day)
    label = f"{day.year:04d}-{day.month:02d}"
    return list(
        unit.listed_disclosures(None)
        .where(
            (Disclosure.organization == organization.id)
            & (
                (Disclosure.period_label == label)
                | ((Disclosure.published_at >= first) & (Disclosure.published_at < after))
            )
        )
        .order_by(Disclosure.published_at, Disclosure.id)
    )


def item_take_down(item: Disclosure, posted_on: dt.date, calendar: WorkCalendar) -> dt.date:
    """The day ``item`` may come down from a board it went up on ``posted_on``.

    Its display window's end when publication set one (long-term and immediate items, from
    the catalog item's time limit); otherwise by the time limit: a periodic item stays up
    until the next period's sheet (a month, a quarter...), a long-term one six months (000
    三), an immediate one its working days of 公示, a staged or out-of-catalog one until the
    next 党务公开日.
    """
    if item.display_until is not None:
        return max(item.display_until, posted_on)
    catalog_item = item.catalog_item
    if catalog_item is None:
        return add_months(posted_on, DEFAULT_MONTHS)
    limit = catalog_item.time_limit
    if limit == TimeLimit.PERIODIC.value:
        return add_months(posted_on, CADENCE_MONTHS.get(catalog_item.cadence, DEFAULT_MONTHS))
    if limit == TimeLimit.LONG_TERM.value:
        return add_months(posted_on, catalog_item.display_months or LONG_TERM_MONTHS)
    if limit == TimeLimit.IMMEDIATE.value and catalog_item.display_days:
        return calendar.add_working_days(posted_on, catalog_item.display_days).date
    return add_months(posted_on, DEFAULT_MONTHS)


def take_down_date(
    items: list[Disclosure], posted_on: dt.date, calendar: WorkCalendar | None = None
) -> dt.date:
    """The day a sheet of ``items`` posted on ``posted_on`` may come down: the latest of its
    items' (:func:`item_take_down`); a sheet keeps every item up as long as it must stay."""
    calendar = calendar or WorkCalendar.from_database()
    if not items:
        return posted_on
    return max(item_take_down(i, posted_on, calendar) for i in items)


def post(
    unit,
    organization: Organization,
    day: dt.date,
    person,
    *,
    paper: str = "A4",
    posted_on: dt.date | None = None,
    note: str = "",
) -> BoardPosting:
    """Record that ``person`` posted the sheet of ``organization``'s disclosure day ``day``.

    :raises PermissionDenied: ``person`` may not take :data:`POST` there.
    :raises ValidationError: another paper, a posting day in the future, nothing to post.
    """
    if not allowed(person, POST, organization, permissions=unit.registry.permissions):
        raise PermissionDenied(f"you may not post the bulletin board of {organization.name}")
    if paper not in PAPERS:
        raise ValidationError("paper must be A4 or A3", "paper")
    posted_on = posted_on or today()
    if posted_on > today():
        raise ValidationError("a sheet cannot be posted on a day still to come", "posted_on")
    day = the_day(unit, organization, day)
    items = sheet_items(unit, organization, day)
    if not items:
        raise ValidationError(
            f"{organization.name} has no public item for {day:%Y-%m}: there is no sheet to post",
            "day",
        )
    with atomic():
        posting = BoardPosting.create(
            organization=organization,
            day=day,
            paper=paper,
            disclosures=[i.id for i in items],
            posted_on=posted_on,
            posted_by=person,
            take_down_due=take_down_date(items, posted_on),
            note=(note or "").strip()[:1000],
        )
        record_event(
            "board.post",
            "board_posting",
            posting.id,
            actor=person,
            organization=organization,
            payload={
                "day": day.isoformat(),
                "posted_on": posted_on.isoformat(),
                "take_down_due": posting.take_down_due.isoformat(),
                "disclosures": posting.disclosures,
            },
        )
    return posting


def take_down(unit, posting: BoardPosting, person, *, on: dt.date | None = None) -> BoardPosting:
    """Record that ``person`` took the sheet of ``posting`` down (on ``on``, by default today).

    :raises PermissionDenied: ``person`` may not take :data:`POST` on its organization.
    :raises ConflictError: it was taken down already.
    :raises ValidationError: a day before it was posted, or still to come.
    """
    organization = posting.organization
    if not allowed(person, POST, organization, permissions=unit.registry.permissions):
        raise PermissionDenied(f"you may not take down the bulletin board of {organization.name}")
    if posting.taken_down_on is not None:
        raise ConflictError(
            f"this sheet was taken down on {posting.taken_down_on.isoformat()} already"
        )
    on = on or today()
    if on < posting.posted_on or on > today():
        raise ValidationError(
            "the taking-down day must lie between the posting day and today", "taken_down_on"
        )
    with atomic():
        BoardPosting.update(taken_down_on=on, taken_down_by=person).where(
            BoardPosting.id == posting.id
        ).execute()
        record_event(
            "board.take_down",
            "board_posting",
            posting.id,
            actor=person,
            organization=organization,
            payload={"taken_down_on": on.isoformat(), "due": posting.take_down_due.isoformat()},
        )
    return BoardPosting.get_by_id(posting.id)


def register(unit, person, organization: Organization | None = None, *, limit: int = 100):
    """The postings ``person`` may see (where they may take :data:`POST`), newest first."""
    query = BoardPosting.select(BoardPosting, Organization).join(Organization)
    query = query.where(
        organization_condition(
            person, POST, BoardPosting.organization, permissions=unit.registry.permissions
        )
    )
    if organization is not None:
        query = query.where(BoardPosting.organization == organization.id)
    return list(query.order_by(BoardPosting.posted_on.desc(), BoardPosting.id.desc()).limit(limit))


def overdue(unit, person, *, limit: int = 30) -> list[BoardPosting]:
    """Sheets still up past their taking-down day, of the organizations where ``person`` may
    take :data:`POST`, the longest overdue first (one query)."""
    return list(
        BoardPosting.select(BoardPosting, Organization)
        .join(Organization)
        .where(
            BoardPosting.taken_down_on.is_null()
            & (BoardPosting.take_down_due < today())
            & organization_condition(
                person, POST, BoardPosting.organization, permissions=unit.registry.permissions
            )
        )
        .order_by(BoardPosting.take_down_due, BoardPosting.id)
        .limit(limit)
    )
