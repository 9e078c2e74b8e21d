"""台帐 with 含下级组织 (``subtree=1``) widen no role (issue 13, item 5).

An approver of one organization whose role does not reach down exports that organization's
registers, never its child's — the feedback registers carry reporters' names (003 §9(四):
named reporters are told the result; who they are is the handling office's, not every
officer's). The subtree holds exactly the organizations where the person may export
(``ledger.export``, asked of the permission registry), in HTML, CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangwu_core import feedback, ledgers, people
from dangwu_core.app import create_app
from dangwu_core.clock import FixedClock, get_clock, use_clock
from dangwu_core.errors import PermissionDenied
from dangwu_core.models import Organization

from .conftest import PASSWORD, login

MARCH = "start=2027-03-01&end=2027-03-31"
OWN, CHILD = "本级反映人甲", "下级反映人乙"


@pytest.fixture
def tree(demo):
    """Named opinions to the unit's committee and to a branch below it, and three officers
    of the committee: one whose approver role stays there, one whose role reaches down, one
    who holds it on the committee and on that branch."""
    top = Organization.get(Organization.code == "TS")
    child = Organization.get(Organization.code == "TS-B01")
    receipts = {}
    with use_clock(FixedClock(dt.datetime(2027, 3, 10, 10, tzinfo=get_clock().tz))):
        for org, name in ((top, OWN), (child, CHILD)):
            receipts[name] = feedback.submit(
                demo, org, f"{name}的意见", reporter_kind="member", reporter_name=name,
                reporter_contact="13800000000",
            ).receipt_number  # fmt: skip
    officers = {}
    for username, reaches_down, also in (
        ("own_only", False, None),
        ("reaching", True, None),
        ("both", False, child),
    ):
        someone = people.create_person(f"审批人{username}")
        people.assign_role(someone, top, "approver", reaches_down=reaches_down)
        if also is not None:
            people.assign_role(someone, also, "approver")
        people.create_account(someone, username, PASSWORD)
        officers[username] = someone
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    return type(
        "Tree",
        (),
        {"app": app, "top": top, "child": child, "officers": officers, "receipts": receipts},
    )()


def _names(client, org: Organization, key: str, fmt: str) -> str:
    url = f"/admin/ledgers/?org={org.id}&ledger={key}&subtree=1&{MARCH}"
    response = client.get(url + (f"&format={fmt}" if fmt else ""))
    assert response.status_code == 200, (url, fmt)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.data)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    if fmt == "csv":
        text = response.get_data(as_text=True).lstrip("\ufeff")
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    return response.get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
@pytest.mark.parametrize("key", ["feedback-register", "feedback-handling"])
def test_a_role_that_does_not_reach_down_exports_no_childs_register(tree, key, fmt):
    own_only = login(tree.app.test_client(), "own_only")
    text = _names(own_only, tree.top, key, fmt)
    assert tree.receipts[OWN] in text
    assert tree.receipts[CHILD] not in text and CHILD not in text
    # The child's registers are not theirs to export at all.
    assert own_only.get(f"/admin/ledgers/?org={tree.child.id}&ledger={key}").status_code == 403


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
@pytest.mark.parametrize("who", ["reaching", "both"])
def test_the_subtree_holds_where_the_role_grants_the_ledger(tree, who, fmt):
    client = login(tree.app.test_client(), who)
    text = _names(client, tree.top, "feedback-register", fmt)
    assert OWN in text and CHILD in text
    assert tree.receipts[OWN] in text and tree.receipts[CHILD] in text


def test_build_asks_the_permission_rule(demo, tree):
    start, end = dt.date(2027, 3, 1), dt.date(2027, 3, 31)
    own_only = tree.officers["own_only"]
    ledger = ledgers.build(
        demo, "feedback-register", tree.top, start, end, person=own_only, subtree=True
    )
    assert [row[4] for row in ledger.rows] == [OWN]
    with pytest.raises(PermissionDenied):
        ledgers.build(demo, "feedback-register", tree.child, start, end, person=own_only)
