"""What the redaction tests share: a catalog item to publish under, and logging in (a module
of its own: a `conftest` import would find another directory's)."""

from __future__ import annotations

import datetime as dt
import re

from dangwu_core.models import Catalog, CatalogItem, Category

PASSWORD = "redaction-test-1"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def catalog_item() -> CatalogItem:
    """A public, long-term item of a catalog no organization of the test issued."""
    catalog = Catalog.create(
        code="redact", title="测试目录", version="1.0.0", version_key=1_000_000,
        issuer_code="R", issuer_name="测试党委", effective_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    category = Category.create(catalog=catalog, code="c", name="其他")
    return CatalogItem.create(
        catalog=catalog, code="R01", title="目录事项", category=category, scope="public",
        channels=["website"], time_limit="long_term",
    )  # fmt: skip


def logged_in(app, username: str | None = None):
    """A test client of ``app``, logged in as ``username`` (password :data:`PASSWORD`)."""
    client = app.test_client()
    if username is not None:
        token = CSRF.search(client.get("/party/login").get_data(as_text=True)).group(1)
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/party/login", data=data).status_code in (302, 303)
    return client
