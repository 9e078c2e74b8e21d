"""The admin in a real browser (Playwright driving Debian's Chromium at /usr/bin/chromium): the
town's secretary approves an item, the disclosure office publishes it, and the supervision
dashboard's "on time" figure moves by one. Screenshots go to
test-artifacts/screenshots/<test>/.

The admin guide's pictures (docs/admin.md, issue 9 "admin guide in Chinese with screenshots
taken by the browser tests") come from :func:`test_the_admin_guides_screenshots`: 1000 px wide,
into test-artifacts/ always, and into docs/admin/images/ (committed, so the docs build without
a browser) when ``DANGWU_DOCS_SCREENSHOTS=1`` — ``make screenshots`` — so an ordinary test run
leaves the working tree as it was.

Rule: issue 7 "A browser test ... logs an office worker in, approves and publishes a
disclosure from the admin and sees the dashboard figure move; screenshots saved". Skipped,
saying why, only where Chromium (``apt-get install chromium``, as .ci/run does) or the
playwright package is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browsing import require_browser

from dangwu_core import attachments, disclosure_requests
from dangwu_core.models import Disclosure

from .conftest import PASSWORD
from .helpers import C01, draft, org, person, town_item, upcoming_obligation

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
#: Where the admin guide (docs/admin.md) finds its pictures.
DOCS_IMAGES = ROOT / "docs" / "admin" / "images"
#: The admin guide's pictures, by file name (each is referenced from docs/admin.md).
GUIDE_SHOTS = ("home", "disclosure", "request", "dashboard", "ledger")

sync_api = require_browser("the admin's browser test")


@pytest.fixture
def shots(request):
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = iter(range(1, 100))

    def shot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{next(count):02d}-{name}.png"), full_page=True)

    return shot


def _login(browser, server, username, viewport=None):
    page = browser.new_page(locale="zh-CN", viewport=viewport or {"width": 1366, "height": 900})
    page.goto(server + "/party/login?next=/admin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations
    return page


def _on_time(page, server) -> int:
    page.goto(server + "/admin/supervision/")
    return int(page.locator('[data-figure="on_time"] .dw-figure-value').inner_text())


def test_an_office_worker_approves_and_publishes_and_the_dashboard_moves(
    demo, server, browser, shots
):
    item = town_item(
        demo, "仙女镇2026年下半年党员发展计划", "pass_review", obligation=upcoming_obligation()
    )
    # The office (李秀英) looks at the dashboard first.
    office = _login(browser, server, "lixy")
    before = _on_time(office, server)
    shots(office, "dashboard-before")

    # The secretary (王建国) finds the item waiting on his home page and approves it.
    secretary = _login(browser, server, "wangjg")
    shots(secretary, "secretary-home")
    secretary.get_by_role("link", name=item.title).click()
    secretary.wait_for_url("**/admin/disclosure/details/*")
    form = secretary.locator('form[data-transition="approve"]')
    form.locator('input[name="comment"]').fill("同意公开")
    shots(secretary, "before-approval")
    definition = demo.registry.workflows.get(item.workflow)
    button = form.locator("button[type=submit]")
    assert button.inner_text() == definition.transitions["approve"].label
    button.click()
    secretary.wait_for_load_state()
    assert secretary.locator("#dw-state").inner_text() == definition.state_label("approved")
    shots(secretary, "approved")
    assert Disclosure.get_by_id(item.id).state == "approved"

    # The office publishes it, from the list's bulk action this time.
    office.goto(server + "/admin/disclosure/")
    office.locator(f'input.action-checkbox[value="{item.id}"]').check()
    office.locator("a.dropdown-toggle", has_text="选中的").click()
    shots(office, "bulk-menu")
    office.get_by_role("link", name="批量公开").click()
    office.wait_for_load_state()
    shots(office, "published")
    assert Disclosure.get_by_id(item.id).state == "published"

    after = _on_time(office, server)
    shots(office, "dashboard-after")
    assert after == before + 1


def test_the_admin_guides_screenshots(demo, server, browser):
    """The pages docs/admin.md shows, as its readers will see them (Chinese, 1000 px wide)."""
    folder = ARTIFACTS / "admin-guide"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    to_docs = os.environ.get("DANGWU_DOCS_SCREENSHOTS") == "1"
    viewport = {"width": 1000, "height": 720}

    def shot(page, name: str) -> None:
        assert name in GUIDE_SHOTS
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(folder / f"{name}.png"))
        if to_docs:
            DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / f"{name}.png", DOCS_IMAGES / f"{name}.png")

    # An item under review at the town, with a file and a phone number the review flags.
    item = draft(
        demo,
        "TS",
        "zhangw",
        "仙女镇2026年下半年发展党员计划",
        body="经镇党委研究，2026年下半年拟发展党员12名，其中农村一线8名。\n"
        "联系人：组织办张伟，电话13812345678。",
        obligation=upcoming_obligation(),
    )
    attachments.add(demo, item, "发展党员计划.pdf", b"%PDF-1.4\n% plan\n", person("zhangw"))
    demo.fire(item, "propose", person("zhangw"))
    demo.fire(item, "start_review", person("lixy"))

    office = _login(browser, server, "lixy", viewport)
    shot(office, "home")
    office.goto(server + f"/admin/disclosure/details/?id={item.id}")
    assert office.locator('form[data-transition="pass_review"]').count() == 1
    assert office.locator("#dw-files").get_by_text("发展党员计划.pdf").count() == 1
    shot(office, "disclosure")
    office.goto(server + "/admin/supervision/")
    assert office.locator('[data-figure="on_time"]').count() == 1
    shot(office, "dashboard")
    office.goto(server + f"/admin/ledgers/?org={org('TS').id}&ledger=disclosure-register&subtree=1")
    assert office.locator("table.dw-ledger").count() == 1
    shot(office, "ledger")

    # A member's request, accepted by the branch; its secretary decides it.
    request = disclosure_requests.submit(
        demo,
        org(C01),
        subject="村集体资产处置情况",
        content="请公开本村2025年集体资产处置的明细。",
        applicant=person("qianyf"),
    )
    disclosure_requests.acknowledge(request, person("sunl"))
    secretary = _login(browser, server, "zhaodm", viewport)
    secretary.goto(server + f"/admin/request/details/?id={request.id}")
    assert secretary.locator('form[data-step="grant"]').count() == 1
    shot(secretary, "request")
