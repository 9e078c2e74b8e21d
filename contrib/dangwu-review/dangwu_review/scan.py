"""Every check of this plugin on one text, and on one file."""

from __future__ import annotations

from collections.abc import Iterable

from .extract import extract_text
from .hits import Hit
from .markings import classification, internal_markings
from .personal import personal_data
from .words import DEFAULT_WORDS, sensitive_words


def scan(text: str, words: Iterable[str] = DEFAULT_WORDS) -> list[Hit]:
    """Every hit of every check in ``text``, in the order of the text."""
    hits = classification(text) + internal_markings(text)
    hits += personal_data(text) + sensitive_words(text, words)
    return sorted(hits, key=lambda h: (h.start, h.end, h.kind))


def scan_file(
    name: str, data: bytes, words: Iterable[str] = DEFAULT_WORDS
) -> tuple[str, list[Hit]]:
    """The text of the file and its hits. :raises Unreadable: see :func:`extract_text`."""
    text = extract_text(name, data)
    return text, scan(text, words)
