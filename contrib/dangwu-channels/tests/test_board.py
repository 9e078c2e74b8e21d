"""党务公开栏: the sheet of a branch's disclosure day, its register (公开栏张贴记录), the
taking-down day from each item's time limit, and overdue take-downs on the 工作台.

Rules: 003 §7 (可以面向社会公开的，通过党务公开栏…公开); 003 §8(二) (the month's items on the
党务公开日); 000 三 (long-term items shown at least six months); 002 (the 公开栏 and its
register, 两本台帐).
"""

from __future__ import annotations

import datetime as dt

import pytest
from channels_town import PORTAL, TITLES, csrf, login, sheet_month
from dangwu_channels import board

from dangwu_core.toolkit import (
    BoardPosting,
    CatalogItem,
    ConflictError,
    Disclosure,
    Event,
    PermissionDenied,
    ValidationError,
    WorkCalendar,
    get_person,
    today,
    use_clock,
)


def test_the_sheet_carries_the_months_public_items_with_their_addresses_003_8_2(town_app, branch):
    """003 §8(二), 003 §7: the branch's sheet of its disclosure day lists that month's public
    items, each with a QR code of its address on the portal (the unit's portal URL)."""
    client = login(town_app.test_client(), "lixy")
    day = sheet_month().isoformat()
    page = client.get(f"/admin/board/sheet/?org={branch.id}&day={day}&paper=A4")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for title in TITLES:
        assert title in text
        item = Disclosure.get(Disclosure.title == title)
        assert f'data-url="{PORTAL}/disclosures/{item.id}"' in text
    assert text.count("<svg") >= len(TITLES)
    assert client.get(f"/admin/board/sheet/?org={branch.id}&day={day}&paper=B5").status_code == 400


def test_a_party_only_item_never_reaches_the_board_003_7(town, town_app, branch):
    """003 §7: the bulletin board carries what may go to the public; an item for the party
    only is not on the sheet (the access rule of an anonymous reader decides)."""
    inside = Disclosure.select().where(Disclosure.scope != "public").first()
    items = board.sheet_items(town, inside.organization, inside.published_at.date())
    assert inside.id not in {i.id for i in items}
    assert all(i.scope == "public" for i in items)


def test_posting_and_taking_down_are_registered_with_who_and_when_002(town, branch):
    """002: the register records when a sheet was posted and taken down and by whom; each is
    an audit event; a second taking-down is refused and changes nothing."""
    poster = get_person("lixy")
    day = sheet_month()
    events = Event.select().count()
    posting = board.post(town, branch, day, poster, paper="A3", note="支部活动室门口")
    assert posting.posted_by_id == poster.id and posting.paper == "A3"
    assert set(posting.disclosures) >= {Disclosure.get(Disclosure.title == t).id for t in TITLES}
    assert posting.take_down_due > posting.posted_on
    done = board.take_down(town, posting, poster)
    assert done.taken_down_on == today() and done.taken_down_by_id == poster.id
    assert [e.action for e in Event.select().where(Event.id > events).order_by(Event.id)] == [
        "board.post",
        "board.take_down",
    ]
    with pytest.raises(ConflictError, match="taken down"):
        board.take_down(town, done, poster)
    assert BoardPosting.get_by_id(posting.id).taken_down_on == today()


def test_bad_postings_are_refused_with_their_cause_and_write_nothing(town, branch):
    poster = get_person("lixy")
    before = BoardPosting.select().count()
    with pytest.raises(ValidationError, match="paper"):
        board.post(town, branch, sheet_month(), poster, paper="B5")
    with pytest.raises(ValidationError, match="still to come"):
        board.post(town, branch, sheet_month(), poster, posted_on=today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="no public item"):
        board.post(town, branch, dt.date(2001, 1, 1), poster)
    with pytest.raises(PermissionDenied):
        board.post(town, branch, sheet_month(), get_person("chenj"))  # the supervisor reads
    assert BoardPosting.select().count() == before


