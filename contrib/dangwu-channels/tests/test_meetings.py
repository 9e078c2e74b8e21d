"""会议、文件、简报: a record-only channel, entered in the admin, in the ledgers.

Rules: 003 §7 (适宜在党内公开的，通过有关会议、文件、简报等形式公开; 只向个人公开的，通过面谈…);
002 (两本台帐: what was disclosed, when and to whom, kept as a record).
"""

from __future__ import annotations

import datetime as dt

import pytest
from channels_town import csrf, login
from dangwu_channels import meetings

from dangwu_core.toolkit import (
    ChannelRecord,
    Disclosure,
    Event,
    PermissionDenied,
    ValidationError,
    get_person,
    today,
)


@pytest.fixture
def party_item(town, branch):
    item = (
        Disclosure.select()
        .where(
            (Disclosure.organization == branch.id)
            & (Disclosure.scope == "party")
            & Disclosure.published_at.is_null(False)
        )
        .first()
    )
    assert item is not None, "the demo branch has a published party item"
    return item


def test_a_party_item_read_out_at_a_meeting_is_recorded_with_where_when_whom_003_7(
    town, party_item
):
    """003 §7: a party item goes by meetings; the record says where, when and to whom, and
    is an audit event of the item."""
    entry = meetings.record(
        town,
        party_item,
        get_person("sunl"),
        channel="meeting",
        occurred_on=today(),
        place="第一支部党员大会",
        audience="第一支部全体党员",
        attendance=18,
    )
    assert (entry.place, entry.audience, entry.attendance) == (
        "第一支部党员大会",
        "第一支部全体党员",
        18,
    )
    event = Event.select().where(Event.action == "channel.record").order_by(Event.id.desc()).first()
    assert event.subject_id == party_item.id and event.payload["channel_record"] == entry.id


def test_a_channel_that_cannot_carry_the_items_scope_is_refused_003_7(town, party_item):
    """003 §7: the public hearing (民情访谈会) carries public items, not a party-only one; a
    day to come, a missing place or audience are refused too, and nothing is written."""
    sunl = get_person("sunl")
    fields = {"occurred_on": today(), "place": "会议室", "audience": "全体党员"}
    before = ChannelRecord.select().count()
    with pytest.raises(ValidationError, match="hearing"):
        meetings.record(town, party_item, sunl, channel="hearing", **fields)
    with pytest.raises(ValidationError, match="channel must be one of"):
        meetings.record(town, party_item, sunl, channel="bulletin_board", **fields)
    with pytest.raises(ValidationError, match="still to come"):
        meetings.record(
            town,
            party_item,
            sunl,
            channel="document",
            **{**fields, "occurred_on": today() + dt.timedelta(days=1)},
        )
    with pytest.raises(ValidationError, match="to whom"):
        meetings.record(town, party_item, sunl, channel="document", **{**fields, "audience": " "})
    with pytest.raises(PermissionDenied):
        meetings.record(town, party_item, get_person("chenj"), channel="meeting", **fields)
    assert ChannelRecord.select().count() == before


def test_the_admin_records_a_meeting_and_the_ledger_lists_it_002(town_app, branch, party_item):
    """002: the record goes into the register 党务公开会议文件简报记录簿 the 台帐 page exports."""
    client = login(town_app.test_client(), "sunl")
    page = client.get(f"/admin/channel-records/?disclosure={party_item.id}")
    text = page.get_data(as_text=True)
    assert 'id="dw-record-form"' in text and party_item.title in text
    answer = client.post(
        "/admin/channel-records/record",
        data={
            "disclosure": party_item.id,
            "channel": "briefing",
            "occurred_on": today().isoformat(),
            "place": "《党建简报》第5期",
            "audience": "印发各党小组",
            "attendance": "",
            "csrf_token": csrf(text),
        },
    )
    assert answer.status_code == 302
    entry = ChannelRecord.get(ChannelRecord.place == "《党建简报》第5期")
    assert entry.channel == "briefing" and entry.attendance is None
    year = today().year
    ledger = client.get(
        f"/admin/ledgers/?org={branch.id}&ledger=channel-records"
        f"&start={year}-01-01&end={year}-12-31&format=csv"
    )
    assert ledger.status_code == 200
    csv = ledger.get_data(as_text=True)
    assert "《党建简报》第5期" in csv and party_item.title in csv and "印发各党小组" in csv
    listing = client.get("/admin/ledgers/").get_data(as_text=True)
    assert "党务公开会议文件简报记录簿" in listing
