"""The text of a file, for the checks: .txt (and other plain text), .docx, .xlsx, text-layer
.pdf. A file that cannot be read is an :class:`Unreadable` naming the file and the cause, never
a crash: the caller reports it and goes on with the other files.
"""

from __future__ import annotations

import io
from pathlib import PurePath

#: The suffixes read as plain text.
PLAIN = {".txt", ".md", ".csv", ".html", ".htm", ".xml", ".json"}
READABLE = sorted(PLAIN | {".docx", ".xlsx", ".pdf"})


class Unreadable(Exception):
    """The text of a file could not be extracted; the message names the file and why."""


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("不是 UTF-8 或 GB18030 编码的文本")


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines = []
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                lines.append("\t".join("" if v is None else str(v) for v in row))
        return "\n".join(lines)
    finally:
        book.close()


def _pdf(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    if not text.strip() and reader.pages:
        raise ValueError("PDF 没有文字层（扫描件？），请人工审查")
    return text


def extract_text(name: str, data: bytes) -> str:
    """The text of the file ``name`` with contents ``data``.

    :raises Unreadable: the type is not one the checks read, or the file is damaged.
    """
    suffix = PurePath(name).suffix.lower()
    readers = {".docx": _docx, ".xlsx": _xlsx, ".pdf": _pdf}
    reader = readers.get(suffix, _plain if suffix in PLAIN or not suffix else None)
    if reader is None:
        raise Unreadable(
            f"{name}: 无法读取文字（{suffix} 不是可审查的类型：{'、'.join(READABLE)}），请人工审查"
        )
    try:
        return reader(data)
    except Exception as exc:
        # every reader's own error (damaged zip, bad XML, encrypted PDF...) becomes one message
        raise Unreadable(
            f"{name}: 无法读取文字（{type(exc).__name__}: {exc}），请人工审查"
        ) from exc
