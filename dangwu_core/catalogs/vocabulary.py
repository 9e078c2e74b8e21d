"""The local vocabulary of catalog tables, mapped to the package's closed vocabularies.

Upstream bodies keep their catalogs as Word or Excel tables written in the words of their
own documents (000–004 say 逐段公开 or 分期公开, 随时公开 or 即时公开, 党内公开 or 向党内…).
Each function here maps one cell to the package's value, or raises :class:`Unmapped` naming
the value it could not map: nothing is guessed. docs/catalog-package.md lists every word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..models import Cadence, Scope, TimeLimit


class Unmapped(ValueError):
    """A cell's value (or a part of it) that the vocabulary does not know."""


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).strip()


_SCOPE_WORDS = {
    Scope.PUBLIC: ("向社会公开", "向社会", "社会公开", "面向社会", "面向社会公开"),
    Scope.PARTY: ("党内公开", "向党内", "向党内公开", "在党内公开", "党内", "全党"),
    Scope.UNIT: ("本单位", "本单位公开", "在本单位公开", "本部门", "本部门和单位", "本地区"),
    Scope.SPECIFIC: ("向个人", "向个人公开", "向特定对象", "向特定对象公开", "特定对象"),
}
SCOPES: dict[str, str] = {w: s for s, words in _SCOPE_WORDS.items() for w in words}
for _scope in Scope:
    SCOPES[_scope.value] = _scope
    SCOPES[_scope.label] = _scope

_LIMIT_WORDS = {
    TimeLimit.LONG_TERM: ("长期公开", "长期"),
    TimeLimit.PERIODIC: ("定期公开", "定期"),
    TimeLimit.STAGED: ("分期公开", "逐段公开", "分期逐段公开", "分阶段公开", "分期"),
    TimeLimit.IMMEDIATE: ("即时公开", "随时公开", "即时", "随时"),
}
TIME_LIMITS: dict[str, str] = {w: t for t, words in _LIMIT_WORDS.items() for w in words}
for _limit in TimeLimit:
    TIME_LIMITS[_limit.value] = _limit

CADENCES: dict[str, str] = {
    **dict.fromkeys(("每月", "按月", "每月一次", "月度"), Cadence.MONTHLY),
    **dict.fromkeys(("每季度", "每季", "按季度", "每季度一次", "季度"), Cadence.QUARTERLY),
    **dict.fromkeys(("每半年", "半年", "每半年一次", "半年度"), Cadence.HALF_YEARLY),
    **dict.fromkeys(("每年", "每年度", "按年", "每年一次", "年度"), Cadence.YEARLY),
}
for _cadence in Cadence:
    CADENCES[_cadence.value] = _cadence

SPANS_YEARS = ("跨年度",)
#: Words that carry no meaning of their own in a time-limit cell.
FILLER = ("公开", "一次", "一般", "进行", "更换", "的", "工作")

#: Chinese channel names beyond the registered labels (003 §7, 004 六(一), 002).
CHANNEL_SYNONYMS: dict[str, str] = {
    "会议": "meeting",
    "召开会议": "meeting",
    "党员大会": "meeting",
    "制发文件": "document",
    "编发简报": "briefing",
    "公开栏": "bulletin_board",
    "党务公开栏": "bulletin_board",
    "宣传栏": "bulletin_board",
    "电子屏": "e_screen",
    "电子显示屏": "e_screen",
    "电子触摸屏": "e_screen",
    "触摸屏": "e_screen",
    "网站": "website",
    "党建网站": "website",
    "公开网": "website",
    "党务公开网": "website",
    "公众信息网": "website",
    "门户网站": "website",
    "内网": "party_portal",
    "党内网站": "party_portal",
    "手机": "sms",
    "短信": "sms",
    "电话": "hotline",
    "公开电话": "hotline",
    "邮件": "email",
    "信函": "letter",
    "面谈": "interview",
    "新闻发布": "spokesman",
    "新闻发言人": "spokesman",
}
CHANNEL_SEPARATORS = r"[、，,；;/／\s]+|和|及"

