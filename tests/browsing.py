"""What the browser tests share: Debian's Chromium driven by Playwright, and an app served on
127.0.0.1 in a thread for it to load.

A browser test module starts with ``sync_api = require_browser("the ... test")``: the module is
skipped, saying why, only where the playwright package or Chromium (``apt-get install
chromium``, as .ci/run does) is missing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")


def require_browser(what: str):
    """Playwright's sync API; skip the calling module when it or Chromium is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (.ci/run does) to "
            f"run {what}",
            allow_module_level=True,
        )
    return sync_api


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)


@contextmanager
def chromium() -> Iterator:
    """A launched Chromium (Playwright's Browser), closed afterwards."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield launched
        finally:
            launched.close()
