"""The unit's sensitive words (敏感词) → flag: the reviewer looks at each occurrence.

The list is the setting ``review.sensitive_words`` (a comma-separated list in the environment,
a TOML list in the settings file); a unit sets its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .hits import Hit

SETTING = "review.sensitive_words"
#: A neutral starting list: words that in a disclosure usually need the reviewer's eye.
DEFAULT_WORDS = ("群体性事件", "维稳对象", "内部掌握", "不宜公开", "仅供领导参阅")


def sensitive_words(text: str, words: Iterable[str]) -> list[Hit]:
    """Every occurrence of any of ``words`` in ``text`` (longest words first, no overlaps)."""
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words))
    return [
        Hit(
            "sensitive_word",
            m.start(),
            m.end(),
            m.group(),
            "flag",
            "请审核人员核实是否适宜公开",
            0.9,
        )
        for m in pattern.finditer(text)
    ]
