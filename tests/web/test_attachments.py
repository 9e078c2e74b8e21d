"""Attachments (附件): what is accepted, when and by whom, and how they are served.

Rules: ``dangwu_core.attachments`` (a draft's files by its proposer; a published item's only
with a re-publication, by whoever may re-publish it; the type sniffed from the bytes and agreeing
with the extension; ``attachment_max_bytes``; one clear error, nothing written) and
``dangwu_core.web.downloads`` (the page's reading rule, a download never rendered, RFC 5987 file
name, ETag). Who reads which file on every surface is in test_leaks.py.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest

from dangwu_core import attachments
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import Attachment, Disclosure, Event, Person

from .conftest import login

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
GIF = b"GIF89a" + b"\x00" * 16
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
CSV = "月份,应交人数,实交人数,金额（元）\n1,32,32,1213.00\n".encode()


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


SAMPLES = {
    "a.pdf": (PDF, "application/pdf"),
    "a.png": (PNG, "image/png"),
    "a.jpg": (JPEG, "image/jpeg"),
    "a.JPEG": (JPEG, "image/jpeg"),
    "a.gif": (GIF, "image/gif"),
    "a.docx": (
        _zip("[Content_Types].xml", "word/document.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "a.xlsx": (
        _zip("[Content_Types].xml", "xl/workbook.xml"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "a.doc": (OLE + "WordDocument".encode("utf-16-le") + b"\0\0", "application/msword"),
    "a.xls": (OLE + "Workbook".encode("utf-16-le") + b"\0\0", "application/vnd.ms-excel"),
    "a.txt": ("党费收缴情况\n".encode(), "text/plain; charset=utf-8"),
    "a.csv": (CSV, "text/csv; charset=utf-8"),
}


def _person(name: str) -> Person:
    return Person.get(Person.name == name)


@pytest.fixture
def draft(demo):
    return Disclosure.select().where(Disclosure.state == "draft").order_by(Disclosure.id).first()


@pytest.fixture
def decision(demo):
    """The town's public decision, published (and re-published once) by the office 李秀英."""
    return Disclosure.get(Disclosure.title.startswith("关于实施办公区节能改造"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_accepted_type_is_sniffed_from_its_bytes(demo, draft, name):
    data, content_type = SAMPLES[name]
    added = attachments.add(demo, draft, name, data, draft.proposer)
    assert (added.content_type, added.size, added.filename) == (
        content_type,
        len(data),
        "{}.{}".format(*name.rsplit(".", 1)[0:1], name.rsplit(".", 1)[1].lower()),
    )
    assert attachments.current(draft)[-1].id == added.id


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"", "the file is empty"),
        ("a.exe", b"MZ\x90\x00", ".exe files are not accepted"),
        ("说明", PDF, "has no extension"),
        ("a.pdf", PNG, "named as a PDF but its content is a PNG image"),
        ("a.txt", PDF, "named as a UTF-8 text but its content is a PDF"),
        ("a.docx", _zip("[Content_Types].xml", "xl/workbook.xml"), "its content is a Excel"),
        ("a.docx", _zip("word/document.xml"), "none of the accepted types"),
        ("a.pdf", b"\x00\x01binary", "none of the accepted types"),
        ("a.txt", "GBK 编码".encode("gbk"), "none of the accepted types"),
        ("a.doc", OLE, "none of the accepted types"),
        ("a.png", "not bytes", "must be bytes"),
        ("...", PDF, "needs a file name"),
    ],
)
def test_a_refused_file_gets_one_clear_error_and_nothing_is_written(
    demo, draft, contents, name, data, message
):
    before = contents(demo.settings.database_url)
    with pytest.raises(ValidationError, match=message):
        attachments.add(demo, draft, name, data, draft.proposer)
    assert contents(demo.settings.database_url) == before