def test_the_taking_down_day_follows_each_items_time_limit_000_3(town):
    """000 三: a long-term item stays up six months at least; a periodic one until the next
    period's sheet; an immediate one its working days of 公示; the sheet until its last item
    may come down."""
    calendar = WorkCalendar.from_database()
    posted = dt.date(2026, 3, 6)

    def item(time_limit, **fields):
        catalog_item = CatalogItem(time_limit=time_limit, **fields)
        disclosure = Disclosure(display_until=None)
        disclosure.catalog_item = catalog_item
        return disclosure

    long_term = item("long_term", display_months=None)
    quarterly = item("periodic", cadence="quarterly")
    monthly = item("periodic", cadence="monthly")
    notice = item("immediate", display_days=5)
    assert board.item_take_down(long_term, posted, calendar) == dt.date(2026, 9, 6)
    assert board.item_take_down(quarterly, posted, calendar) == dt.date(2026, 6, 6)
    assert board.item_take_down(monthly, posted, calendar) == dt.date(2026, 4, 6)
    assert board.item_take_down(notice, posted, calendar) == dt.date(2026, 3, 13)
    shown = Disclosure(display_until=dt.date(2026, 12, 31))
    assert board.item_take_down(shown, posted, calendar) == dt.date(2026, 12, 31)
    assert board.take_down_date([monthly, quarterly, notice], posted, calendar) == dt.date(
        2026, 6, 6
    )


def test_an_overdue_take_down_waits_on_the_desk_until_it_is_done_002(town, town_app, branch):
    """002: a sheet past its taking-down day is listed on the poster's 工作台, and leaves it
    once taken down."""
    poster = get_person("lixy")
    posting = board.post(town, branch, sheet_month(), poster)
    client = login(town_app.test_client(), "lixy")
    late = posting.take_down_due + dt.timedelta(days=3)
    from dangwu_core.toolkit import FixedClock, get_clock

    instant = dt.datetime(late.year, late.month, late.day, 9, tzinfo=get_clock().tz)
    with use_clock(FixedClock(instant)):
        home = client.get("/admin/").get_data(as_text=True)
        assert "公开栏到期撤除" in home
        assert f"应于 {posting.take_down_due.isoformat()} 撤除，已逾期 3 天" in home
        page = client.get(f"/admin/board/?org={branch.id}&day={sheet_month().isoformat()}")
        form = csrf(page.get_data(as_text=True))
        answer = client.post(
            "/admin/board/take-down",
            data={"id": posting.id, "on": late.isoformat(), "csrf_token": form},
        )
        assert answer.status_code == 302
        assert BoardPosting.get_by_id(posting.id).taken_down_on == late
        home = client.get("/admin/").get_data(as_text=True)
        assert f"应于 {posting.take_down_due.isoformat()} 撤除" not in home


def test_the_admin_posts_a_sheet_with_its_form(town_app, branch):
    client = login(town_app.test_client(), "lixy")
    day = sheet_month().isoformat()
    page = client.get(f"/admin/board/?org={branch.id}&day={day}").get_data(as_text=True)
    assert 'id="dw-board-post"' in page
    answer = client.post(
        "/admin/board/post",
        data={
            "org": branch.id,
            "day": day,
            "paper": "A4",
            "posted_on": today().isoformat(),
            "csrf_token": csrf(page),
        },
    )
    assert answer.status_code == 302
    posting = BoardPosting.select().where(BoardPosting.organization == branch.id).first()
    assert posting is not None and posting.posted_by_id == get_person("lixy").id
    register = client.get(f"/admin/board/?org={branch.id}&day={day}").get_data(as_text=True)
    assert f'data-posting="{posting.id}"' in register


def test_a_supervisor_may_not_open_the_board_pages(town_app, branch):
    client = login(town_app.test_client(), "chenj")
    assert client.get(f"/admin/board/?org={branch.id}").status_code == 403


def test_the_register_and_its_overdue_list_work_on_every_database(database_url):
    """The register, the taking-down and the overdue query on SQLite and on PostgreSQL (the
    demo's own postings: one taken down, the others still up)."""
    from channels_town import start

    from dangwu_core.toolkit import build_demo

    unit = start(database_url)
    try:
        build_demo(unit, "testsector")
        poster = get_person("lixy")
        postings = board.register(unit, poster)
        assert postings and any(p.taken_down_on is not None for p in postings)
        up = [p for p in postings if p.taken_down_on is None]
        late = max(p.take_down_due for p in up) + dt.timedelta(days=1)
        from dangwu_core.toolkit import FixedClock, get_clock

        with use_clock(
            FixedClock(dt.datetime(late.year, late.month, late.day, tzinfo=get_clock().tz))
        ):
            assert {p.id for p in board.overdue(unit, poster)} == {p.id for p in up}
            board.take_down(unit, up[0], poster)
            assert up[0].id not in {p.id for p in board.overdue(unit, poster)}
        assert board.overdue(unit, get_person("chenj")) == []
    finally:
        unit.db.close()
