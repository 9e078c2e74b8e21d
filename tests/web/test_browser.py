"""The portal in a real browser (Playwright driving Debian's Chromium at /usr/bin/chromium):
a visitor searches a two-character Chinese word and reads a public item; a member logs in,
reads an intra-party item, applies for disclosure and gives feedback; the pages work on a
phone's screen and from the keyboard. Screenshots go to test-artifacts/screenshots/<test>/.

Skipped, saying why, only where Chromium (``apt-get install chromium``, as .ci/run does) or
the playwright package is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browsing import chromium, require_browser, serving

from dangwu_core.app import create_app

from .conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

sync_api = require_browser("the browser suite")


@pytest.fixture
def server(demo):
    with serving(create_app(unit=demo)) as url:
        yield url


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def shots(request):
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = iter(range(1, 100))

    def shot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{next(count):02d}-{name}.png"), full_page=True)

    shot.folder = folder
    return shot


def test_a_visitor_searches_a_two_character_word_and_reads_a_public_item(server, browser, shots):
    page = browser.new_page(locale="zh-CN")
    page.goto(server + "/")
    shots(page, "home")
    page.get_by_label("搜索公开内容").fill("换届")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("mark", has_text="换届").count() >= 1
    shots(page, "search-results")
    page.locator(".result-title a").first.click()
    page.wait_for_url("**/disclosures/*")
    assert "换届" in page.locator("h1").inner_text()
    assert page.get_by_text("向社会公开").count() >= 1
    shots(page, "public-item")
    assert list(shots.folder.glob("*.png"))


def test_a_member_logs_in_reads_applies_and_gives_feedback(server, browser, shots):
    page = browser.new_page(locale="zh-CN")
    page.goto(server + "/party/login")
    page.get_by_label("用户名").fill("qianyf")
    page.get_by_label("密码").fill(PASSWORD)
    shots(page, "login")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/party/")
    shots(page, "member-page")
    inner = page.locator('section[aria-labelledby="inner-heading"] a').first
    title = inner.inner_text()
    inner.click()
    page.wait_for_url("**/disclosures/*")
    assert page.locator("h1").inner_text() == title
    assert page.get_by_text("党内公开").count() >= 1
    shots(page, "intra-party-item")
    page.goto(server + "/org/TS-B01/apply")
    page.get_by_label("申请公开的事项").fill("支部活动经费使用情况")
    page.get_by_label("具体内容和理由").fill("请公开今年支部活动经费的收支明细。")
    shots(page, "apply")
    page.get_by_role("button", name="提交申请").click()
    receipt = page.locator("#receipt-number").inner_text()
    assert receipt.startswith("SQ-")
    shots(page, "apply-receipt")
    page.goto(server + "/org/TS-B01/feedback")
    page.get_by_label("意见建议").fill("建议在公开栏增加党费使用的明细。")
    page.get_by_role("button", name="提交").click()
    feedback = page.locator("#receipt-number").inner_text()
    assert feedback.startswith("FK-")
    shots(page, "feedback-receipt")
    page.goto(server + "/party/")
    assert receipt in page.content() and feedback in page.content()
    shots(page, "member-page-after")


def test_pages_fit_a_phone_and_work_from_the_keyboard(server, browser, shots):
    page = browser.new_page(viewport={"width": 375, "height": 740}, locale="zh-CN")
    for url, name in [
        ("/", "phone-home"),
        ("/org/TS-B01", "phone-organization"),
        ("/org/TS-B01/due", "phone-due"),
    ]:
        page.goto(server + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (url, overflow)
        shots(page, name)
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
