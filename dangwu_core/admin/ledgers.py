"""台帐 in the admin: choose an organization, a register and a period; download it as Excel
or CSV, or look at it on the page. Any officer of the organization may export its registers
(``ledger.export``); with ``subtree=1`` they include the organizations below where the officer
may export as well, never the others. The registers list only what the data says was done."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, request
from flask_admin import expose

from .. import access, ledgers
from ..clock import today
from ..models import Organization
from ..web.arguments import int_arg
from .base import DangwuView, unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(name: str, default: dt.date) -> dt.date:
    value = request.args.get(name)
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        abort(400, description=f"{name} must be a date (YYYY-MM-DD)")


def attachment(body, mimetype: str, filename: str) -> Response:
    from urllib.parse import quote

    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=ledger.{filename.rsplit('.', 1)[-1]}; "
        f"filename*=UTF-8''{quote(filename)}"
    )
    return response


class LedgerView(DangwuView):
    enter_action = "ledger.export"

    def organizations(self):
        return list(
            Organization.select(Organization.id, Organization.name, Organization.code)
            .where(access.organization_condition(self.person, "ledger.export", Organization.id))
            .order_by(Organization.depth, Organization.sort_order, Organization.code)
            .limit(500)
        )

    def _ledger(self):
        org_id = int_arg("org")
        key = request.args.get("ledger", "disclosure-register")
        if key not in ledgers.available(unit()):
            abort(404)
        if org_id is None:
            return None, key
        organization = Organization.get_or_none(Organization.id == org_id)
        if organization is None or not access.allowed(self.person, "ledger.export", organization):
            abort(403)
        year = today().year
        start = _date("start", dt.date(year, 1, 1))
        end = _date("end", dt.date(year, 12, 31))
        if end < start:
            abort(400, description="the period ends before it starts")
        # The subtree holds only the organizations where the person may export too (a role
        # that does not reach down gives its own organization's registers): ledgers.build asks
        # the permission rule for both.
        ledger = ledgers.build(
            unit(),
            key,
            organization,
            start,
            end,
            person=self.person,
            subtree=request.args.get("subtree") == "1",
        )
        return ledger, key

    @expose("/")
    def index(self):
        ledger, key = self._ledger()
        fmt = request.args.get("format")
        if ledger is not None and fmt == "xlsx":
            return attachment(ledgers.to_xlsx(ledger), XLSX, f"{ledger.filename}.xlsx")
        if ledger is not None and fmt == "csv":
            return attachment(
                ledgers.to_csv(ledger).encode("utf-8"), "text/csv", f"{ledger.filename}.csv"
            )
        year = today().year
        return self.render(
            "dangwu_admin/ledgers.html",
            ledger=ledger,
            key=key,
            choices=ledgers.available(unit()),
            organizations=self.organizations(),
            args=request.args,
            default_start=dt.date(year, 1, 1).isoformat(),
            default_end=dt.date(year, 12, 31).isoformat(),
        )
