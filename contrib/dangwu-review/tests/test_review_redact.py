"""Redacted copies of attachments (脱敏, 004 七(三)): the public gets a .docx, .xlsx or text
file with the ID numbers the review found replaced by their masked form; a copy that would
still show one is not given (the file is withheld), nor is a PDF's."""

from __future__ import annotations

import io

import docx
import openpyxl
from corpus import id_check
from dangwu_review.extract import extract_text
from dangwu_review.personal import personal_data
from dangwu_review.redact import redacted_copy

from dangwu_core.toolkit import Span

ID = "11010819800101001" + id_check("11010819800101001")
MASKED = f"110108********{ID[-4:]}"


def spans(name: str, data: bytes) -> list[Span]:
    """What the checks find in the file, as core hands it to the hook."""
    text = extract_text(name, data)
    return [
        Span(h.start, h.end, "", h.kind, h.action, h.suggestion, f"attachment:{name}")
        for h in personal_data(text)
    ]


def test_a_docx_number_split_across_runs_is_masked_in_paragraphs_and_tables():
    document = docx.Document()
    paragraph = document.add_paragraph("李明 ")
    paragraph.add_run(ID[:9])
    paragraph.add_run(ID[9:]).bold = True
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = ID
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    copy = redacted_copy("名单.docx", data, spans("名单.docx", data))
    text = extract_text("名单.docx", copy)
    assert ID not in text and text.count(MASKED) == 2 and f"李明 {MASKED}" in text


def test_an_xlsx_number_cell_is_masked_whether_text_or_number():
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["李明", ID])
    book.active.append(["电话", 13800138000])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    copy = redacted_copy("名单.xlsx", data, spans("名单.xlsx", data))
    text = extract_text("名单.xlsx", copy)
    assert ID not in text and "13800138000" not in text
    assert MASKED in text and "138****8000" in text


def test_a_text_file_is_masked_and_a_pdf_is_never_copied():
    data = f"名单：李明 {ID}\n".encode("gb18030")
    copy = redacted_copy("名单.txt", data, spans("名单.txt", data))
    assert copy.decode("utf-8") == f"名单：李明 {MASKED}\n"
    assert (
        redacted_copy("名单.pdf", b"%PDF-1.4\n", [Span(0, 4, "", "id_card", "redact", "*")]) is None
    )


def test_a_copy_that_still_shows_a_masked_text_is_not_given():
    """The copy is read back: if a masked text is still in it (here a suggestion that repeats
    the number), no copy is given and core withholds the file."""
    data = f"李明 {ID}".encode()
    (found,) = spans("名单.txt", data)
    assert redacted_copy("名单.txt", data, [found]) == f"李明 {MASKED}".encode()
    repeating = Span(found.start, found.end, "", "id_card", "redact", f"（{ID}）", found.source)
    assert redacted_copy("名单.txt", data, [repeating]) is None
