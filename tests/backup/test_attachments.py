"""A backup keeps the files (附件): ``dangwu backup`` then ``dangwu restore`` gives back every
attachment byte for byte, on SQLite and PostgreSQL (``database_url``: CI provides the server).

The files live in the database (``Attachment.data``, migration 0005) precisely so that the
backup holds them; this is the promise checked end to end, with bytes a text round trip would
break (every byte value, NULs, invalid UTF-8) and the demo's own CSV table and PDF plan.
"""

from __future__ import annotations

import hashlib

from dangwu_core import attachments
from dangwu_core.db import open_database
from dangwu_core.models import CatalogItem, Obligation, Organization, Person
from dangwu_core.testing import start_unit

from .conftest import assert_ok

#: A PNG by its signature, then every byte value (NULs, 0x80-0xFF: no valid text) many times.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4096 + b"\x00" * 1000


def files(url: str) -> list[tuple]:
    """(id, disclosure, version, name, content type, size, sha256, bytes) of every file."""
    db = open_database(url)
    db.connect()
    try:
        rows = db.execute_sql(
            "SELECT id, disclosure_id, version, filename, content_type, size, sha256, data "
            "FROM attachment ORDER BY id"
        ).fetchall()
        return [(*row[:7], bytes(row[7])) for row in rows]
    finally:
        db.close()


def attach_a_binary_file(url: str) -> None:
    unit = start_unit(url)
    try:
        branch = Organization.get(Organization.code == "TS-B01")
        liaison = Person.get(Person.name == "孙丽")
        item = (
            CatalogItem.select()
            .join(Obligation, on=(Obligation.catalog_item == CatalogItem.id))
            .where(Obligation.organization == branch)
            .first()
        )
        draft = unit.create_draft(
            branch, liaison, "公开栏照片", "照片见附件。", "party", ["meeting"], catalog_item=item
        )
        attachments.add(unit, draft, "公开栏照片.png", PNG, liaison)
    finally:
        unit.db.close()


def test_backup_and_restore_keep_every_attachment_byte_for_byte(
    run, database_url, other_url, tmp_path
):
    demo_url = database_url
    assert_ok(run(demo_url, "demo", "--sector", "testsector"))
    attach_a_binary_file(demo_url)
    before = files(demo_url)
    kinds = {row[4] for row in before}
    assert "image/png" in kinds and "application/pdf" in kinds, kinds  # the demo's files too
    assert any(row[7] == PNG for row in before)

    file = tmp_path / "unit.backup"
    assert_ok(run(demo_url, "backup", str(file)))
    assert_ok(run(other_url, "restore", str(file)))

    after = files(other_url)
    assert after == before
    for _id, _d, _v, name, _type, size, sha256, data in after:
        assert len(data) == size, name
        assert hashlib.sha256(data).hexdigest() == sha256, name
