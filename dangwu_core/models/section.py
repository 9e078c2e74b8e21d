"""公开事项的分项: the sections of a 党务公开日 sheet, one per obligation it fulfils.

One disclosure may fulfil several obligations of one organization for one period (003
§8(二): the monthly 党务公开日 sheet). Each section is one obligation's part of it: the
item's title, its content, optionally a narrower scope than the disclosure's, or withheld
(暂不宜公开) with the filing that reports it to the upper organization.

Sections belong to a version of their disclosure (``version`` is the
``DisclosureVersion.number``): a re-publication (再公开) copies every section into the new
version, so each version's sections are its own rows and an older version reads as it was
published. A section changed in a version from 2 on carries its ``reason``.

Files of a section are the disclosure's attachments naming its ``position``
(``Attachment.section``): positions are stable across versions, rows are not.
"""

from __future__ import annotations

import peewee

from .base import TimestampedModel, check_in
from .catalog import CatalogItem
from .choices import Scope
from .disclosure import Disclosure
from .filing import Filing
from .obligation import Obligation


class DisclosureSection(TimestampedModel):
    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="sections", on_delete="CASCADE", index=False
    )
    #: The ``DisclosureVersion.number`` this row belongs to.
    version = peewee.IntegerField(constraints=[peewee.Check("version >= 1")])
    #: Order on the sheet (1, 2, ...), stable across versions.
    position = peewee.IntegerField(constraints=[peewee.Check("position >= 1")])
    obligation = peewee.ForeignKeyField(
        Obligation, null=True, backref="sections", on_delete="SET NULL"
    )
    catalog_item = peewee.ForeignKeyField(
        CatalogItem, null=True, backref="sections", on_delete="RESTRICT"
    )
    title = peewee.CharField(max_length=300)
    body = peewee.TextField(default="")
    #: None: the disclosure's scope; else a narrower one (a party-only part of a public sheet).
    scope = peewee.CharField(
        max_length=16,
        null=True,
        constraints=[peewee.Check("scope IS NULL OR " + check_in("scope", Scope))],
    )
    #: 暂不宜公开: left out of the publication, with its reason and filing.
    withheld = peewee.BooleanField(default=False)
    withheld_reason = peewee.TextField(default="")
    filing = peewee.ForeignKeyField(Filing, null=True, on_delete="SET NULL")
    #: Why the section changed in this version (required for a changed section from 2 on).
    reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("disclosure", "version", "position"), True),)
        constraints = [peewee.Check("NOT withheld OR withheld_reason <> ''")]

    def __str__(self) -> str:
        return self.title
