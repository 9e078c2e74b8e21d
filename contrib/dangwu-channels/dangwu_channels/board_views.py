"""The 公开栏 page of the admin (``/admin/board/``): the organization's sheet of a disclosure
day to print (A4 or A3, each item with a QR code of its portal address), the register of
postings (公开栏张贴记录) with the buttons to post a sheet and take one down.

Every page asks the registry (``channels.board_post`` on the organization); the services in
:mod:`dangwu_channels.board` decide and record. The PDF is WeasyPrint's where it is installed
(``?format=pdf``); elsewhere the page's print button prints the same page (Chromium's PDF).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from types import SimpleNamespace

import segno
from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup

from dangwu_core.toolkit import (
    BoardPosting,
    DangwuError,
    DangwuView,
    Organization,
    Scope,
    current_unit,
    current_version,
    sheet_sections,
    shown_sections,
    today,
)

from . import board
from .links import public_url

CHOOSER_LIMIT = 200


def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as inline SVG (segno: pure Python; medium error correction)."""
    code = segno.make_qr(url, error="m")
    return Markup(code.svg_inline(scale=3, border=2, title=url))  # nosec B704  # segno's SVG


def printed_sections(item) -> list:
    """What the public sheet prints of a batch's sections: what an anonymous reader is shown
    (``shown_sections``), kept to those core's 公开栏 rule puts on a public sheet."""
    shown = [SimpleNamespace(**s) for s in shown_sections(item, None)]
    return sheet_sections(shown, item, Scope.PUBLIC.value)


def parse_day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        abort(400, description="day must be a date as YYYY-MM-DD")


def choosable(view: DangwuView, action: str) -> list[Organization]:
    """The organizations where the view's person may take ``action``, shallowest first (the
    chooser of the channels' admin pages)."""
    return list(
        Organization.select(Organization.id, Organization.name, Organization.depth)
        .where(view.organization_condition(action, Organization.id))
        .order_by(Organization.depth, Organization.sort_order, Organization.code)
        .limit(CHOOSER_LIMIT)
    )


def weasyprint_available() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


class BoardView(DangwuView):
    """党务公开栏: print the disclosure day's sheet, post it, take it down."""

    enter_action = board.POST

    def organizations(self) -> list[Organization]:
        return choosable(self, board.POST)

    def _organization(self, source) -> Organization:
        raw = source.get("org")
        if not raw:
            choices = self.organizations()
            if not choices:
                abort(403)
            return Organization.get_by_id(choices[0].id)
        organization = Organization.get_or_none(Organization.id == board.parse_id(raw))
        if organization is None:
            abort(404, description=f"no organization has the id {raw[:40]!r}")
        if not self.allowed(board.POST, organization):
            abort(403)
        return organization

    def _sheet(self, organization: Organization, day: dt.date, paper: str) -> dict:
        unit = current_unit()
        items = board.sheet_items(unit, organization, day)
        base = unit.settings["channels.public_url"]
        entries = []
        for item in items:
            version = current_version(item)
            url = public_url(base, item.id)
            entries.append(
                {
                    "item": item,
                    "version": version,
                    "sections": printed_sections(item),
                    "url": url,
                    "qr": qr_svg(url),
                }
            )
        return {
            "organization": organization,
            "day": board.the_day(unit, organization, day),
            "paper": paper,
            "papers": board.PAPERS,
            "entries": entries,
            "phone": unit.settings["supervision_phone"],
            "office": organization.parent.name if organization.parent_id else organization.name,
            "take_down": board.take_down_date(items, today()) if items else None,
        }

    @expose("/")
    def index(self):
        organization = self._organization(request.args)
        day = parse_day(request.args.get("day")) or board.the_day(
            current_unit(), organization, today()
        )
        sheet = self._sheet(organization, day, "A4")
        return self.render(
            "board/index.html",
            organizations=self.organizations(),
            register=board.register(current_unit(), self.person, organization),
            overdue={p.id for p in board.overdue(current_unit(), self.person, limit=1000)},
            pdf=weasyprint_available(),
            today=today(),
            **sheet,
        )

    @expose("/sheet/")
    def sheet_view(self):
        organization = self._organization(request.args)
        day = parse_day(request.args.get("day")) or today()
        paper = request.args.get("paper", "A4")
        if paper not in board.PAPERS:
            abort(400, description="paper must be A4 or A3")
        sheet = self._sheet(organization, day, paper)
        if request.args.get("format") == "pdf":
            return self._pdf(sheet)
        return self.render("board/sheet.html", **sheet)

    def _pdf(self, sheet: dict):
        """The sheet as WeasyPrint's PDF (a 404 naming the cause where it is not installed)."""
        if not weasyprint_available():
            abort(404, description="WeasyPrint is not installed: print the page instead")
        import weasyprint

        html = self.render("board/sheet.html", **sheet)
        pdf = weasyprint.HTML(string=html, base_url=request.url_root).write_pdf()
        name = f"board-{sheet['organization'].id}-{sheet['day'].isoformat()}.pdf"
        return _pdf_response(pdf, name)

    @expose("/post", methods=["POST"])
    def post_view(self):
        organization = self._organization(request.form)
        day = parse_day(request.form.get("day")) or today()
        try:
            board.post(
                current_unit(),
                organization,
                day,
                self.person,
                paper=request.form.get("paper", "A4"),
                posted_on=parse_day(request.form.get("posted_on")),
                note=request.form.get("note", ""),
            )
            flash("已登记张贴。", "success")
        except DangwuError as exc:
            flash(str(exc), "error")
        return redirect(url_for(".index", org=organization.id, day=day.isoformat()))

    @expose("/take-down", methods=["POST"])
    def take_down_view(self):
        posting = BoardPosting.get_or_none(
            BoardPosting.id == board.parse_id(request.form.get("id"))
        )
        if posting is None:
            abort(404, description="no such posting")
        if not self.allowed(board.POST, posting.organization_id):
            abort(403)
        try:
            board.take_down(
                current_unit(), posting, self.person, on=parse_day(request.form.get("on"))
            )
            flash("已登记撤除。", "success")
        except DangwuError as exc:
            flash(str(exc), "error")
        return redirect(url_for(".index", org=posting.organization_id, day=posting.day.isoformat()))


def _pdf_response(pdf: bytes, name: str):
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
