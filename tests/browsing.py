"""What the browser tests share: Debian's Chromium driven by Playwright, and an app served on
127.0.0.1 in a thread for it to load. The helpers live in :mod:`dangwu_core.testing` (so a
plugin's browser tests share them too); core's tests import them from here.

A browser test module starts with ``sync_api = require_browser("the ... test")``: the module is
skipped, saying why, only where the playwright package or Chromium (``apt-get install
chromium``, as .ci/run does) is missing.
"""

from __future__ import annotations

from dangwu_core.testing import CHROMIUM, chromium, require_browser, serving

__all__ = ["CHROMIUM", "chromium", "require_browser", "serving"]