def test_the_size_limit_is_the_setting(demo, draft, contents):
    demo.settings = demo.settings.replace(attachment_max_bytes=len(CSV) - 1)
    before = contents(demo.settings.database_url)
    with pytest.raises(ValidationError, match=r"limited to .*attachment_max_bytes"):
        attachments.add(demo, draft, "a.csv", CSV, draft.proposer)
    assert contents(demo.settings.database_url) == before
    demo.settings = demo.settings.replace(attachment_max_bytes=len(CSV))
    assert attachments.add(demo, draft, "a.csv", CSV, draft.proposer).size == len(CSV)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/党费表.csv", "党费表.csv"),
        ("C:\\Users\\a\\党费表.CSV", "党费表.csv"),
        ('a<b>:"c"|?*.csv', "a_b___c____.csv"),
        ("  .hidden  name .csv", "hidden name.csv"),
        ("fdp\u202e.exe.csv", "fdp.exe.csv"),
        ("x" * 300 + ".csv", "x" * 116 + ".csv"),
    ],
)
def test_file_names_are_sanitized(demo, draft, given, kept):
    assert attachments.clean_filename(given) == kept
    assert attachments.add(demo, draft, given, CSV, draft.proposer).filename == kept


def test_a_name_is_unique_within_a_version(demo, draft):
    attachments.add(demo, draft, "表.csv", CSV, draft.proposer)
    with pytest.raises(ValidationError, match="already has a file named"):
        attachments.add(demo, draft, "表.csv", CSV, draft.proposer)


def test_only_the_proposer_changes_a_drafts_files(demo, draft, contents):
    before = contents(demo.settings.database_url)
    for someone in (_person("李秀英"), _person("钱有福"), None):
        with pytest.raises(PermissionDenied, match="only its proposer"):
            attachments.add(demo, draft, "a.csv", CSV, someone)
    assert contents(demo.settings.database_url) == before


def test_an_item_under_review_takes_no_files(demo, contents):
    item = Disclosure.get(Disclosure.state == "in_review")
    before = contents(demo.settings.database_url)
    with pytest.raises(ValidationError, match="only while it is a draft, or for a re-publication"):
        attachments.add(demo, item, "a.csv", CSV, item.proposer)
    assert contents(demo.settings.database_url) == before


def test_adding_is_an_audit_event(demo, draft):
    added = attachments.add(demo, draft, "a.csv", CSV, draft.proposer)
    event = Event.select().order_by(Event.id.desc()).first()
    assert (event.action, event.subject_type, event.subject_id) == (
        "disclosure.attachment_add",
        "disclosure",
        draft.id,
    )
    assert event.payload["sha256"] == added.sha256 and event.payload["size"] == len(CSV)


def test_a_republication_carries_its_staged_files_and_drops_removed_ones(demo, decision, client):
    office = _person("李秀英")
    with pytest.raises(PermissionDenied, match="re-publish"):
        attachments.add(demo, decision, "时间表.csv", CSV, _person("钱有福"))
    plan = [a.filename for a in attachments.current(decision)]  # the demo's PDF
    assert plan == ["节能改造三年行动实施方案.pdf"]
    old = attachments.add(demo, decision, "旧表.csv", CSV, office)  # staged for the next one
    assert [a.filename for a in attachments.current(decision)] == plan
    page = client.get(f"/disclosures/{decision.id}").get_data(as_text=True)
    assert "旧表.csv" not in page
    assert client.get(f"/disclosures/{decision.id}/attachments/{old.id}").status_code == 404
    demo.fire(decision, "republish", office, comment="附上明细", body="新正文一")
    decision = Disclosure.get_by_id(decision.id)
    assert [a.filename for a in attachments.current(decision)] == [*plan, "旧表.csv"]
    first = decision.current_version
    # the next re-publication replaces the table: remove, add, re-publish
    attachments.remove(demo, old, office, reason="表格更新")
    attachments.add(demo, decision, "新表.csv", CSV + b"2,32,32,1226.00\n", office)
    assert [a.filename for a in attachments.current(decision)] == [*plan, "旧表.csv"]
    demo.fire(decision, "republish", office, comment="更新明细", body="新正文二")
    decision = Disclosure.get_by_id(decision.id)
    assert [a.filename for a in attachments.current(decision)] == [*plan, "新表.csv"]
    assert [a.filename for a in attachments.of_version(decision, first)] == [*plan, "旧表.csv"]
    page = client.get(f"/disclosures/{decision.id}").get_data(as_text=True)
    assert "新表.csv" in page and "旧表.csv" in page  # the old one under its version
    assert client.get(f"/disclosures/{decision.id}/attachments/{old.id}").status_code == 200


