"""The printable 公开栏 sheet of a batch (a disclosure with sections), as
:class:`~dangwu_core.admin.batches.BatchView` prints it, and the month a batch is for.

The sheet shows the batch's current version (its published one, or the draft being
prepared): the header with the organization, the month's 党务公开日 (003 §8(二)) and the
sheet's number, then every section — a withheld one as "暂不宜公开（已备案）" without its
content (003 §9(二)) — and the footer with the supervision telephone
(``supervision_phone``), where opinions are taken (003 §9(四)) and the signature lines.

A sheet is printed for an audience (a scope, by default the batch's own): a section whose
scope is narrower than the audience's (a party-only part of a public sheet) is not printed on
it — the 公开栏 carries what may go to that audience (003 §7) — but on its own audience's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import attachments, batches, disclosures
from ..models import Disclosure, DisclosureSection, Organization, Scope
from ..schemas.numbers import MAX_YEAR, MIN_YEAR
from ..sections import width
from ..web.sanitize import clean_html

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PAPERS = ("A4", "A3")
WITHHELD = _l("暂不宜公开（已备案）")
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Month:
    """A calendar month, as the page's ``month=YYYY-MM`` names it."""

    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """``YYYY-MM`` as a Month; None when it is anything else (month 13, a year outside
        the range every date argument keeps to)."""
        found = MONTH.match(text or "")
        if found is None:
            return None
        year, month = int(found.group(1)), int(found.group(2))
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            return None
        return cls(year, month)


def month_of_disclosure(item: Disclosure) -> Month | None:
    """The month a batch is for (its period label, ``YYYY-MM``), or None."""
    return Month.parse(item.period_label)


def sheet_number(item: Disclosure) -> str:
    """The sheet's number: its place among the organization's batches of the year
    ("2026年第3期")."""
    month = month_of_disclosure(item)
    year = month.year if month else item.created_at.year
    with_sections = DisclosureSection.select(DisclosureSection.disclosure)
    place = (
        Disclosure.select()
        .where(
            (Disclosure.organization == item.organization_id)
            & Disclosure.period_label.startswith(f"{year:04d}-")
            & Disclosure.id.in_(with_sections)
            & (Disclosure.id <= item.id)
        )
        .count()
    )
    return _("%(year)d年第%(n)d期", year=year, n=max(place, 1))


def section_files(files: list, section: DisclosureSection) -> list:
    """The files among ``files`` (a version's attachments) that belong to ``section`` (they
    name its position, stable across versions)."""
    return [a for a in files if a.section == section.position]


def on_sheet(parts: list, item: Disclosure, audience: str) -> list:
    """The sections a sheet posted for ``audience`` (a scope) carries: a section whose own
    scope is narrower (a party-only part of a public sheet) is printed only on the sheet for
    its own audience, never on the wider one."""
    return [s for s in parts if width(s.scope or item.scope) >= width(audience)]


def numeral(n: int) -> str:
    """一, 二 … 九十九 for a section's place on the sheet (1 to 99; arabic beyond)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else CHINESE_NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (CHINESE_NUMERALS[ones - 1] if ones else "")


def sheet(unit, item: Disclosure, paper: str, audience: str | None) -> dict:
    """What the sheet template shows of batch ``item`` on ``paper`` (A4 or A3) for
    ``audience`` (a scope; None: the batch's); a 400 for another paper or scope, a 404 when
    ``item`` has no sections."""
    if paper not in PAPERS:
        abort(400, description="paper must be A4 or A3")
    version = disclosures.current_version(item)
    parts = batches.sections(item, version=version.number)
    if not parts:
        abort(404, description="this disclosure has no sections: it is not a batch")
    audience = audience or item.scope
    if audience not in Scope.values():
        abort(400, description=f"audience must be one of {', '.join(Scope.values())}")
    organization = Organization.get_by_id(item.organization_id)
    month = month_of_disclosure(item)
    day = (
        batches.disclosure_day(unit.context, organization, month.year, month.month)
        if month is not None
        else None
    )
    if day is None and item.published_at is not None:
        day = item.published_at.date()
    files = attachments.of_version(item, version.number)
    scopes = {s.scope or item.scope for s in parts}
    return {
        "item": item,
        "organization": organization,
        "version": version,
        "sections": [(s, section_files(files, s)) for s in on_sheet(parts, item, audience)],
        "number": sheet_number(item),
        "day": day,
        "paper": paper,
        "papers": PAPERS,
        "audience": audience,
        "audience_label": Scope(audience).label,
        "audiences": [(s.value, s.label) for s in Scope if s.value in scopes],
        "phone": unit.settings["supervision_phone"],
        "office": organization.parent.name if organization.parent_id else organization.name,
        "numeral": numeral,
        "clean_html": clean_html,
        "withheld_label": WITHHELD,
    }
