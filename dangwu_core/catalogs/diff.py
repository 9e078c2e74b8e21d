"""What changed between two versions of a catalog: items added, changed, revoked, terminated.

Items are matched by ``code`` (a code is an item's identity across versions). An item is
*revoked* or *terminated* when the newer version keeps it with that ``status`` (and the
reason); an item the newer version leaves out although it was active is *missing*, which
:mod:`~dangwu_core.catalogs.upgrade` refuses: a catalog drops an item only by saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import Catalog, CatalogItem, Category, ItemStatus

#: Item fields compared (``code`` is the key; ``status`` is reported as revoked/terminated).
ITEM_FIELDS = (
    "title",
    "category",
    "scope",
    "channels",
    "time_limit",
    "cadence",
    "phases",
    "spans_years",
    "due_within_days",
    "display_days",
    "display_months",
    "proposing_department",
    "needs_upper_approval",
    "important",
    "risk_assessment",
    "legal_basis",
    "notes",
)
#: Fields that decide which obligations an item opens: changing one reopens its obligations.
SCHEDULE_FIELDS = frozenset({"time_limit", "cadence", "phases", "spans_years", "due_within_days"})
META_FIELDS = ("title", "issuer", "effective_date", "applies_to", "applies_to_organizations")


@dataclass(frozen=True)
class ItemChange:
    code: str
    title: str
    #: field -> (old value, new value)
    fields: dict[str, tuple[Any, Any]]

    @property
    def reschedules(self) -> bool:
        return bool(SCHEDULE_FIELDS & set(self.fields))


@dataclass
class CatalogDiff:
    code: str
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    #: code -> reason
    revoked: dict[str, str] = field(default_factory=dict)
    terminated: dict[str, str] = field(default_factory=dict)
    #: active in the old version, absent from the new one (refused by upgrade)
    missing: list[str] = field(default_factory=list)
    #: revoked or terminated before, left out now (allowed)
    dropped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: manifest field -> (old, new); categories as code -> name
    meta: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.changed
            or self.revoked
            or self.terminated
            or self.missing
            or self.dropped
            or self.meta
        )

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (filings, audit events, ``--json``)."""
        return {
            "code": self.code,
            "from": self.old_version,
            "to": self.new_version,
            "added": list(self.added),
            "changed": {c.code: sorted(c.fields) for c in self.changed},
            "revoked": dict(self.revoked),
            "terminated": dict(self.terminated),
            "missing": list(self.missing),
            "dropped": list(self.dropped),
            "meta": sorted(self.meta),
        }

    def lines(self) -> list[str]:
        """Human-readable lines, one per change."""
        out = [f"{self.code}: {self.old_version} -> {self.new_version}"]
        for name, (old, new) in self.meta.items():
            out.append(f"  catalog {name}: {_show(old)} -> {_show(new)}")
        out += [f"  + added {code}" for code in self.added]
        for change in self.changed:
            out.append(f"  ~ changed {change.code} {change.title}")
            for name, (old, new) in change.fields.items():
                out.append(f"      {name}: {_show(old)} -> {_show(new)}")
        out += [f"  - revoked {code}: {reason}" for code, reason in self.revoked.items()]
        out += [f"  - terminated {code}: {reason}" for code, reason in self.terminated.items()]
        out += [f"  ! missing {code} (left out without revoking it)" for code in self.missing]
        out += [f"  . dropped {code} (revoked or terminated earlier)" for code in self.dropped]
        if self.is_empty:
            out.append("  no change")
        return out


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return repr(value) if isinstance(value, str) else str(value)


def _norm(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> CatalogDiff:
    """Compare two loaded manifests (see :func:`~.package.load`) of the same catalog."""
    result = CatalogDiff(new["code"], old["version"], new["version"])
    for name in META_FIELDS:
        if _norm(old.get(name)) != _norm(new.get(name)):
            result.meta[name] = (_norm(old.get(name)), _norm(new.get(name)))
    old_categories = {c["code"]: c["name"] for c in old["categories"]}
    new_categories = {c["code"]: c["name"] for c in new["categories"]}
    if old_categories != new_categories:
        result.meta["categories"] = (old_categories, new_categories)
    old_items = {i["code"]: i for i in old["items"]}
    new_items = {i["code"]: i for i in new["items"]}
    for code, item in new_items.items():
        status = item.get("status", ItemStatus.ACTIVE)
        before = old_items.get(code)
        if status != ItemStatus.ACTIVE:
            was = before.get("status", ItemStatus.ACTIVE) if before else None
            if was != status:
                target = result.revoked if status == ItemStatus.REVOKED else result.terminated
                target[code] = item.get("status_reason", "")
            continue
        if before is None:
            result.added.append(code)
            continue
        changed = {
            name: (_norm(before.get(name)), _norm(item.get(name)))
            for name in ITEM_FIELDS
            if _norm(before.get(name)) != _norm(item.get(name))
        }
        if before.get("status", ItemStatus.ACTIVE) != ItemStatus.ACTIVE:
            changed["status"] = (before["status"], ItemStatus.ACTIVE.value)
        if changed:
            result.changed.append(ItemChange(code, item["title"], changed))
        else:
            result.unchanged.append(code)
    for code, item in old_items.items():
        if code not in new_items:
            active = item.get("status", ItemStatus.ACTIVE) == ItemStatus.ACTIVE
            (result.missing if active else result.dropped).append(code)
    return result


def catalog_manifest(catalog: Catalog) -> dict[str, Any]:
    """The manifest of an installed catalog version, rebuilt from its rows (2 queries).

    Its explanation is not a column: it is kept on the version's filing and audit event.
    """
    categories = list(
        Category.select().where(Category.catalog == catalog.id).order_by(Category.sort_order)
    )
    codes = {c.id: c.code for c in categories}
    items = []
    query = (
        CatalogItem.select()
        .where(CatalogItem.catalog == catalog.id)
        .order_by(CatalogItem.sort_order, CatalogItem.id)
    )
    for row in query:
        item = {name: getattr(row, name) for name in ITEM_FIELDS if name != "category"}
        item.update(
            code=row.code,
            category=codes[row.category_id],
            status=row.status,
            status_reason=row.status_reason,
        )
        items.append(item)
    return {
        "issuer": {"code": catalog.issuer_code, "name": catalog.issuer_name},
        "code": catalog.code,
        "title": catalog.title,
        "version": catalog.version,
        "effective_date": catalog.effective_date,
        "applies_to": list(catalog.applies_to or []),
        "applies_to_organizations": list(catalog.applies_to_organizations or []),
        "categories": [{"code": c.code, "name": c.name} for c in categories],
        "items": items,
    }
