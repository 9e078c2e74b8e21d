"""``dangwu obligation trigger`` and ``dangwu plan decide``: the procedures worth scripting,
through the same services as the admin's buttons, as the login named by ``--as``.

Rules: 003 §8(四) (an immediate item's obligation opens when its event happens), 003 §6(二)
(the catalog's issuer decides an out-of-catalog item's work plan); a refusal is one
``Error:`` line, exit 1, the database unchanged.
"""

from __future__ import annotations

from dangwu_core import disclosures
from dangwu_core.models import Account, CatalogItem, Event, Filing, Obligation, Organization

from .conftest import Cli, assert_ok, assert_refused


def _cli(tmp_path) -> Cli:
    return Cli(f"sqlite:///{tmp_path / 'demo.db'}")  # the demo fixture's copy


def _person(username):
    return Account.get(Account.username == username).person


def test_trigger_opens_the_obligation_of_an_immediate_item_003_8_4(demo, clean_env, tmp_path):
    """003 §8(四): the office records the event; the obligation opens with its due date."""
    run = _cli(tmp_path)
    args = ["obligation", "trigger", "--org", "TS-B03", "--item", "ZZ-03", "--date"]
    refused = run(*args, "2026-10-09", "--label", "李某", "--as", "chenj")
    assert_refused(refused, "may not record events")
    assert not Obligation.select().where(Obligation.period_label == "李某").exists()
    result = run(*args, "2026-10-09", "--label", "李某", "--as", "lixy")
    assert_ok(result)
    opened = Obligation.get(
        (Obligation.period_label == "李某")
        & (Obligation.organization == Organization.get(Organization.code == "TS-B03"))
    )
    assert opened.due_date.isoformat() in result.output
    assert opened.catalog_item.code == "ZZ-03"
    event = Event.get(
        (Event.action == "obligation.open_immediate") & (Event.subject_id == opened.id)
    )
    assert event.actor_id == _person("lixy").id
    monthly = CatalogItem.select().where(CatalogItem.time_limit == "periodic").first()
    assert_refused(
        run(*args[:-3], "--item", monthly.code, "--date", "2026-10-09", "--as", "lixy"),
        "no active immediate item",
    )


def test_plan_decide_is_the_issuers_decision_003_6_2(demo, clean_env, tmp_path):
    """003 §6(二): the organization that issued the catalog approves the work plan."""
    org = Organization.get(Organization.code == "TS-B01")
    item = demo.create_draft(org, _person("sunl"), "目录外事项", "正文。", "party", ["meeting"])
    plan = disclosures.submit_plan(demo, item, _person("sunl"), "工作方案")
    run = _cli(tmp_path)
    refused = run("plan", "decide", str(plan.id), "--approve", "--opinion", "同意", "--as", "lixy")
    assert_refused(refused, "may not decide")
    assert Filing.get_by_id(plan.id).status == "filed"
    result = run("plan", "decide", str(plan.id), "--approve", "--opinion", "同意", "--as", "wangjg")
    assert_ok(result)
    decided = Filing.get_by_id(plan.id)
    assert decided.status == "reviewed" and decided.payload["approved"] is True
