"""电子显示屏 in the admin (``/admin/screens/``): set up a screen for an organization (its
address, with the token, is shown once), see the screens and when each last polled, revoke
one. The services in :mod:`dangwu_channels.kiosk` decide and record."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose

from dangwu_core.toolkit import DangwuError, DangwuView, Organization, Screen, current_unit

from . import kiosk
from .board import parse_id
from .board_views import choosable


class ScreenView(DangwuView):
    """电子显示屏、触摸屏."""

    enter_action = kiosk.MANAGE

    def organizations(self) -> list[Organization]:
        return choosable(self, kiosk.MANAGE)

    @expose("/")
    def index(self):
        return self.render(
            "kiosk/admin.html",
            organizations=self.organizations(),
            screens=kiosk.screens(current_unit(), self.person),
            address=None,
        )

    @expose("/issue", methods=["POST"])
    def issue_view(self):
        organization = Organization.get_or_none(
            Organization.id == parse_id(request.form.get("org"))
        )
        if organization is None:
            abort(404, description="no such organization")
        try:
            _screen, secret = kiosk.issue(
                current_unit(), organization, request.form.get("name", ""), self.person
            )
        except DangwuError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".index"))
        address = url_for("channels.screen_page", token=secret, _external=True)
        return self.render(
            "kiosk/admin.html",
            organizations=self.organizations(),
            screens=kiosk.screens(current_unit(), self.person),
            address=address,
        )

    @expose("/revoke", methods=["POST"])
    def revoke_view(self):
        screen = Screen.get_or_none(Screen.id == parse_id(request.form.get("id")))
        if screen is None:
            abort(404, description="no such screen")
        try:
            kiosk.revoke(current_unit(), screen, self.person)
            flash("已停用。", "success")
        except DangwuError as exc:
            flash(str(exc), "error")
        return redirect(url_for(".index"))
