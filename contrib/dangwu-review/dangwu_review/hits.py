"""What a check finds in one text: a :class:`Hit`, and how found spans are kept apart.

Every check of this plugin reads plain text and answers hits with character offsets into it;
:mod:`dangwu_review.checks` turns them into core's :class:`~dangwu_core.review.Finding`, the
command prints them as JSON lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Every kind a hit may have, as ``dangwu review check`` prints it.
KINDS = (
    "id_card",
    "mobile",
    "landline",
    "bank_card",
    "uscc",
    "passport",
    "email",
    "classification",
    "internal_marking",
    "sensitive_word",
)

#: Words before a number that make it likelier to be what it looks like. They only raise a
#: hit's confidence: no number is found, nor dropped, because of them.
CONTEXT_WORDS = {
    "id_card": ("身份证", "公民身份号码", "身份号码", "证件号"),
    "mobile": ("手机", "电话", "联系方式", "联系人"),
    "landline": ("电话", "座机", "传真", "热线"),
    "bank_card": ("银行卡", "卡号", "账号", "帐号", "开户"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用"),
    "passport": ("护照",),
    "email": ("邮箱", "电子邮件", "邮件", "E-mail", "Email"),
}
CONTEXT_REACH = 12


@dataclass(frozen=True)
class Hit:
    """One finding in one text: where (``start``/``end``), what, and what to do about it."""

    kind: str
    start: int
    end: int
    text: str
    action: str
    suggestion: str
    confidence: float = 0.9

    def as_dict(self) -> dict:
        return asdict(self)


def confidence(kind: str, text: str, start: int, base: float = 0.9) -> float:
    """``base``, raised to 0.99 when a context word of ``kind`` stands just before ``start``."""
    before = text[max(0, start - CONTEXT_REACH) : start]
    if any(word in before for word in CONTEXT_WORDS.get(kind, ())):
        return 0.99
    return base


class Claimed:
    """The spans already taken by a more specific check (an ID number is not also a card)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._spans)

    def take(self, start: int, end: int) -> None:
        self._spans.append((start, end))


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """``value`` with its letters and digits masked by ``*``, except the first ``keep_start``
    and the last ``keep_end`` of them; separators (spaces, hyphens) stay as they are."""
    positions = [i for i, c in enumerate(value) if c.isascii() and c.isalnum()]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))
