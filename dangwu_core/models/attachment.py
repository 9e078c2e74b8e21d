"""附件: the files of a disclosure, kept in the database itself.

The bytes live in a BLOB column (``bytea`` on PostgreSQL), so a backup (``dangwu backup``) is
one consistent snapshot of the content and its files, on SQLite and PostgreSQL alike.

An attachment belongs to a range of versions of its disclosure: from ``version`` (the version
it was added with) up to, not including, ``until_version`` (None: still current). A draft's
files belong to its current version; a re-publication's (再公开) are staged for the version
it will create and appear when it is published, and a file it drops or replaces ends there.

A file of a 党务公开日 sheet may belong to one of its sections: ``section`` names the
section's position (stable across versions, while each version has its own section rows).
"""

from __future__ import annotations

import peewee

from .base import TimestampedModel
from .disclosure import Disclosure
from .people import Person


class Attachment(TimestampedModel):
    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="attachments", on_delete="CASCADE", index=False
    )
    version = peewee.IntegerField(constraints=[peewee.Check("version >= 1")])
    until_version = peewee.IntegerField(null=True)
    #: The sanitized file name shown and offered for download (extension included).
    filename = peewee.CharField(max_length=200)
    #: Sniffed from the bytes, never taken from the uploader.
    content_type = peewee.CharField(max_length=100)
    size = peewee.IntegerField(constraints=[peewee.Check("size > 0")])
    sha256 = peewee.CharField(max_length=64)
    data = peewee.BlobField()
    uploaded_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT")
    #: The position of the section (``DisclosureSection.position``) the file belongs to; None
    #: for a file of the whole disclosure.
    section = peewee.IntegerField(null=True)

    class Meta:
        indexes = ((("disclosure", "version"), False),)
        constraints = [peewee.Check("until_version IS NULL OR until_version > version")]

    def __str__(self) -> str:
        return self.filename
