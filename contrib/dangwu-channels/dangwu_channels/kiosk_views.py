"""The e-screen's pages (no login: the screen's own token is in the address):

* ``/channels/screen/<token>/`` — the full-screen kiosk: it rotates through the items in large
  type (``?interval=`` milliseconds per item, 2 s to 10 min), swipe or tap to move on, arrow
  keys too;
* ``/channels/screen/<token>/slides`` — the items as an HTML fragment, which the page polls
  (``?poll=`` on the page: every 60 s by default) with its ETag: while nothing changed it is a
  304 (core's validator, :func:`~dangwu_core.toolkit.conditional`), and when the network
  drops the page goes on showing its last copy (kept in ``localStorage``).

An unknown or revoked token is a 404, asked before anything else. The bodies are rendered by
the portal's own filter (``clean_html``), so what the portal hides or cleans the screen does
too. Everything the page loads is the plugin's (no other origin).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from dangwu_core.toolkit import conditional, current_unit, current_version

from . import kiosk
from .links import public_url

#: Bounds of the page's timings, in milliseconds.
INTERVAL = (2_000, 600_000, 12_000)
POLL = (1_000, 3_600_000, 60_000)


def _bounded(name: str, low: int, high: int, default: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        abort(400, description=f"{name} must be a whole number of milliseconds, {low} to {high}")
    return int(raw)


def _screen(token: str):
    screen = kiosk.verify(token)
    if screen is None:
        abort(404, description="no such screen, or its token was revoked")
    g.channels_screen = screen
    return screen


def _slides() -> dict:
    """What the slides show: the screen's items, their addresses and current bodies."""
    unit = current_unit()
    screen = g.channels_screen
    base = unit.settings["channels.public_url"]
    items = kiosk.shown(unit, screen)
    return {
        "screen": screen,
        "items": items,
        "urls": {i.id: public_url(base, i.id) for i in items},
        "bodies": {i.id: current_version(i).body for i in items},
    }


def register(blueprint: Blueprint) -> None:
    @blueprint.get("/screen/<token>/")
    def screen_page(token: str):
        _screen(token)
        return render_template(
            "kiosk/screen.html",
            token=token,
            **_slides(),
            interval=_bounded("interval", *INTERVAL),
            poll=_bounded("poll", *POLL),
        )

    @blueprint.get("/screen/<token>/slides")
    def screen_slides(token: str):
        _screen(token)
        return _conditional_slides()


@conditional
def _conditional_slides():
    return render_template("kiosk/_slides.html", **_slides())
