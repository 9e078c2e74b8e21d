"""Logging in and out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from ..auth import LOCK_MINUTES, LoginRefused, current_person, safe_next, sign_in
from ..errors import error_response
from ..forms import LoginForm, LogoutForm
from .blueprint import blueprint


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("party.home"))


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_person() is not None and request.method == "GET":
        return redirect(_safe_next(form.next.data))
    status = 200
    if form.validate_on_submit():
        try:
            sign_in(form.username.data, form.password.data)
        except LoginRefused as refused:
            if str(refused) == "limited":
                return error_response(
                    429,
                    _("尝试次数过多，请稍后再试"),
                    headers={"Retry-After": str(refused.retry_after)},
                )
            status = 401
            if str(refused) == "locked":
                message = _(
                    "登录失败次数过多，账户已临时锁定，请%(minutes)s分钟后再试",
                    minutes=LOCK_MINUTES,
                )
            else:
                message = _("用户名或密码不正确")
            form.password.errors.append(message)
        else:
            return redirect(_safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    return render_template("party/login.html", form=form), status


@blueprint.post("/logout")
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("您已退出登录"), "info")
    return redirect(url_for("portal.home"))
