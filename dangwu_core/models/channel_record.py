"""What the channels that are places and records keep (003 §7; 002's 公开栏 and 电子显示屏):

* :class:`BoardPosting`: one 公开栏 sheet of an organization's disclosure day, when it was
  posted and by whom, the day it is due to come down (from its items' time limits) and when
  it was taken down and by whom (公开栏张贴记录);
* :class:`Screen`: an e-screen or touch screen (电子显示屏、触摸屏) showing one organization's
  public items, read with its own read-only token (only the token's SHA-256 is stored);
* :class:`ChannelRecord`: where and when an item was read out at a meeting or circulated as a
  document or briefing (会议、文件、简报), and to whom: evidence for supervision and ledgers.

Models hold data only; the channel plugin's services write them and record the audit events.
"""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel
from .disclosure import Disclosure
from .organization import Organization
from .people import Person


class BoardPosting(TimestampedModel):
    """One sheet on one organization's bulletin board (公开栏张贴记录)."""

    organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
    #: The disclosure day (党务公开日) the sheet is for.
    day = peewee.DateField()
    paper = peewee.CharField(max_length=8, default="A4")
    #: The disclosures printed on the sheet (ids), as they were when it was posted.
    disclosures = JSONField(default=list)
    posted_on = peewee.DateField()
    posted_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")
    #: The day the sheet is due to come down: the latest of its items' time limits.
    take_down_due = peewee.DateField()
    taken_down_on = peewee.DateField(null=True)
    taken_down_by = peewee.ForeignKeyField(
        Person, null=True, on_delete="RESTRICT", backref="+", index=False
    )
    note = peewee.TextField(default="")

    class Meta:
        indexes = (
            (("organization", "day"), False),
            (("taken_down_on", "take_down_due"), False),
        )
        constraints = [peewee.Check("taken_down_on IS NULL OR taken_down_by_id IS NOT NULL")]


class Screen(TimestampedModel):
    """An e-screen or touch screen of one organization (电子显示屏、触摸屏)."""

    name = peewee.CharField(max_length=100)
    organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE")
    #: SHA-256 of the screen's secret token (shown once, never stored).
    token_hash = peewee.CharField(max_length=64, unique=True)
    created_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")
    revoked_at = peewee.DateTimeField(null=True)
    last_seen_at = peewee.DateTimeField(null=True)


class ChannelRecord(TimestampedModel):
    """An item read out at a meeting or circulated as a document or briefing."""

    disclosure = peewee.ForeignKeyField(Disclosure, on_delete="CASCADE")
    organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
    #: The channel's name (``meeting``, ``document``, ``briefing``...).
    channel = peewee.CharField(max_length=32)
    occurred_on = peewee.DateField()
    #: Where it was read out (a meeting's name and place) or how it was circulated.
    place = peewee.CharField(max_length=200)
    #: To whom: the meeting's participants, the document's distribution.
    audience = peewee.TextField()
    attendance = peewee.IntegerField(null=True, constraints=[peewee.Check("attendance >= 0")])
    note = peewee.TextField(default="")
    recorded_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")

    class Meta:
        indexes = ((("organization", "occurred_on"), False),)
