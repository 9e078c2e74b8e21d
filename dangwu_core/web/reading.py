"""What the person asking may see: every surface's queries start here.

Lists come from :meth:`Unit.listed_disclosures` (readable *and* disclosed), one item from
:meth:`Unit.can_read`; an API token narrows both to its organization's subtree
(:func:`dangwu_core.access.token_condition`). Nothing here decides: it asks ``access``.
"""

from __future__ import annotations

import peewee
from flask import abort, current_app, g

from .. import access
from ..listing import Listing
from ..models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Category,
    Disclosure,
    ItemStatus,
    Organization,
)
from ..readers import Reader
from ..schemas.numbers import MAX_INT, parse_int
from .auth import current_person, current_token

#: The largest id a database integer key holds (larger ones name nothing: 404, not an error).
MAX_ID = MAX_INT


def unit():
    return current_app.extensions["dangwu"]


def reader() -> Reader:
    """The person asking as the read rule sees them: their facts queried once per request
    (kept on ``flask.g``), whatever the number of questions the request asks."""
    person = current_person()
    pid = person.id if person is not None else None
    kept = g.get("dangwu_reader")
    if kept is None or kept.id != pid:
        kept = g.dangwu_reader = access.reader_of(person)
    return kept


def listed() -> peewee.ModelSelect:
    """Disclosures the person asking finds in lists (portal, API, feeds)."""
    query = unit().listed_disclosures(reader())
    token = current_token()
    if token is not None:
        query = query.where(access.token_condition(token))
    return query


def listing() -> Listing:
    """:func:`listed` as a :class:`~dangwu_core.listing.Listing`: pages of ids from the
    index, rows loaded with what lists show, totals counted once per change."""
    return unit().listing(reader(), listed())


def shown(rows) -> list[Disclosure]:
    """Rows of a list with the titles the person asking sees (masked, 脱敏, for those who
    may not see the original: :func:`dangwu_core.access.shown_titles`)."""
    return access.shown_titles(reader(), rows)


def readable_disclosure(disclosure_id: int) -> Disclosure:
    """The disclosure if the person asking may read it; 404 otherwise (existence not told)."""
    pk = parse_int(disclosure_id)  # larger ids name nothing: 404, not an error
    disclosure = Disclosure.get_or_none(Disclosure.id == pk) if pk is not None else None
    if disclosure is None or not unit().can_read(reader(), disclosure):
        abort(404, description="no such disclosure, or not one you may read")
    token = current_token()
    if token is not None and not access.token_allows(token, disclosure.organization_id):
        abort(404, description="no such disclosure, or not one you may read")
    return disclosure


def organization_by_code(code: str) -> Organization:
    org = Organization.get_or_none((Organization.code == code) & Organization.is_active)
    if org is None:
        abort(404, description=f"no organization has the code {code!r}")
    return org


def state_label(disclosure: Disclosure) -> str:
    try:
        return unit().registry.workflows.get(disclosure.workflow).state_label(disclosure.state)
    except Exception:  # an uninstalled workflow: show the raw state rather than fail
        return disclosure.state


def catalog_items(organization) -> list[CatalogItem]:
    """The active items of the active catalogs that bind the organization."""
    catalogs = [
        c.id
        for c in Catalog.select().where(Catalog.status == CatalogStatus.ACTIVE.value)
        if c.binds(organization)
    ]
    if not catalogs:
        return []
    return list(
        CatalogItem.select(CatalogItem, Category)
        .join(Category)
        .where(CatalogItem.catalog.in_(catalogs) & (CatalogItem.status == ItemStatus.ACTIVE.value))
        .order_by(Category.sort_order, CatalogItem.sort_order)
    )
