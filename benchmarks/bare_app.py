"""The bare baseline of ``make bench``: a minimal Flask app answering the same reads straight from
sqlite3, on the same WSGI server (waitress) with the same number of threads as ``dangwu serve``.

What it answers is what an anonymous reader of dangwu gets (the published, public disclosures,
newest first, 20 a page): the API list's envelope and items, the API detail with its text and
versions, and three HTML pages (home, an organization's page, a disclosure). Its queries are
the fair ones a careful hand would write: the page's ids first from the
``(state, scope, published_at)`` index, then the rows of those ids with their organization,
catalog item and category; the total counted from the same index. One connection per thread,
opened once. It has no access rules, no audit trail, no templates, no caching: what dangwu
costs beyond it is the price of those.

    python benchmarks/bare_app.py DATABASE --port PORT --threads T
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
import threading

from flask import Flask, abort, jsonify, request
from markupsafe import escape

PER_PAGE = 20
READABLE = "d.state = 'published' AND d.scope = 'public'"
ROWS = (
    "SELECT d.id, o.code, o.name, d.title, d.scope, d.state, ci.code, c.code, d.period_label,"
    " d.published_at, d.display_from, d.display_until, d.current_version, d.lock_version"
    " FROM disclosure d JOIN organization o ON o.id = d.organization_id"
    " LEFT JOIN catalog_item ci ON ci.id = d.catalog_item_id"
    " LEFT JOIN category c ON c.id = ci.category_id"
)
FIELDS = [
    "id",
    "organization",
    "organization_name",
    "title",
    "scope",
    "state",
    "catalog_item",
    "category",
    "period",
    "published_at",
    "display_from",
    "display_until",
    "current_version",
    "lock_version",
]


def _utc(stamp: str | None) -> str | None:
    return stamp.replace(" ", "T") + "+00:00" if stamp else None


def create_bare_app(path: str) -> Flask:
    app = Flask("bare")
    app.json.ensure_ascii = False
    local = threading.local()

    def db() -> sqlite3.Connection:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = sqlite3.connect(path, check_same_thread=False)
        return connection

    def page(where: str = "", params: tuple = ()) -> tuple[list[dict], int, int]:
        number = max(1, request.args.get("page", 1, type=int))
        condition = READABLE + where
        ids = [
            r[0]
            for r in db().execute(
                f"SELECT d.id FROM disclosure d WHERE {condition}"  # nosec B608  # constant
                " ORDER BY d.published_at DESC, d.id DESC LIMIT ? OFFSET ?",
                (*params, PER_PAGE, (number - 1) * PER_PAGE),
            )
        ]
        total = (
            db()
            .execute(
                f"SELECT COUNT(*) FROM disclosure d WHERE {condition}",  # nosec B608  # constant
                params,
            )
            .fetchone()[0]
        )
        marks = ",".join("?" * len(ids))
        rows = db().execute(f"{ROWS} WHERE d.id IN ({marks})", ids).fetchall()  # nosec B608
        order = {i: n for n, i in enumerate(ids)}
        items = sorted((_item(r) for r in rows), key=lambda item: order[item["id"]])
        return items, total, number

    def one(disclosure_id: int) -> dict:
        row = db().execute(f"{ROWS} WHERE d.id = ? AND {READABLE}", (disclosure_id,)).fetchone()
        if row is None:
            abort(404)
        item = _item(row)
        versions = [
            {"number": n, "title": t, "body": b, "reason": r, "published_at": _utc(p)}
            for n, t, b, r, p in db().execute(
                "SELECT number, title, body, reason, published_at FROM disclosure_version"
                " WHERE disclosure_id = ? AND number <= ? ORDER BY number DESC",
                (disclosure_id, item["current_version"]),
            )
        ]
        item.update(
            body=versions[0]["body"] if versions else "",
            versions=versions,
            attachments=[],
            sections=[],
        )
        return item

    @app.get("/api/v1/disclosures")
    def api_list():
        items, total, number = page()
        return jsonify(
            items=items,
            page=number,
            per_page=PER_PAGE,
            total=total,
            pages=math.ceil(total / PER_PAGE) if total else 0,
        )

    @app.get("/api/v1/disclosures/<int:disclosure_id>")
    def api_detail(disclosure_id):
        return jsonify(one(disclosure_id))

    @app.get("/")
    def home():
        items, total, _ = page()
        return _html("党务公开", f"<p>共 {total} 项</p>" + _list(items))

    @app.get("/org/<code>")
    def organization(code):
        row = db().execute("SELECT id, name FROM organization WHERE code = ?", (code,)).fetchone()
        if row is None:
            abort(404)
        items, total, _ = page(" AND d.organization_id = ?", (row[0],))
        return _html(row[1], f"<p>共 {total} 项</p>" + _list(items))

    @app.get("/disclosures/<int:disclosure_id>")
    def detail(disclosure_id):
        item = one(disclosure_id)
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in item["body"].split("\n\n"))
        meta = f"<p>{escape(item['organization_name'])} {item['published_at']}</p>"
        return _html(item["title"], meta + paragraphs)

    return app


def _item(row) -> dict:
    item = dict(zip(FIELDS, row, strict=True))
    item["published_at"] = _utc(item["published_at"])
    return item


def _list(items: list[dict]) -> str:
    return (
        "<ul>"
        + "".join(
            f'<li><a href="/disclosures/{i["id"]}">{escape(i["title"])}</a>'
            f" {escape(i['organization_name'])} {i['published_at']}</li>"
            for i in items
        )
        + "</ul>"
    )


def _html(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    import waitress

    waitress.serve(
        create_bare_app(args.database),
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="bare",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
