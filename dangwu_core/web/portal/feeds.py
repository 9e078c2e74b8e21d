"""Atom feeds (RFC 4287): ``/feed.atom`` for the unit, ``/org/<code>/feed.atom`` for one
organization; what the reader may see, newest first, cached like the pages."""

from __future__ import annotations

import datetime as dt

from flask import make_response, render_template, request

from ...access import text_for
from ...models import Disclosure, DisclosureVersion
from ...sections import WITHHELD_NOTICE, readable_titles
from ...text import plain_text
from ..caching import conditional
from ..reading import listing, organization_by_code, reader, shown
from .blueprint import blueprint

ENTRIES = 50
SUMMARY = 200


def _feed(title: str, found, self_url: str):
    items = shown(found.rows(0, ENTRIES))
    current = (DisclosureVersion.disclosure == Disclosure.id) & (
        DisclosureVersion.number == Disclosure.current_version
    )
    bodies = {
        v.disclosure_id: v
        for v in DisclosureVersion.select()
        .join(Disclosure, on=current)
        .where(DisclosureVersion.disclosure.in_([d.id for d in items] or [0]))
    }
    titles = readable_titles(items, reader())
    entries = []
    for d in items:
        version = bodies.get(d.id)
        text = plain_text(text_for(reader(), d, version).body) if version else ""
        if titles[d.id]:  # a 党务公开日 sheet: the parts the reader may read
            text += " " + "；".join(
                f"{p}. {t}" + (f"（{WITHHELD_NOTICE}）" if w else "") for p, t, w in titles[d.id]
            )
        entries.append(
            {
                "item": d,
                "summary": text[:SUMMARY] + ("…" if len(text) > SUMMARY else ""),
                "updated": _iso(d.updated_at or d.published_at or d.created_at),
                "published": _iso(d.published_at or d.created_at),
            }
        )
    updated = max((e["updated"] for e in entries), default=_iso(dt.datetime(2000, 1, 1)))
    body = render_template(
        "feed.atom.xml",
        title=title,
        entries=entries,
        updated=updated,
        self_url=self_url,
        root=request.url_root.rstrip("/"),
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


def _iso(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


@blueprint.get("/feed.atom")
@conditional
def feed():
    from flask import current_app

    unit = current_app.extensions["dangwu"]
    return _feed(unit.settings.unit_name or "党务公开", listing(), request.url)


@blueprint.get("/org/<code>/feed.atom")
@conditional
def organization_feed(code: str):
    org = organization_by_code(code)
    return _feed(org.name, listing().where(Disclosure.organization == org.id), request.url)
