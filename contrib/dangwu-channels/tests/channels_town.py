"""What the channels' tests share. They run on the neutral test sector's demo
(tests/fixtures/dangwu-testsector), with three public items of its first branch published in
one past month: a branch's 党务公开日 sheet to print, post and show on a screen."""

from __future__ import annotations

import datetime as dt
import re

from dangwu_core.testing import start_unit
from dangwu_core.toolkit import (
    DemoBuilder,
    Disclosure,
    Organization,
    get_person,
    today,
)

SECTOR = "testsector"
BRANCH = "TS-B01"
PASSWORD = "dangwu-demo"
PORTAL = "https://dangwu.example.org"
#: The branch's items of the month, with their catalog items (monthly, long-term, monthly).
ITEMS = {
    "测试第一支部为民服务事项办理情况": "FW-01",
    "测试第一支部领导班子职责分工": "LD-01",
    "测试第一支部党员群众关注的问题及办理情况": "FW-01",
}
TITLES = list(ITEMS)
FINDINGS = {
    "necessity": "属于应公开事项",
    "accuracy": "与台帐核对一致",
    "legality": "符合有关规定",
    "secrecy": "不涉及秘密",
}
STEPS = [
    ("propose", "sunl", {}),
    ("start_review", "chengr", {}),
    ("pass_review", "chengr", {"findings": FINDINGS}),
    ("approve", "zhaodm", {}),
    ("publish", "lixy", {}),
]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def sheet_month() -> dt.date:
    """The first day of the month two months before today's (a past disclosure day)."""
    index = today().year * 12 + today().month - 1 - 2
    return dt.date(index // 12, index % 12 + 1, 1)


def publish_branch_items(unit, day: dt.date, titles=TITLES) -> list[Disclosure]:
    """Publish public items of the branch on ``day`` through its procedure."""
    builder = DemoBuilder(unit)
    builder.organizations[BRANCH] = Organization.get(Organization.code == BRANCH)
    for username in ("sunl", "chengr", "zhaodm", "lixy"):
        builder.people[username] = get_person(username)
    found = []
    with builder.on(day):
        for title in titles:
            found.append(
                builder.disclose(
                    BRANCH,
                    "sunl",
                    title,
                    f"<p>{title}：本支部按规定公开，欢迎党员群众监督。</p>",
                    "public",
                    ["bulletin_board", "website"],
                    item=ITEMS.get(title, "FW-01"),
                    steps=STEPS,
                )
            )
    return [Disclosure.get_by_id(d.id) for d in found]


def start(url: str):
    return start_unit(url, **{"channels.public_url": PORTAL})


def login(client, username: str):
    page = client.get("/party/login").get_data(as_text=True)
    token = CSRF.search(page)
    data = {"username": username, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/party/login", data=data)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    return client


def csrf(page: str) -> str:
    found = CSRF.search(page) or re.search(r'id="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)
