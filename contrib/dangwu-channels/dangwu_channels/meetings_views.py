"""会议、文件、简报 in the admin (``/admin/channel-records/``): record where and when an item
was read out or circulated, and to whom; the list of the records the person may see.

The item is one the person works on in the admin (``working_disclosure``: the admin's list
rule); :func:`dangwu_channels.meetings.record` decides the rest and records the event.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose

from dangwu_core.toolkit import DangwuError, DangwuView, current_unit, today, working_disclosure

from . import meetings


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _count(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        abort(400, description="attendance must be a whole number")
    return int(raw)


class ChannelRecordView(DangwuView):
    """会议、文件、简报记录."""

    enter_action = meetings.RECORD

    def disclosure_link(self, disclosure):
        return ("记录会议、文件、简报", url_for(f"{self.endpoint}.index", disclosure=disclosure.id))

    @expose("/")
    def index(self):
        unit = current_unit()
        chosen = working_disclosure(request.args.get("disclosure"))
        channels = [c for c in unit.registry.channels if c.name in meetings.RECORDED]
        return self.render(
            "meetings/index.html",
            chosen=chosen,
            channels=channels,
            labels={c.name: c.label for c in unit.registry.channels},
            records=meetings.records(unit, self.person),
            today=today(),
        )

    @expose("/record", methods=["POST"])
    def record_view(self):
        item = working_disclosure(request.form.get("disclosure"))
        if item is None:
            abort(404, description="no such item among those you work on")
        occurred_on = _date(request.form.get("occurred_on"))
        if occurred_on is None:
            flash("请填写日期（YYYY-MM-DD）。", "error")
            return redirect(url_for(".index", disclosure=item.id))
        try:
            meetings.record(
                current_unit(),
                item,
                self.person,
                channel=request.form.get("channel", ""),
                occurred_on=occurred_on,
                place=request.form.get("place", ""),
                audience=request.form.get("audience", ""),
                attendance=_count(request.form.get("attendance")),
                note=request.form.get("note", ""),
            )
            flash("已记录。", "success")
        except DangwuError as exc:
            flash(str(exc), "error")
        return redirect(url_for(".index", disclosure=item.id))
