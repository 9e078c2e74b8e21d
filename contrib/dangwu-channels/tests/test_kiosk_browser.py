"""The e-screen kiosk in a real browser (Playwright driving Debian's Chromium): it rotates
through the items by itself, a swipe or a tap moves it, and when the network drops it goes on
showing its last copy and says so.

Rules: 002 (电子显示屏 rolling display, 电子触摸屏); issue 17 "rotates through current public
items in large type, touch navigation… works offline from its last copy". Waits are for the
page's state to change (selectors: the page's policy allows no evaluated script), never for a
time. Skipped, saying why, only where Chromium or the playwright package is missing.
"""

from __future__ import annotations

from channels_town import TITLES
from dangwu_channels import kiosk

from dangwu_core.testing import chromium, require_browser, serving
from dangwu_core.toolkit import get_person

sync_api = require_browser("the e-screen browser test")


def active(page) -> int:
    return int(page.locator("#dw-kiosk").get_attribute("data-active"))


def test_the_kiosk_rotates_moves_on_a_swipe_and_survives_the_network_dropping_002(
    town, town_app, branch
):
    _, secret = kiosk.issue(town, branch, "支部活动室触摸屏", get_person("lixy"))
    with serving(town_app) as server, chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.goto(f"{server}/channels/screen/{secret}/?interval=2000&poll=1000")
        slides = page.locator(".dw-slide")
        assert slides.count() >= len(TITLES)
        page.wait_for_selector('#dw-kiosk[data-active="0"]')
        assert page.locator(".dw-slide.is-active").count() == 1
        first = page.locator(".dw-slide.is-active").get_attribute("data-disclosure")

        # By itself: the next item comes up.
        page.wait_for_selector('#dw-kiosk[data-active="1"]')
        assert page.locator(".dw-slide.is-active").get_attribute("data-disclosure") != first

        # A swipe to the right goes back, a tap on the right third goes on.
        box = page.locator("#dw-kiosk").bounding_box()
        y = box["y"] + box["height"] / 2
        before = active(page)
        page.mouse.move(box["x"] + 200, y)
        page.mouse.down()
        page.mouse.move(box["x"] + 700, y, steps=5)
        page.mouse.up()
        assert active(page) == (before - 1) % slides.count()
        before = active(page)
        page.mouse.click(box["x"] + box["width"] - 50, y)
        assert active(page) == (before + 1) % slides.count()

        # The network drops: the screen says so and keeps its slides, still rotating.
        context.set_offline(True)
        page.wait_for_selector("#dw-kiosk-status", state="visible")
        assert page.locator(".dw-slide").count() == slides.count()
        shown = active(page)
        page.wait_for_selector(f'#dw-kiosk:not([data-active="{shown}"])')
        kept = page.evaluate(
            "localStorage.getItem('dangwu-kiosk:' + "
            "document.getElementById('dw-kiosk').dataset.slidesUrl)"
        )
        assert kept and TITLES[0] in kept

        # Back online: the status goes away at the next poll.
        context.set_offline(False)
        page.wait_for_selector("#dw-kiosk-status", state="hidden")
        context.close()
