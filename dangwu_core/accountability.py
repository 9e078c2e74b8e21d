"""责任追究: the accountability cases supervisors are shown, listed from the data.

003 §9(八) (不按规定开展党务公开工作 ... 限期整改) and 004 七(十) (未按照规定编制党务公开目录
并进行动态调整; 未按照规定的内容、范围、程序和方式等实施党务公开) make these cases:

* ``late`` and ``missing``: obligations disclosed after their due date, or not at all;
* ``outside_scope``: an item published wider or narrower than its catalog's scope, or on a
  channel its catalog item does not list;
* ``catalog_not_adjusted``: out-of-catalog items published again and again (004 七(二));
* ``no_catalog``: an organization that must have a catalog and has no obligation.

A unit's subtree may hold hundreds of thousands of obligations, so :class:`Cases` never holds
them all: it counts the cases of every kind in SQL (:meth:`Cases.counts`), lists them in
their order a page at a time (:meth:`Cases.page`, the page's LIMIT and OFFSET in the query),
or streams them (iterating it reads rows from a cursor, one case at a time).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

import peewee
from peewee import Case as SqlCase
from peewee import fn

from .models import (
    CatalogItem,
    Disclosure,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationKind,
    Scope,
)
from .supervision import CASE_KINDS, Period, local_bounds, subtree

#: The rules a case falls under, as office workers and supervisors read them: by the
#: regulations' Chinese names, never by seed paragraph (003 §9(八), 004 七(十); 004 七(二) for
#: the catalog's adjustment).
BASIS_LATE = (
    "《中国共产党党务公开条例（试行）》及本单位党务公开实施意见关于责任追究的规定："
    "“未按照规定的内容、范围、程序和方式等实施党务公开”"
)
BASIS_CATALOG = (
    "《中国共产党党务公开条例（试行）》及本单位党务公开实施意见关于责任追究的规定："
    "“未按照规定编制党务公开目录并进行动态调整”；党务公开目录应根据实际需要及时更新"
)
SCOPE_ORDER = {Scope.SPECIFIC.value: 0, Scope.UNIT.value: 1, Scope.PARTY.value: 2, "public": 3}
#: Out-of-catalog items an organization published in a period from which on its catalog
#: should have been adjusted (004 七(二): 根据实际需要及时更新党务公开目录).
OUT_OF_CATALOG_THRESHOLD = 2
#: How many out-of-catalog titles a ``catalog_not_adjusted`` case names.
NAMED_TITLES = 5
#: Organizations that must draw up a catalog (member units of a joint branch do not).
CATALOG_KINDS = (
    OrganizationKind.COMMITTEE.value,
    OrganizationKind.GENERAL_BRANCH.value,
    OrganizationKind.BRANCH.value,
)
#: The sections of the list, in their order, and the kinds each holds.
SECTIONS = (
    ("obligations", ("late", "missing")),
    ("outside_scope", ("outside_scope",)),
    ("catalog_not_adjusted", ("catalog_not_adjusted",)),
    ("no_catalog", ("no_catalog",)),
)


@dataclass(frozen=True)
class Case:
    """One case for supervisors: what, where, and the rule it falls under."""

    kind: str
    organization_id: int
    organization: str
    subject: str
    detail: str
    basis: str
    day: dt.date | None = None
    link: tuple[str, int] | None = None


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _text(field: peewee.Field) -> peewee.Node:
    """A JSON column as the database holds it (text), not decoded for every row."""
    return fn.COALESCE(field, "").coerce(False)


def _datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


class Cases:
    """The accountability cases of ``root``'s subtree for ``period``: counted, paged, streamed.

    :param organization: only that organization's cases (it lies in ``root``'s subtree).
    :param kinds: only cases of these kinds (default: every kind), in their usual order.
    :param channel_labels: channel names to the labels readers know (公开栏, 公开网...), for
        the details of cases outside the catalog's channels; by default the names.
    :raises KeyError: an unknown kind.

    The list's order: late and missing disclosures by due date, then items outside their
    catalog's scope by publication, catalogs not adjusted, organizations without a catalog.
    """

    def __init__(
        self,
        root: Organization | int,
        period: Period | None = None,
        *,
        organization: int | None = None,
        kinds: Iterable[str] | None = None,
        channel_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.channel_labels = dict(channel_labels or {})
        self.period = period or Period.year()
        self.organization = organization
        self.kinds = tuple(CASE_KINDS) if kinds is None else tuple(kinds)
        for kind in self.kinds:
            if kind not in CASE_KINDS:
                raise KeyError(kind)
        self._counts: dict[str, int] | None = None
        self._not_adjusted: list[Case] | None = None

    # --- counting -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """The number of cases of every kind (whatever ``kinds`` selects), counted in SQL
        (but for the channel lists of the disclosures whose lists differ from their catalog
        item's, compared in Python as they stream by)."""
        if self._counts is None:
            late, missing = self._obligation_counts()
            self._counts = {
                "late": late,
                "missing": missing,
                "outside_scope": sum(1 for _ in self._outside_scope()),
                "catalog_not_adjusted": len(self._catalog_not_adjusted()),
                "no_catalog": self._no_catalog_query().count(),
            }
        return dict(self._counts)

    def __len__(self) -> int:
        counts = self.counts()
        return sum(counts[kind] for kind in self.kinds)

    def __bool__(self) -> bool:
        return len(self) > 0

    # --- listing --------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Case]:
        """Every case in order, read from the database as it goes."""
        for section, _kinds in self._sections():
            yield from self._section(section, 0, None)

    def page(self, offset: int, limit: int) -> list[Case]:
        """The cases from ``offset`` (0-based), at most ``limit`` of them."""
        found: list[Case] = []
        counts = self.counts()
        for section, kinds in self._sections():
            size = sum(counts[kind] for kind in kinds)
            if offset >= size:
                offset -= size
                continue
            found.extend(self._section(section, offset, limit - len(found)))
            offset = 0
            if len(found) >= limit:
                break
        return found

    def _sections(self):
        for section, kinds in SECTIONS:
            chosen = tuple(kind for kind in kinds if kind in self.kinds)
            if chosen:
                yield section, chosen

    def _section(self, section: str, offset: int, limit: int | None) -> Iterator[Case]:
        if section == "obligations":
            return self._obligations(offset, limit)
        if section == "outside_scope":
            return islice(self._outside_scope(), offset, None if limit is None else offset + limit)
        if section == "catalog_not_adjusted":
            found = self._catalog_not_adjusted()
            return iter(found[offset : None if limit is None else offset + limit])
        return self._no_catalog(offset, limit)

    def _in_scope(self, model) -> peewee.Expression:
        condition = model.organization.in_(subtree(self.root))
        if self.organization is not None:
            condition &= model.organization == self.organization
        return condition

    # --- late and missing disclosures -----------------------------------------------------

    def _obligation_condition(self, kinds: Iterable[str]) -> peewee.Expression:
        """The obligations of ``kinds``: the figure "late" (``late``) and the figure "overdue"
        (``missing``) of :func:`~dangwu_core.supervision.obligation_condition`, written as one
        conjunction (a status IN ...) rather than an OR of the two, so that the database reads
        them from the (organization, status, due date) index: no row is fetched to be judged.
        The tests check that it selects exactly the figures' rows."""
        status, due = Obligation.status, Obligation.due_date
        statuses = [ObligationStatus.LATE.value] if "late" in kinds else []
        condition = due.between(self.period.start, self.period.end)
        if "missing" in kinds:
            statuses += [ObligationStatus.OVERDUE.value, ObligationStatus.PENDING.value]
            condition &= (status != ObligationStatus.PENDING.value) | (due < self.period.today)
        return status.in_(statuses) & condition & self._in_scope(Obligation)

    def _obligation_counts(self) -> tuple[int, int]:
        late = Obligation.status == ObligationStatus.LATE.value
        row = (
            Obligation.select(
                fn.SUM(SqlCase(None, [(late, 1)], 0)), fn.SUM(SqlCase(None, [(late, 0)], 1))
            )
            .where(self._obligation_condition(("late", "missing")))
            .tuples()
            .get()
        )
        return int(row[0] or 0), int(row[1] or 0)

    def _obligations(self, offset: int, limit: int | None) -> Iterator[Case]:
        query = (
            Obligation.select(
                Obligation.id,
                Obligation.organization,
                Organization.name,
                CatalogItem.title,
                Obligation.period_label,
                Obligation.due_date,
                Obligation.status,
                Obligation.fulfilled_at,
            )
            .join(Organization, on=(Obligation.organization == Organization.id))
            .switch(Obligation)
            .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
            .where(self._obligation_condition(self.kinds))
            .order_by(Obligation.due_date, Obligation.id)
        )
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        today = self.period.today
        for row in query.tuples().iterator():
            ob_id, org_id, org_name, title, label, due, status, fulfilled = row
            due = _date(due)
            if status == ObligationStatus.LATE.value:
                done = _datetime(fulfilled).date() if fulfilled else None
                days = (done - due).days if done else None
                detail = f"应于{due.isoformat()}公开，{done.isoformat() if done else ''}公开"
                detail += f"，逾期{days}天" if days is not None else ""
                kind = "late"
            else:
                detail = f"应于{due.isoformat()}公开，至今未公开（逾期{(today - due).days}天）"
                kind = "missing"
            yield Case(
                kind,
                org_id,
                org_name,
                f"{title}（{label}）",
                detail,
                BASIS_LATE,
                due,
                ("obligation", ob_id),
            )

    def behind(self, by: str, limit: int = 3) -> list[tuple[str, int, int]]:
        """The organizations (``by="organization"``) or catalog items (``by="item"``, by
        title) with the most missing and late disclosures, as (name, missing, late), most
        missing first: one aggregate query, what a summary names as "most behind".

        :raises KeyError: ``by`` is neither.
        """
        name = {"organization": Organization.name, "item": CatalogItem.title}[by]
        kinds = tuple(kind for kind in ("late", "missing") if kind in self.kinds)
        if not kinds:
            return []
        late = Obligation.status == ObligationStatus.LATE.value
        missing = fn.SUM(SqlCase(None, [(late, 0)], 1))
        late_count = fn.SUM(SqlCase(None, [(late, 1)], 0))
        group = [Organization.id, Organization.name] if by == "organization" else [name]
        query = (
            Obligation.select(name, missing, late_count)
            .join(Organization, on=(Obligation.organization == Organization.id))
            .switch(Obligation)
            .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
            .where(self._obligation_condition(kinds))
            .group_by(*group)
            .order_by(missing.desc(), late_count.desc(), name)
            .limit(limit)
        )
        return [(title, int(m or 0), int(n or 0)) for title, m, n in query.tuples()]

    # --- items published outside their catalog's scope or channels ------------------------

    def _published(self) -> peewee.Expression:
        start, end = local_bounds(self.period)
        return (
            self._in_scope(Disclosure)
            & Disclosure.published_at.is_null(False)
            & (Disclosure.published_at >= start)
            & (Disclosure.published_at < end)
        )

    def _outside_scope(self) -> Iterator[Case]:
        # SQL keeps the candidates (a scope or a channel list unlike the catalog's: equal JSON
        # texts are equal lists); Python judges the channel sets of the few that remain.
        query = (
            Disclosure.select(
                Disclosure.id,
                Disclosure.organization,
                Organization.name,
                Disclosure.title,
                Disclosure.scope,
                _text(Disclosure.channels),
                Disclosure.published_at,
                CatalogItem.scope,
                _text(CatalogItem.channels),
            )
            .join(Organization, on=(Disclosure.organization == Organization.id))
            .switch(Disclosure)
            .join(CatalogItem, on=(Disclosure.catalog_item == CatalogItem.id))
            .where(
                self._published()
                & (
                    (Disclosure.scope != CatalogItem.scope)
                    | (Disclosure.channels != CatalogItem.channels)
                )
            )
            .order_by(Disclosure.published_at, Disclosure.id)
        )
        lists: dict[str | None, set[str]] = {}  # a unit has few distinct channel lists

        def channel_set(text: str | None) -> set[str]:
            if text not in lists:
                lists[text] = set(json.loads(text) or []) if text else set()
            return lists[text]

        for row in query.tuples().iterator():
            item_id, org_id, org_name, title, scope, channels, published, wanted, allowed = row
            problems = []
            if scope != wanted:
                wider = SCOPE_ORDER.get(scope, 0) > SCOPE_ORDER.get(wanted, 0)
                problems.append(
                    f"公开范围为“{Scope(scope).label}”，目录规定“{Scope(wanted).label}”"
                    + ("（超出规定范围）" if wider else "（小于规定范围）")
                )
            extra = sorted(channel_set(channels) - channel_set(allowed))
            if channel_set(allowed) and extra:
                shown = "、".join(self.channel_labels.get(name, name) for name in extra)
                problems.append(f"公开形式{shown}不在目录规定的形式之内")
            if problems:
                yield Case(
                    "outside_scope",
                    org_id,
                    org_name,
                    title,
                    "；".join(problems),
                    BASIS_LATE,
                    _datetime(published).date(),
                    ("disclosure", item_id),
                )

    # --- a catalog not adjusted: out-of-catalog items again and again -----------------------

    def _catalog_not_adjusted(self) -> list[Case]:
        """One case per organization (at most one per organization of the subtree): the
        window functions number each organization's out-of-catalog items, count them and
        find the last, so only the first titles leave the database."""
        if self._not_adjusted is not None:
            return self._not_adjusted
        by_org = [Disclosure.organization]
        order = [Disclosure.published_at, Disclosure.id]
        numbered = (
            Disclosure.select(
                Disclosure.organization.alias("org_id"),
                Organization.name.alias("org_name"),
                Disclosure.id.alias("item_id"),
                Disclosure.title.alias("title"),
                Disclosure.published_at.alias("published_at"),
                fn.ROW_NUMBER().over(partition_by=by_org, order_by=order).alias("number"),
                fn.COUNT(Disclosure.id).over(partition_by=by_org).alias("found"),
                fn.MAX(Disclosure.published_at).over(partition_by=by_org).alias("last"),
            )
            .join(Organization, on=(Disclosure.organization == Organization.id))
            .where(self._published() & Disclosure.catalog_item.is_null(True))
            .alias("numbered")
        )
        c = numbered.c
        query = (
            peewee.Select(
                [numbered],
                [c.org_id, c.org_name, c.item_id, c.title, c.published_at, c.found, c.last],
            )
            .where((c.number <= NAMED_TITLES + 1) & (c.found >= OUT_OF_CATALOG_THRESHOLD))
            .order_by(c.org_id, c.number)
            .bind(Disclosure._meta.database)
        )
        groups: dict[int, dict] = {}
        for org_id, org_name, item_id, title, published, found, last in query.tuples():
            group = groups.setdefault(
                org_id,
                {
                    "name": org_name,
                    "first": (_datetime(published), item_id),
                    "titles": [],
                    "found": found,
                    "last": _datetime(last),
                },
            )
            group["titles"].append(title)
        cases = []
        for org_id, group in sorted(groups.items(), key=lambda pair: pair[1]["first"]):
            found, titles = group["found"], group["titles"][:NAMED_TITLES]
            cases.append(
                Case(
                    "catalog_not_adjusted",
                    org_id,
                    group["name"],
                    "、".join(f"“{t}”" for t in titles) + ("等" if found > NAMED_TITLES else ""),
                    f"本期公开目录外事项{found}项，应根据实际需要及时更新党务公开目录",
                    BASIS_CATALOG,
                    group["last"].date(),
                )
            )
        self._not_adjusted = cases
        return cases

    # --- organizations without a catalog --------------------------------------------------

    def _no_catalog_query(self) -> peewee.ModelSelect:
        period = self.period
        obligation = Obligation.alias()
        has_obligations = obligation.select(obligation.id).where(
            (obligation.organization == Organization.id)
            & obligation.due_date.between(period.start, period.end)
        )
        condition = (
            Organization.id.in_(subtree(self.root))
            & Organization.is_active
            & Organization.kind.in_(CATALOG_KINDS)
            & ~fn.EXISTS(has_obligations)
        )
        if self.organization is not None:
            condition &= Organization.id == self.organization
        return Organization.select(Organization.id, Organization.name).where(condition)

    def _no_catalog(self, offset: int, limit: int | None) -> Iterator[Case]:
        query = self._no_catalog_query().order_by(Organization.code, Organization.id)
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        for org_id, name in query.tuples().iterator():
            yield Case(
                "no_catalog",
                org_id,
                name,
                "党务公开目录",
                "本期没有任何应公开事项：未按规定编制（或未安装）党务公开目录",
                BASIS_CATALOG,
            )


def cases(
    root: Organization | int,
    period: Period | None = None,
    *,
    organization: int | None = None,
    kinds: Iterable[str] | None = None,
    channel_labels: Mapping[str, str] | None = None,
) -> Cases:
    """The accountability cases of ``root``'s subtree for the period (see :class:`Cases`)."""
    return Cases(
        root, period, organization=organization, kinds=kinds, channel_labels=channel_labels
    )
