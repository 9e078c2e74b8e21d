"""The one-pass tokenizer (issue 15: a reindex at 2,000 documents/s and more) cuts every text
exactly as the segment-by-segment definition of :mod:`dangwu_core.search.text` does, so the
index it writes is the one the queries (and the ``LIKE``-equality test) expect."""

from __future__ import annotations

import random
import unicodedata

import pytest

from dangwu_core.search import text

#: Chinese at the edges of every range the tokenizer calls Chinese, and just outside them;
#: full-width forms and the ideographic space (mapped before NFKC); letters that NFKC or
#: casefold change (ﬁ, ß, Ⅻ, half-width katakana, a combining accent); Hangul, digits,
#: underscores, punctuation and spaces.
ALPHABET = (
    "党费换届公示发展党员支部\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\u33ff\ua000\ufb00"
    "，（）：；！？　ＡＢｚ１２＿"
    "abcZ09_é\u0301ﬁßⅫｶﾞ가나\u2460"
    " \n\t-.,'\"·、。《》"
)


def reference_tokens(value: str) -> list[str]:
    """The definition: NFKC and casefold, cut into segments, each segment's tokens."""
    normalized = unicodedata.normalize("NFKC", value).casefold()
    segments = [
        s if text.is_cjk(s) else s[: text.MAX_WORD] for s in text._SEGMENT.findall(normalized)
    ]
    return [t for segment in segments for t in text.run_tokens(segment)]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_tokens_equal_the_segment_by_segment_definition(seed):
    for value in _texts(seed, 5000):
        assert text.tokens(value) == reference_tokens(value), value
        assert text.normalize(value) == unicodedata.normalize("NFKC", value).casefold(), value


@pytest.mark.parametrize(
    "value, expected",
    [
        ("发展党员", ["发展", "展党", "党员", "员"]),
        ("党费，ＰＤＦ文件", ["党费", "费", "pdf", "文件", "件"]),
        ("x" * 40 + "党", ["x" * text.MAX_WORD, "党"]),
        ("２０２６年", ["2026", "年"]),
        ("", []),
    ],
)
def test_tokens_of_known_texts(value, expected):
    assert text.tokens(value) == expected
