"""Publishing delivers through the outbox: e-mail to the loopback SMTP server, SMS to the
stand-in provider, linked publications to a receiving platform, each once, signed; a provider
failing three times makes a dead letter, and the admin's retry delivers it (issue 17, done-when
line 1).

003 §7: a person-only item goes by e-mail (电子邮件), public and intra-party items by 手机 among
others; 004 六(三): other platforms re-publish what was lawfully disclosed (联动公开).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from click.testing import CliRunner
from town import SECRET, publish

from dangwu_core.testing import cli_group, create_app
from dangwu_core.toolkit import (
    Delivery,
    DeliveryAttempt,
    Event,
    FixedClock,
    Subscriber,
    create_account,
    use_clock,
)


def subscribe(ns, **fields):
    return Subscriber.create(
        name=fields.pop("name", "区政务公开平台"),
        platform="government",
        url=ns.far["hook_url"],
        secret=SECRET,
        organizations=fields.pop("organizations", []),
        scopes=fields.pop("scopes", []),
        **fields,
    )


def work(ns):
    """One ``dangwu worker --once`` (what is due now, then exit)."""
    result = CliRunner().invoke(cli_group(), ["--database", ns.url, "worker", "--once"])
    assert result.exit_code == 0, result.output
    return result


def test_publishing_delivers_email_sms_and_webhook_once_each_003_7_004_6_3(delivering):
    """003 §7 (e-mail to one person, 手机 for the rest), 004 六(三) (联动公开)."""
    ns = delivering()
    subscribe(ns)
    public = publish(ns, "2026年第一季度党费收缴情况", channels=["website", "sms"])
    personal = publish(
        ns,
        "关于张明、李华同志转正的通知",
        scope="specific",
        channels=["email", "sms"],
        addressees=[ns.zhang, ns.li],
    )
    # Written with the step, nothing sent in the request.
    publish_events = {e.id for e in Event.select().where(Event.action == "disclosure.publish")}
    rows = list(Delivery.select().order_by(Delivery.id))
    assert {r.event_id for r in rows} <= publish_events
    assert all(r.state == "pending" for r in rows)
    assert ns.far["mailbox"].messages == [] and ns.far["provider"].requests == []
    assert ns.far["platform"].requests == []
    by_channel = sorted((r.channel, r.recipient, r.subject_id) for r in rows)
    assert by_channel == sorted(
        [
            ("email", "zhang@example.org", personal.id),
            ("email", "li@example.org", personal.id),
            ("sms", "13800000001", public.id),
            ("sms", "13800000003", public.id),
            ("sms", "13800000001", personal.id),  # 李华 has no number
            ("linked", ns.far["hook_url"], public.id),  # a person-only item never goes
        ]
    )

    work(ns)

    assert {r.state for r in Delivery.select()} == {"sent"}
    mails = ns.far["mailbox"].messages
    assert sorted(to for tos, _ in mails for to in tos) == ["li@example.org", "zhang@example.org"]
    for _tos, message in mails:
        assert "关于张明、李华同志转正的通知" in message["Subject"]
        body = message.get_content()
        assert f"https://dw.example.org/disclosures/{personal.id}" in body
        assert "同志" in body
    texts = ns.far["provider"].requests
    assert sorted(r["body"]["to"] for r in texts) == ["13800000001", "13800000001", "13800000003"]
    assert all(r["signed"] for r in texts)
    assert all(
        len(r["body"]["text"]) <= 140 and r["body"]["template_id"] == "SMS_0001" for r in texts
    )
    assert all(r["body"]["text"].startswith("【测试党委】") for r in texts)
    hooks = ns.far["platform"].requests
    assert len(hooks) == 1 and hooks[0]["signed"]
    sent = hooks[0]["body"]
    assert sent["action"] == "publish" and sent["disclosure"]["id"] == public.id
    assert sent["disclosure"]["url"] == f"https://dw.example.org/disclosures/{public.id}"
    assert sent["delivery"] == hooks[0]["key"]

    work(ns)  # nothing more to do: each delivered once
    assert len(ns.far["mailbox"].messages) == 2
    assert len(ns.far["provider"].requests) == 3 and len(ns.far["platform"].requests) == 1


def test_english_variant_of_the_email(delivering):
    ns = delivering(language="en")
    publish(ns, "转正通知", scope="specific", channels=["email"], addressees=[ns.li])
    work(ns)
    ((_, message),) = ns.far["mailbox"].messages
    assert message["Subject"].startswith("[Party-affairs disclosure]")
    assert "Read it in full: https://dw.example.org/disclosures/" in message.get_content()


def test_withdrawing_sends_a_withdrawal_to_the_platform_004_6_3(delivering):
    """004 六(三): a platform re-publishing an item learns when it is withdrawn (撤销)."""
    ns = delivering()
    subscribe(ns)
    item = publish(ns)
    ns.unit.fire(item, "withdraw", ns.approver, comment="内容有误，撤销公开")
    work(ns)
    actions = [r["body"]["action"] for r in ns.far["platform"].requests]
    assert actions == ["publish", "withdraw"]
    withdrawal = ns.far["platform"].requests[1]["body"]
    assert withdrawal["reason"] == "内容有误，撤销公开" and "body" not in withdrawal["disclosure"]
    assert all(r["signed"] for r in ns.far["platform"].requests)


def test_party_items_go_only_to_internal_platforms_and_listed_organizations(delivering):
    ns = delivering()
    outside = subscribe(ns, name="外部平台")
    inside = subscribe(ns, name="党内平台", internal=True)
    elsewhere = subscribe(ns, name="别处的平台", internal=True, organizations=[ns.branch.id])
    publish(ns, "党内通报", scope="party", channels=["meeting"])
    targets = {d.subscriber_id for d in Delivery.select()}
    assert targets == {inside.id}
    assert outside.id not in targets and elsewhere.id not in targets


def test_a_provider_failing_three_times_is_a_dead_letter_and_the_admins_retry_delivers_it(
    delivering,
):
    """Issue 17: after outbox.max_attempts failures the delivery is a dead letter, shown with
    its last error; the admin's 重新投递 (an audit event) puts it back and it is delivered."""
    ns = delivering(**{"outbox.max_attempts": 3})
    ns.far["provider"].fail_to = {"13800000001": 3}
    item = publish(ns, channels=["website", "sms"])
    zhang = Delivery.get(Delivery.recipient == "13800000001")
    clock = FixedClock(zhang.next_attempt_at.replace(tzinfo=dt.UTC))  # stored naive UTC
    with use_clock(clock):
        for _ in range(3):
            work(ns)
            clock.advance(hours=7)  # past any backoff
    dead = Delivery.get_by_id(zhang.id)
    assert dead.state == "dead" and dead.attempts == 3
    assert "503" in dead.last_error
    attempts = list(DeliveryAttempt.select().where(DeliveryAttempt.delivery == dead.id))
    assert [a.ok for a in attempts] == [False, False, False]
    # the other number went through at once
    assert Delivery.get(Delivery.recipient == "13800000003").state == "sent"

    app = create_app(unit=ns.unit)
    app.config["TESTING"] = True
    client = app.test_client()
    login(client, ns.publisher)
    page = client.get("/admin/delivery/?flt0_0=dead").get_data(as_text=True)
    assert "投递失败" in page and "503" in page
    details = client.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    assert f"/admin/delivery/?subject={item.id}" in details  # its delivery history, linked
    history = client.get(f"/admin/delivery/?subject={item.id}").get_data(as_text=True)
    assert "13800000003" in history and "13800000001" in history
    answer = client.post(
        "/admin/delivery/action/",
        data={"action": "retry", "rowid": [str(dead.id)], "csrf_token": CSRF.search(page).group(1)},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert Delivery.get_by_id(dead.id).state == "pending"
    event = Event.get(Event.action == "delivery.retry")
    assert event.subject_id == dead.id and event.actor_id == ns.publisher.id
    work(ns)
    assert Delivery.get_by_id(dead.id).state == "sent"
    assert [r["body"]["to"] for r in ns.far["provider"].requests].count("13800000001") == 4


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PASSWORD = "a-long-test-password-1"


def login(client, person):
    create_account(person, "pub", PASSWORD)
    page = client.get("/party/login").get_data(as_text=True)
    token = CSRF.search(page)
    data = {"username": "pub", "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/party/login", data=data).status_code in (302, 303)


def test_the_sms_is_cut_to_its_limit_keeping_the_link():
    from dangwu_channels.sms import shorten

    link = "https://dw.example.org/disclosures/12"
    text = "【测试党委】测试党委公开" + "很长的标题" * 40 + "，详见" + link
    short = shorten(text, link, 70)
    assert len(short) == 70 and short.endswith("…" + link)
    assert re.match("【测试党委】", short)


SCHEMA = Path(__file__).parents[3] / "docs" / "channels" / "linked-publication.schema.json"


def conforms(value, schema) -> list[str]:
    """The ways ``value`` breaks ``schema`` (the keywords the documented schema uses)."""
    problems = []
    if "const" in schema and value != schema["const"]:
        problems.append(f"{value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{value!r} not in {schema['enum']}")
    types = schema.get("type")
    names = {"object": dict, "string": str, "integer": int, "null": type(None)}
    if types:
        wanted = tuple(names[t] for t in ([types] if isinstance(types, str) else types))
        if not isinstance(value, wanted):
            problems.append(f"{value!r} is not {types}")
    if isinstance(value, dict):
        problems += [f"missing {key}" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += [f"{key}: {p}" for p in conforms(value[key], sub)]
    return problems


def test_the_linked_publication_follows_its_documented_schema(delivering):
    """docs/channels/linked-publication.schema.json describes what a platform receives."""
    ns = delivering()
    subscribe(ns)
    item = publish(ns)
    ns.unit.fire(item, "withdraw", ns.approver, comment="撤销")
    work(ns)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bodies = [r["body"] for r in ns.far["platform"].requests]
    assert [b["action"] for b in bodies] == ["publish", "withdraw"]
    assert [conforms(b, schema) for b in bodies] == [[], []]
    assert conforms({"schema": "x"}, schema)  # the check can fail


def test_an_email_excerpt_is_plain_text():
    from dangwu_channels.messages import excerpt

    assert excerpt("<p>应缴党费12人，</p><p>实缴&nbsp;12人。</p>") == "应缴党费12人， 实缴 12人。"
    assert len(excerpt("很长" * 300)) == 200