def test_a_download_is_a_download_of_the_exact_bytes(demo, decision, client):
    office = _person("李秀英")
    added = attachments.add(demo, decision, "党费收缴 明细;表.csv", CSV, office)
    demo.fire(decision, "republish", office, comment="附上明细", body="新正文")
    answer = client.get(f"/disclosures/{decision.id}/attachments/{added.id}")
    assert answer.status_code == 200 and answer.data == CSV
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert f"filename*=UTF-8''{quote('党费收缴 明细;表.csv', safe='')}" in disposition
    assert answer.headers["ETag"] == f'"{added.sha256}"'
    again = client.get(
        f"/disclosures/{decision.id}/attachments/{added.id}",
        headers={"If-None-Match": answer.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""
    # the API lists it with a download URL that serves the same bytes
    detail = client.get(f"/api/v1/disclosures/{decision.id}").get_json()
    (listed,) = [a for a in detail["attachments"] if a["id"] == added.id]
    assert listed["filename"] == "党费收缴 明细;表.csv" and listed["sha256"] == added.sha256
    assert client.get(listed["download_url"]).data == CSV


def test_a_file_is_only_found_under_its_own_disclosure(demo, decision, client):
    """A readable disclosure's id does not open another (unreadable) disclosure's file."""
    secret = Disclosure.select().where(Disclosure.state == "draft").first()
    hidden = attachments.add(demo, secret, "内部.csv", CSV, secret.proposer)
    for url in (
        f"/disclosures/{decision.id}/attachments/{hidden.id}",
        f"/api/v1/disclosures/{decision.id}/attachments/{hidden.id}",
        f"/disclosures/{secret.id}/attachments/{hidden.id}",
        f"/disclosures/{decision.id}/attachments/99999999999",
    ):
        assert client.get(url).status_code == 404, url
    login(client, Person.get_by_id(secret.proposer_id).accounts.get().username)
    assert client.get(f"/disclosures/{secret.id}/attachments/{hidden.id}").data == CSV


def test_lists_never_load_the_bytes(demo, draft):
    attachments.add(demo, draft, "a.csv", CSV, draft.proposer)
    (row,) = attachments.current(draft)
    assert "data" not in row.__data__
    assert Attachment.get_by_id(row.id).data == CSV


def test_the_demo_discloses_real_files(demo, decision, client):
    """The demo's public decision carries a PDF plan; the dues reports their CSV tables."""
    (plan,) = attachments.current(decision)
    data = client.get(f"/disclosures/{decision.id}/attachments/{plan.id}").data
    assert attachments.sniff(data) == "pdf" and data.rstrip().endswith(b"%%EOF")
    page = client.get(f"/disclosures/{decision.id}").get_data(as_text=True)
    assert "节能改造三年行动实施方案.pdf" in page
    dues = Disclosure.get(Disclosure.title.contains("党费收缴"), Disclosure.state == "published")
    (table,) = attachments.current(dues)
    assert table.content_type == "text/csv; charset=utf-8"
    # a party-scope item's file: not to the public, to the branch's member
    url = f"/disclosures/{dues.id}/attachments/{table.id}"
    assert client.get(url).status_code == 404
    login(client, "qianyf")
    assert client.get(url).data.decode().startswith("项目,人数或金额")
