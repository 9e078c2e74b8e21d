"""The application forms of 000 四(一), printable from the admin.

* 附件4 《中共仙女镇委员会党务公开申报表》: a working department of the town committee (or
  street working committee) proposes an item to the disclosure office (四(一)1(1));
* 附件5 《仙女镇基层党组织党务公开申报表》: a branch's liaison proposes an item to the branch
  committee (四(一)2(1)).

The form is filled from the disclosure and its audit events: content, form, scope and time
limit as proposed; the first review, the approval (and the collective decision or the upper
organization's approval where there was one); the hand-over and the publication. The events
are read as the toolkit's documented ``EventRecord``s (``events_of``), never by parsing
their payloads. Only people who work on the item in the admin may print it
(``dangwu_core.toolkit.working_disclosure``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, request, url_for
from flask_admin import expose

from dangwu_core.toolkit import (
    CollectiveDecision,
    DangwuView,
    EventRecord,
    Scope,
    TimeLimit,
    current_unit,
    current_version,
    events_of,
    get_clock,
    working_disclosure,
)

from .organization_types import STREET_COMMITTEE, TOWN_COMMITTEE

TOWN_TYPES = (TOWN_COMMITTEE, STREET_COMMITTEE)
SCOPES = {s.value: s.label for s in Scope}
TIME_LIMITS = {t.value: t.label for t in TimeLimit}


@dataclass
class Step:
    """One signed step of the form: who, when, what they said."""

    who: str = ""
    day: str = ""
    opinion: str = ""


@dataclass
class ApplicationForm:
    number: str
    title: str
    organization: str
    department: str
    proposer: str
    content: str
    channels: str
    scope: str
    time_limit: str
    important: bool
    proposed: Step = field(default_factory=Step)
    reviewed: Step = field(default_factory=Step)
    approved: Step = field(default_factory=Step)
    decision: CollectiveDecision | None = None
    upper: Step | None = None
    handed_over: Step | None = None
    published: Step | None = None


def _day(event: EventRecord) -> str:
    return event.at.astimezone(get_clock().tz).date().isoformat()


def _step(event: EventRecord | None, opinion: str = "") -> Step:
    if event is None:
        return Step()
    return Step(event.actor_name, _day(event), opinion or event.reason)


def application_form(disclosure) -> ApplicationForm:
    """附件4 (town committee) or 附件5 (branch), filled from the item and its events."""
    events = events_of("disclosure", disclosure.id)

    def last(*actions):
        found = [e for e in events if e.action in actions]
        return found[-1] if found else None

    town = disclosure.organization.type in TOWN_TYPES
    item = disclosure.catalog_item
    channels = {c.name: c.label for c in current_unit().registry.channels}
    review = last("disclosure.pass_review")
    opinions = review.findings if review else {}
    review_text = "；".join(
        f"{label}：{opinions[key].opinion}"
        for key, label in (
            ("necessity", "必要性"),
            ("accuracy", "准确性"),
            ("legality", "合规性"),
            ("secrecy", "保密"),
        )
        if key in opinions
    )
    approval = last("disclosure.approve", "disclosure.approve_upper")
    escalation = last("disclosure.escalate")
    published = last("disclosure.publish")
    handed = last("disclosure.hand_over")
    time_limit = "目录外事项"
    if item is not None:
        time_limit = TIME_LIMITS.get(item.time_limit, item.time_limit)
        if disclosure.display_until:
            time_limit += f"（公示至{disclosure.display_until.isoformat()}）"
    return ApplicationForm(
        number="附件4" if town else "附件5",
        title="中共仙女镇委员会党务公开申报表" if town else "仙女镇基层党组织党务公开申报表",
        organization=disclosure.organization.name,
        department=disclosure.department,
        proposer=disclosure.proposer.name,
        content=current_version(disclosure).body,
        channels="、".join(channels.get(c, c) for c in disclosure.channels),
        scope=SCOPES.get(disclosure.scope, disclosure.scope),
        time_limit=time_limit,
        important=bool(disclosure.important),
        proposed=_step(last("disclosure.propose")),
        reviewed=_step(review, review_text),
        approved=_step(approval),
        decision=approval.collective_decision if approval else None,
        upper=_step(escalation) if escalation else None,
        handed_over=_step(handed) if handed else None,
        published=_step(published) if published else None,
    )


class ApplicationFormView(DangwuView):
    """申报表（附件4、附件5）: printable from an item's admin page."""

    @expose("/")
    def index(self):
        disclosure = working_disclosure(request.args.get("id"))
        if disclosure is None:
            abort(404)
        return self.render("villages/application_form.html", form=application_form(disclosure))

    def disclosure_link(self, disclosure):
        town = disclosure.organization.type in TOWN_TYPES
        label = "打印申报表（附件4）" if town else "打印申报表（附件5）"
        return label, url_for(f"{self.endpoint}.index", id=disclosure.id)

    def is_visible(self) -> bool:
        return False  # reached from an item's page, not from the menu


def blueprint() -> Blueprint:
    """Only the templates: Flask-Admin views render through the application's loader."""
    return Blueprint("villages_admin", __name__, template_folder="templates")


def admin_views() -> list:
    return [ApplicationFormView(name="申报表", endpoint="villages_forms")]
