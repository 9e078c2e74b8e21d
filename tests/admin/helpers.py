"""Helpers of the admin tests: people, organizations and items of the demo town."""

from __future__ import annotations

import contextlib
import re

from flask_login import login_user

from dangwu_core.models import (
    Account,
    CatalogItem,
    Disclosure,
    Obligation,
    ObligationStatus,
    Organization,
    Person,
)
from dangwu_core.web.auth import LoginUser

TOWN, C01, C03 = "TS", "TS-B01", "TS-B03"
FINDINGS = {
    "findings": {
        "necessity": "有必要公开",
        "accuracy": "内容准确",
        "legality": "符合规定",
        "secrecy": "不涉密",
    }
}


def person(username: str) -> Person:
    return Account.get(Account.username == username).person


def org(code: str) -> Organization:
    return Organization.get(Organization.code == code)


@contextlib.contextmanager
def acting_as(app, username: str | None):
    """A request context in which ``username`` (None: anonymous) is logged in."""
    with app.test_request_context("/admin/"):
        if username is not None:
            login_user(LoginUser(Account.get(Account.username == username)))
        yield


def draft(unit, code: str, proposer: str, title: str, **fields) -> Disclosure:
    """A draft; catalogued (the item of one of the organization's obligations) unless told."""
    channels = fields.pop("channels", ["meeting"])
    if "catalog_item" not in fields and "obligation" not in fields:
        fields["catalog_item"] = (
            CatalogItem.select()
            .join(Obligation, on=(Obligation.catalog_item == CatalogItem.id))
            .where(
                (Obligation.organization == org(code))
                & ~CatalogItem.important
                & ~CatalogItem.needs_upper_approval
            )
            .order_by(CatalogItem.id)
            .first()
        )
    return unit.create_draft(
        org(code),
        person(proposer),
        title,
        fields.pop("body", "正文。"),
        fields.pop("scope", "party"),
        channels,
        **fields,
    )


def town_item(unit, title: str, upto: str, **fields) -> Disclosure:
    """A town item moved through the town procedure up to (and including) ``upto``."""
    steps = [
        ("propose", "zhangw", {}),
        ("start_review", "lixy", {}),
        ("pass_review", "lixy", FINDINGS),
        ("approve", "wangjg", {}),
        ("publish", "lixy", {}),
    ]
    item = draft(unit, TOWN, "zhangw", title, **fields)
    for name, who, options in steps:
        if upto == "draft":
            break
        unit.fire(item, name, person(who), **options)
        if name == upto:
            break
    return item


def branch_item(unit, title: str, upto: str, code: str = C01, **fields) -> Disclosure:
    """A branch item moved through the branch's procedure up to ``upto``."""
    people = {C01: ("sunl", "chengr", "zhaodm"), C03: ("wum", "xuwh", "zhouh")}[code]
    liaison, reviewer, approver = people
    steps = [
        ("propose", liaison, {}),
        ("start_review", reviewer, {}),
        ("pass_review", reviewer, FINDINGS),
        ("approve", approver, {}),
        ("publish", "lixy", {}),
    ]
    item = draft(unit, code, liaison, title, **fields)
    for name, who, options in steps:
        if upto == "draft":
            break
        unit.fire(item, name, person(who), **options)
        if name == upto:
            break
    return item


def upcoming_obligation(code: str = TOWN) -> Obligation:
    """A pending obligation of the organization, not yet due, whose item the organization
    approves itself without a collective decision."""
    from dangwu_core.clock import today

    return (
        Obligation.select()
        .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
        .where(
            (Obligation.organization == org(code))
            & (Obligation.status == ObligationStatus.PENDING.value)
            & (Obligation.due_date >= today())
            & ~CatalogItem.important
            & ~CatalogItem.needs_upper_approval
        )
        .order_by(Obligation.due_date)
        .first()
    )


def transitions_on_page(page: str) -> list[str]:
    return re.findall(r'class="card mb-2 dw-transition" data-transition="([a-z_]+)"', page)


def session_token(app, client) -> str:
    """A valid admin CSRF token of ``client``'s session, for someone no page offers the form
    (the wrong role): the refusal then comes from the permission, not from the token."""
    import flask
    from flask_admin.form import SecureForm

    with client.session_transaction() as session:
        key = session.setdefault("csrf", "0" * 40)
    with app.test_request_context("/admin/"):
        flask.session["csrf"] = key
        return SecureForm().csrf_token.current_token


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)
