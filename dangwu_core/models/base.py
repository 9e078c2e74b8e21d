"""The base model and the field types shared by every model."""

from __future__ import annotations

import json
import zlib

import peewee

from ..clock import utcnow
from ..db import database


class JSONField(peewee.TextField):
    """JSON stored as text: portable across SQLite and PostgreSQL.

    Used only for small, write-once structures (channel lists, event payloads); anything the
    portal, API or supervision filters on is a real column.
    """

    def db_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def python_value(self, value):
        if value is None:
            return None
        return json.loads(value)


class CompressedTextField(peewee.BlobField):
    """Text stored zlib-compressed (a BLOB, ``bytea`` on PostgreSQL), read back as text.

    For long text kept only to be read whole by the program (the search index's stored copy
    of each document): Chinese in UTF-8 takes about two thirds of its size this way. Nothing
    can filter or sort on such a column in SQL.
    """

    #: zlib's level: 6 packs these texts as tightly as 9 does, and faster.
    LEVEL = 6

    def db_value(self, value):
        if value is None:
            return None
        return super().db_value(zlib.compress(value.encode("utf-8"), self.LEVEL))

    def python_value(self, value):
        if value is None:
            return None
        return zlib.decompress(value).decode("utf-8")


def check_in(column: str, values) -> str:
    """A CHECK constraint body that keeps ``column`` inside a closed vocabulary."""
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


class BaseModel(peewee.Model):
    """Every dangwu model: bound to the database proxy, snake_case table names."""

    class Meta:
        database = database
        legacy_table_names = False


class TimestampedModel(BaseModel):
    created_at = peewee.DateTimeField(default=utcnow)
