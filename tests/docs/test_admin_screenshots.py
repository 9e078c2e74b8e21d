"""The admin guide's screenshots (docs/admin/images/, taken by tests/admin/test_browser.py and
refreshed by ``make screenshots``) are committed, referenced from docs/admin.md and small, so
``make docs`` builds without a browser. Rule: issue 9 "admin guide in Chinese with screenshots
taken by the browser tests"."""

from __future__ import annotations

import re
import struct
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGES = DOCS / "admin" / "images"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_every_screenshot_is_in_the_guide_and_every_picture_of_the_guide_exists():
    guide = (DOCS / "admin.md").read_text(encoding="utf-8")
    referenced = set(re.findall(r"!\[[^\]]*\]\(admin/images/([^)]+)\)", guide))
    present = {p.name for p in IMAGES.glob("*.png")}
    assert referenced, "the admin guide shows no screenshot"
    assert referenced == present


def test_the_screenshots_are_small():
    for path in IMAGES.glob("*.png"):
        width, height = png_size(path)
        assert width <= 1000 and height <= 1000, (path.name, width, height)
        assert path.stat().st_size < 300_000, path.name
