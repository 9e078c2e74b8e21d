"""Logging in and out, and changing one's own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ... import people
from ...models import Account
from ..auth import LOCK_MINUTES, LoginRefused, LoginUser, current_person, safe_next, sign_in
from ..errors import error_response
from ..forms import LoginForm, LogoutForm
from ..ratelimit import retry_after
from .blueprint import blueprint

#: The password policy's refusals (``people.PasswordRefused.code``) in the reader's language.
POLICY_MESSAGES = {
    "characters": _l("密码不能含有控制字符"),
    "too_short": _l("密码至少需要%(length)s个字符", length=people.MIN_PASSWORD_LENGTH),
    "username": _l("密码不能与用户名相同"),
    "organization": _l("密码不能是组织的名称或代码"),
    "common": _l("这是最常见的密码之一，请换一个"),
    "digits_only": _l("密码不能全是数字"),
    "one_character": _l("密码不能由同一个字符重复组成"),
}


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("当前密码"), validators=[DataRequired(_l("请填写当前密码")), Length(max=200)]
    )
    new = PasswordField(
        _l("新密码"), validators=[DataRequired(_l("请填写新密码")), Length(max=200)]
    )
    confirm = PasswordField(
        _l("再次输入新密码"),
        validators=[
            DataRequired(_l("请再次输入新密码")),
            EqualTo("new", _l("两次输入的新密码不一致")),
        ],
    )


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


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """A person changes their own password: the current one first (limited like a login),
    then the new one under the password policy. Their other sessions end."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        account = Account.get_by_id(current_user.account.id)
        wait = retry_after("login_account", account.username)
        if wait:
            return error_response(
                429, _("尝试次数过多，请稍后再试"), headers={"Retry-After": str(wait)}
            )
        if not people.verify_password(account, form.current.data):
            form.current.errors.append(_("当前密码不正确"))
            status = 400
        else:
            try:
                people.set_password(account, form.new.data, actor=current_person())
            except people.PasswordRefused as refused:
                form.new.errors.append(str(POLICY_MESSAGES.get(refused.code, refused)))
                status = 400
            else:
                # The session named the old hash: open a fresh one on the new hash.
                session.clear()
                login_user(LoginUser(Account.get_by_id(account.id)))
                session.permanent = True
                flash(_("密码已修改，其他设备上的登录已失效"), "info")
                return redirect(url_for("party.home"))
    elif request.method == "POST":
        status = 400
    return (
        render_template("party/password.html", form=form, min_length=people.MIN_PASSWORD_LENGTH),
        status,
    )
