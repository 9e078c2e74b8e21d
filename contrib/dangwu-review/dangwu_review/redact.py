"""Redacted copies of attachments (脱敏) for readers who may not see the original: the found
text at each span's offsets (in the text :func:`~.extract.extract_text` gives) is replaced,
wherever it occurs, by the span's suggestion — in a .docx's paragraphs, tables, headers and
footers (python-docx), an .xlsx's cells (openpyxl), a plain-text file's text.

A copy is only given when reading it back finds none of the masked texts; otherwise (and for
a PDF, which cannot be safely redacted in place) the answer is None and core withholds the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import PurePath

from .extract import PLAIN, Unreadable, _plain, extract_text


def _replaced(text: str, replacements: dict[str, str]) -> str:
    for found, shown in replacements.items():
        text = text.replace(found, shown)
    return text


def _paragraphs(document) -> Iterable:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def _docx(data: bytes, replacements: dict[str, str]) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in _paragraphs(document):
        text = paragraph.text
        if not any(found in text for found in replacements):
            continue
        runs = paragraph.runs
        if runs and all(_replaced(r.text, replacements) == r.text for r in runs):
            # the text is split across runs: keep the first run's formatting for all of it
            runs[0].text = _replaced(text, replacements)
            for run in runs[1:]:
                run.text = ""
        else:
            for run in runs:
                run.text = _replaced(run.text, replacements)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(data: bytes, replacements: dict[str, str]) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, str):
                    value = str(cell.value)
                    if any(found in value for found in replacements):
                        cell.value = _replaced(value, replacements)
                elif isinstance(cell.value, str):
                    cell.value = _replaced(cell.value, replacements)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(data: bytes, replacements: dict[str, str]) -> bytes:
    return _replaced(_plain(data), replacements).encode("utf-8")


WRITERS = {".docx": _docx, ".xlsx": _xlsx}


def redacted_copy(filename: str, data: bytes, spans: Iterable) -> bytes | None:
    """``data`` with every span's text replaced by its suggestion, or None when this file
    cannot be redacted (a PDF, an unreadable file, a copy that still shows a masked text)."""
    suffix = PurePath(filename).suffix.lower()
    writer = WRITERS.get(suffix, _text if suffix in PLAIN or not suffix else None)
    if writer is None:
        return None
    try:
        text = extract_text(filename, data)
    except Unreadable:
        return None
    replacements = {
        text[s.start : s.end]: s.suggestion or "*" * (s.end - s.start)
        for s in spans
        if str(s.source).startswith("attachment:") and 0 <= s.start < s.end <= len(text)
    }
    replacements = {found: shown for found, shown in replacements.items() if found.strip()}
    if not replacements:
        return data
    copy = writer(data, dict(sorted(replacements.items(), key=lambda r: -len(r[0]))))
    try:
        again = extract_text(filename, copy)
    except Unreadable:
        return None
    if any(found in again for found in replacements):
        return None
    return copy
