"""Candidates for the next catalog version: out-of-catalog disclosures that recur.

004 七(二): the catalog is adjusted as work requires (根据实际需要及时更新党务公开目录). An
out-of-catalog disclosure (目录外事项, ``catalog_item`` empty) needs a work plan each time; when
the same matter is disclosed again and again (the same title once dates and numbers are taken
out, e.g. 2026年3月党员志愿服务情况 and 2026年4月党员志愿服务情况), it belongs in the catalog.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..models import Disclosure, Organization

_VARIABLE = re.compile(
    r"(\d{2,4}\s*年(度)?|\d{1,2}\s*月(份)?|\d{1,2}\s*日|第?[一二三四1-4]\s*季度|[上下]半年"
    r"|第\s*[\d一二三四五六七八九十]+\s*[期次批号]|\d+|[（）()【】\[\]〔〕《》“”\"'：:，,、\s.-])"
)


def subject(title: str) -> str:
    """A title without its dates, numbers and punctuation: what recurs."""
    return _VARIABLE.sub("", title or "")


@dataclass
class Candidate:
    subject: str
    count: int = 0
    organizations: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    first: dt.datetime | None = None
    last: dt.datetime | None = None


def recurring_out_of_catalog(
    *, min_count: int = 2, since: dt.date | None = None, organization: Organization | None = None
) -> list[Candidate]:
    """Out-of-catalog disclosures grouped by :func:`subject`, those seen ``min_count`` times
    or more, most frequent first (one query)."""
    query = (
        Disclosure.select(Disclosure.title, Disclosure.created_at, Organization.code)
        .join(Organization)
        .where(Disclosure.catalog_item.is_null())
    )
    if since is not None:
        query = query.where(Disclosure.created_at >= since)
    if organization is not None:
        query = query.where(Disclosure.organization == organization)
    groups: dict[str, Candidate] = {}
    for title, created, org in query.tuples():
        key = subject(title)
        if not key:
            continue
        found = groups.setdefault(key, Candidate(key))
        found.count += 1
        found.organizations.add(org)
        if title not in found.titles:
            found.titles.append(title)
        found.first = min(filter(None, (found.first, created)))
        found.last = max(filter(None, (found.last, created)))
    chosen = [c for c in groups.values() if c.count >= min_count]
    return sorted(chosen, key=lambda c: (-c.count, -len(c.organizations), c.subject))
