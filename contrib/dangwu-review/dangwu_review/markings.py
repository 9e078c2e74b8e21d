"""Classification markings (密级标志) → block, internal markings → block, and a marking without
a valid secrecy period (保密期限) → escalate (004 七(三): a document whose classification is
unclear goes to the organization above and the secrecy administration).

A classification marking is the level (绝密, 机密, 秘密) with the star ★ (and a period: 机密★5年,
秘密★6个月, 绝密★长期) or after 密级 (密级：秘密). The same words in running text (保守党和国家秘密,
不得泄露秘密) are no marking. The periods are those of 《中华人民共和国保守国家秘密法》: at most
30 years for 绝密, 20 for 机密, 10 for 秘密, unless 长期 (for 绝密).
"""

from __future__ import annotations

import re

from .hits import Hit

BLOCK, ESCALATE = "block", "escalate"
UNCLEAR = "密级标志不完整或保密期限不符合规定，报上级党组织和保密行政管理部门确定"
LIMIT_YEARS = {"绝密": 30, "机密": 20, "秘密": 10}
NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2, "零": 0}

_PERIOD = (
    r"(?:\s*(?P<period>长期|[0-9０-９]{1,3}\s*(?:年|个月|月)"
    r"|[一二两三四五六七八九十]{1,3}\s*(?:年|个月)))?"
)
_STARRED = re.compile(r"(?P<level>绝密|机密|秘密)\s*[★☆*＊]" + _PERIOD)
_LABELLED = re.compile(r"密级\s*[:：]?\s*(?P<level>绝密|机密|秘密)(?:\s*[★☆*＊])?" + _PERIOD)
_INTERNAL = re.compile(r"内部资料|注意保存|内部文件|内部刊物")
_BRACKETS = "【】（）()[]〔〕「」《》<>"


def _number(text: str) -> int | None:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).strip()
    if text.isdigit():
        return int(text)
    if not text:
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (NUMERALS.get(tens, 1) if tens else 1) * 10 + (NUMERALS.get(ones, 0) if ones else 0)
    return NUMERALS.get(text) if len(text) == 1 else None


def period_valid(level: str, period: str | None) -> bool:
    """Whether ``period`` (``5年``, ``6个月``, ``长期``) is a secrecy period ``level`` may have."""
    if not period:
        return False
    period = re.sub(r"\s", "", period)
    if period == "长期":
        return level == "绝密"
    unit = "月" if period.endswith("月") else "年"
    count = _number(period.removesuffix("个月").removesuffix("月").removesuffix("年"))
    if not count:
        return False
    years = count / 12 if unit == "月" else count
    return years <= LIMIT_YEARS[level]


def classification(text: str) -> list[Hit]:
    """Every classification marking in ``text``: block with a valid period, else escalate."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_STARRED, _LABELLED):
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            level, period = m.group("level"), m.group("period")
            if period_valid(level, period):
                hits.append(
                    Hit("classification", m.start(), m.end(), m.group(), BLOCK,
                        "此件标有密级，不得公开", 0.99)
                )  # fmt: skip
            else:
                hits.append(
                    Hit("classification", m.start(), m.end(), m.group(), ESCALATE, UNCLEAR, 0.9)
                )
    return sorted(hits, key=lambda h: h.start)


def _standing_alone(text: str, start: int, end: int) -> bool:
    """A marking stands alone: on its own line, in brackets, at the very start followed by a
    separator, or beside another marking (内部资料 注意保存)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[line_start:start].strip(), text[end:line_end].strip()
    if not before and not after:
        return True
    if before[-1:] in _BRACKETS and after[:1] in _BRACKETS:
        return True
    if not before and (not after or after[0] in " -_—－:：、，,★" or _INTERNAL.match(after)):
        return True
    return bool(_INTERNAL.search(before[-4:]) and not after)


def internal_markings(text: str) -> list[Hit]:
    """内部资料, 注意保存, 内部文件 used as a marking (not in running text): block."""
    return [
        Hit("internal_marking", m.start(), m.end(), m.group(), BLOCK,
            "此件标有“内部”标志，不得公开", 0.95)
        for m in _INTERNAL.finditer(text)
        if _standing_alone(text, m.start(), m.end())
    ]  # fmt: skip
