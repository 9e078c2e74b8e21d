"""How text is cut into index tokens, the same for a document and for a query.

A run of Chinese characters becomes its overlapping character pairs followed by its last
character alone (发展党员 → 发展 展党 党员 员); a run of letters and digits becomes one
lower-case word. So:

* a word of two or more Chinese characters is the *phrase* of its pairs, adjacent in the token
  stream (发展党员 ⇔ "发展 展党 党员"): it matches exactly where the word is a substring of a
  run, as ``LIKE`` would, and never across two runs, since the lone last character of a run
  stands between it and the next one;
* one Chinese character is a *prefix* query: every character of a run begins a token (its
  pair with the next one, or the lone last character);
* a word of letters or digits is that token.
"""

from __future__ import annotations

import operator
import re
import unicodedata

MAX_QUERY = 100
MAX_WORD = 32
#: At most this many tokens of a query are looked up (a longer query is cut).
MAX_TERMS = 40
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEGMENT = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
#: Every token of a normalized text in one pass (what :func:`run_tokens` makes of each
#: segment): at each Chinese character, it and the next one when that is Chinese too (the
#: last of a run alone); at the start of a word of letters and digits, its first
#: :data:`MAX_WORD` characters, the rest of the word skipped.
_TOKEN = re.compile(
    rf"(?=([{_CJK}]{{1,2}}|[^\W_{_CJK}]{{1,{MAX_WORD}}}))(?:[{_CJK}]|[^\W_{_CJK}]+)"
)
#: The full-width forms and the ideographic space, each with its NFKC form: Chinese text is
#: full of them (，（）), and mapped first they leave most texts already normalized.
_WIDE = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000]}
_IS_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(match: re.Match) -> str:
    return _WIDE[match.group()]


def normalize(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, lower case (NFKC + casefold).

    The full-width forms are mapped to their NFKC forms first, which changes nothing in the
    result (each is replaced by its own compatibility decomposition, plain ASCII) but lets
    most Chinese texts pass NFKC's quick check instead of being decomposed and recomposed.
    """
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", _IS_WIDE.sub(_narrow, text))
    return text.casefold()


def is_cjk(segment: str) -> bool:
    return bool(_IS_CJK.match(segment))


def segments(text: str) -> list[str]:
    """The runs of Chinese characters and the words of letters/digits of ``text``, normalized."""
    return [s if is_cjk(s) else s[:MAX_WORD] for s in _SEGMENT.findall(normalize(text))]


def run_tokens(segment: str) -> list[str]:
    """The tokens of one segment: a Chinese run's pairs and its last character, or the word."""
    if not is_cjk(segment):
        return [segment]
    return [*map(operator.add, segment, segment[1:]), segment[-1]]


def tokens(text: str) -> list[str]:
    """Every token of ``text``, in order (what the full-text index holds for it): the
    :func:`run_tokens` of each of its :func:`segments`, found in one pass of a regular
    expression."""
    return _TOKEN.findall(normalize(text))


def query_parts(text: str) -> list[str]:
    """The distinct segments of a query (each must match: AND), the query cut to
    :data:`MAX_QUERY` characters and its parts to :data:`MAX_TERMS` tokens in all."""
    parts, used = [], 0
    for part in dict.fromkeys(segments((text or "").strip()[:MAX_QUERY])):
        cost = max(len(part) - 1, 1) if is_cjk(part) else 1
        if used + cost > MAX_TERMS:
            break
        parts.append(part)
        used += cost
    return parts


def phrase(part: str) -> list[str]:
    """The tokens a query part must match in a row: a Chinese word's pairs, or the word."""
    if is_cjk(part) and len(part) >= 2:
        return list(map(operator.add, part, part[1:]))
    return [part]


def is_prefix(part: str) -> bool:
    """A single Chinese character matches every token it begins."""
    return is_cjk(part) and len(part) == 1