YES = ("是", "需", "需要", "√", "✓", "yes", "y", "true", "1")
NO = ("否", "不", "不需", "不需要", "", "no", "n", "false", "0", "—", "-", "/")


def scope(text: str) -> str:
    value = _clean(text)
    if value in SCOPES:
        return str(SCOPES[value])
    raise Unmapped(value)


def yes_no(text: str) -> bool:
    value = _clean(text).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Unmapped(value)


def time_limit(text: str) -> tuple[str, str | None, list[str], bool]:
    """``(time_limit, cadence, phases, spans_years)`` of a 公开时限 cell.

    The cell may name the time limit, a cadence (which implies 定期), 跨年度, and the phases
    of a staged item in brackets, in any order: 定期公开（每季度）, 每季度公开一次,
    逐段公开（事前、事中、事后；跨年度）. Anything left over is :class:`Unmapped`.
    """
    value = _clean(text)
    found: dict[str, str | None] = {"limit": None, "cadence": None}
    spans = False
    phases: list[str] = []

    def words(part: str) -> str:
        nonlocal spans
        for word in SPANS_YEARS:
            if word in part:
                spans, part = True, part.replace(word, "")
        for key, table in (("limit", TIME_LIMITS), ("cadence", CADENCES)):
            for word in sorted(table, key=len, reverse=True):
                if word in part:
                    found[key] = _once(found[key], str(table[word]), text)
                    part = part.replace(word, "", 1)
        for word in FILLER:
            part = part.replace(word, "")
        return part

    inner = re.findall(r"[（(]([^）)]*)[）)]", value)
    outer = re.sub(r"[（(][^）)]*[）)]", "", value)
    leftover = words(outer)
    if leftover:
        raise Unmapped(leftover)
    for part in (p for chunk in inner for p in re.split(r"[；;，,]", chunk) if p):
        if not any(w in part for w in (*TIME_LIMITS, *CADENCES, *SPANS_YEARS)):
            phases.extend(p for p in re.split(r"[、/／]", part) if p)
        elif rest := words(part):
            raise Unmapped(rest)
    limit, cadence = found["limit"], found["cadence"]
    if cadence and limit in (None, TimeLimit.PERIODIC.value):
        limit = TimeLimit.PERIODIC.value
    if limit is None:
        raise Unmapped(value or "(empty)")
    if cadence and limit != TimeLimit.PERIODIC.value:
        raise Unmapped(f"{value} (a cadence for a {limit} item)")
    if limit == TimeLimit.PERIODIC.value and not cadence:
        raise Unmapped(f"{value} (定期 without a cadence: 每月, 每季度, 每半年 or 每年)")
    if phases and limit != TimeLimit.STAGED.value:
        raise Unmapped("、".join(phases))
    return limit, found["cadence"], phases, spans


def _once(previous: str | None, value: str, text: str) -> str:
    if previous is not None and previous != value:
        raise Unmapped(f"{_clean(text)} (names both {previous} and {value})")
    return value


def channels(text: str, registered: Mapping[str, str]) -> list[str]:
    """Channel names of a 公开形式 cell. ``registered`` maps channel names to their labels.

    A word maps to a channel by its registered name or label, or by a synonym in
    :data:`CHANNEL_SYNONYMS` whose channel is registered.
    """
    by_word = {label: name for name, label in registered.items()}
    by_word.update({name: name for name in registered})
    for word, name in CHANNEL_SYNONYMS.items():
        if name in registered:
            by_word.setdefault(word, name)
    names: list[str] = []
    for word in re.split(CHANNEL_SEPARATORS, str(text or "")):
        word = word.strip().strip("“”\"'")
        if not word:
            continue
        name = by_word.get(word) or by_word.get(word.removeprefix("通过").removesuffix("等"))
        if name is None:
            raise Unmapped(word)
        if name not in names:
            names.append(name)
    if not names:
        raise Unmapped("(empty)")
    return names


def labels_of(names: Iterable[str], registered: Mapping[str, str]) -> str:
    return "、".join(registered.get(n, n) for n in names)
