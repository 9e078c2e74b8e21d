"""{{ cookiecutter.unit_name }}'s own hook implementations (entry point ``{{ cookiecutter.unit_slug }}``).

A unit adds its local rules here, as any plugin does, without touching the framework or the
sector plugin. Two examples:

* a local due-date rule: quarterly items (季度公开) are due on the 10th of the month after the
  quarter, moved to the next working day when that day is a holiday (setting
  ``unit.quarterly_due_day``; 0 switches it off). ``tryfirst`` lets the unit's rule answer
  before the sector plugin's and core's.
* a page of its own, ``/about``, rendered from a Jinja template that extends the portal's.

The hooks and what they receive are documented in dangwu_core/hookspecs.py and in the plugin
developer guide.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import Cadence, Setting, TimeLimit, hookimpl
from flask import Blueprint, current_app, render_template

QUARTERLY_DUE_DAY = "unit.quarterly_due_day"

blueprint = Blueprint("{{ cookiecutter.__package }}", __name__, template_folder="templates")


def quarterly_due_date(period, calendar, day: int) -> dt.date:
    """The ``day``-th of the month after ``period``, or the next working day after it."""
    after = period.end + dt.timedelta(days=1)  # the 1st of the next month
    return calendar.next_workday_on_or_after(after.replace(day=day)).date


@hookimpl
def dangwu_settings_defaults():
    return [
        Setting(
            QUARTERLY_DUE_DAY,
            10,
            "Quarterly items are due on this day of the month after the quarter (next working "
            "day if it is a holiday); 0 leaves them to the sector plugin and core.",
            int,
        )
    ]


@hookimpl(tryfirst=True)
def dangwu_due_date(item, period, calendar, unit):
    day = unit.settings[QUARTERLY_DUE_DAY]
    if not day or item.time_limit != TimeLimit.PERIODIC or item.cadence != Cadence.QUARTERLY:
        return None  # not ours: the next plugin answers
    return quarterly_due_date(period, calendar, day)


@hookimpl
def dangwu_register_blueprints(app):
    return [blueprint]


@blueprint.get("/about")
def about():
    settings = current_app.extensions["dangwu"].settings
    return render_template(
        "{{ cookiecutter.__package }}/about.html",
        unit_code=settings.unit_code,
        quarterly_due_day=settings[QUARTERLY_DUE_DAY],
    )
