"""The demo's files: a branch's Party-dues table (CSV) and one-page PDFs of plans, made
from the figures the story tells, so every attachment opens and reads true."""

from __future__ import annotations


def dues_table(year: int, month: int) -> bytes:
    """The branch's Party-dues table for a month (党费收缴、管理和使用情况), as UTF-8 CSV."""
    previous = month - 1 or 12
    rows = [
        "项目,人数或金额,说明",
        "应交党费党员（名）,32,",
        "实交党费党员（名）,32,含外出务工党员委托代交3名",
        f"收缴党费（元）,{1200 + month * 13}.00,{previous}月",
        "使用党费（元）,0.00,",
        f"上缴镇党委（元）,{1200 + month * 13}.00,已全额上缴",
    ]
    return ("\n".join(rows) + "\n").encode()


def plan_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (A4) of ``title`` and ``lines`` in Chinese: the viewer's own Song font
    (STSong-Light, Adobe-GB1), so nothing needs embedding."""

    def text(value: str) -> str:
        return "<" + value.encode("utf-16-be").hex().upper() + ">"

    shown = [f"BT /F1 16 Tf 72 770 Td {text(title)} Tj ET"]
    for index, line in enumerate(lines):
        shown.append(f"BT /F1 11 Tf 72 {730 - 20 * index} Td {text(line)} Tj ET")
    stream = "\n".join(shown).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
