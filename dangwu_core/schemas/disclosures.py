"""Disclosures, their versions and workflow transitions as the API shows and takes them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models import Scope
from .common import PageArgs, UTCDateTime
from .numbers import Id


class DisclosureSchema(Schema):
    id = fields.Integer(required=True)
    organization = fields.Function(lambda d: d.organization.code)
    organization_name = fields.Function(lambda d: d.organization.name)
    title = fields.String(required=True)
    scope = fields.String(required=True)
    state = fields.String(required=True)
    catalog_item = fields.Function(lambda d: d.catalog_item.code if d.catalog_item_id else None)
    category = fields.Function(
        lambda d: d.catalog_item.category.code if d.catalog_item_id else None
    )
    period = fields.String(attribute="period_label")
    published_at = UTCDateTime(allow_none=True)
    display_from = fields.Date(allow_none=True)
    display_until = fields.Date(allow_none=True)
    current_version = fields.Integer()
    lock_version = fields.Integer()


class VersionSchema(Schema):
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    reason = fields.String(metadata={"description": "Why this version replaced the one before."})
    published_at = UTCDateTime(allow_none=True)


class AttachmentSchema(Schema):
    """An attachment (附件) of the current version; its bytes are at ``download_url``."""

    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True, metadata={"description": "In bytes."})
    sha256 = fields.String(required=True)
    version = fields.Integer(metadata={"description": "The version that added it."})
    section = fields.Integer(
        allow_none=True,
        metadata={"description": "The position of the section it belongs to (null: the whole)."},
    )
    created_at = UTCDateTime()
    download_url = fields.String(
        required=True,
        metadata={"description": "Where the file is downloaded (the same readers as the item)."},
    )


class SectionSchema(Schema):
    """One section of a 党务公开日 sheet: the part of the disclosure that fulfils one
    obligation. Only the sections the caller may read are listed (a section may have a
    narrower scope than its disclosure); a withheld one (暂不宜公开) shows its title and the
    notice, its content only to the disclosing organization's officers."""

    position = fields.Integer(required=True, metadata={"description": "Its place on the sheet."})
    title = fields.String(required=True)
    body = fields.String(
        allow_none=True,
        metadata={"description": "Its content; null for a withheld section (暂不宜公开)."},
    )
    scope = fields.String(
        required=True,
        validate=validate.OneOf(Scope.values()),
        metadata={"description": "Who may read it: the disclosure's scope or a narrower one."},
    )
    withheld = fields.Boolean(
        required=True, metadata={"description": "Left out for now (暂不宜公开), filed upstream."}
    )
    withheld_notice = fields.String(
        metadata={"description": "“暂不宜公开” for a withheld section, else empty."}
    )
    withheld_reason = fields.String(
        metadata={"description": "Why it is withheld: for the organization's officers only."}
    )
    reason = fields.String(
        metadata={"description": "Why it changed in this version (再公开); empty if unchanged."}
    )
    catalog_item = fields.String(
        allow_none=True, metadata={"description": "The code of the catalog item it discloses."}
    )
    obligation = fields.Integer(
        allow_none=True, metadata={"description": "The id of the obligation it fulfils."}
    )


class DisclosureDetailSchema(DisclosureSchema):
    body = fields.String(metadata={"description": "The current version's text."})
    versions = fields.List(fields.Nested(VersionSchema))
    attachments = fields.List(
        fields.Nested(AttachmentSchema),
        attribute="attachment_list",
        metadata={"description": "The current version's attachments (附件)."},
    )
    sections = fields.List(
        fields.Nested(SectionSchema),
        attribute="section_list",
        metadata={
            "description": "The sections of a 党务公开日 sheet the caller may read, in order "
            "(empty for a disclosure without sections)."
        },
    )


class DisclosureArgs(PageArgs):
    organization = fields.String(
        validate=validate.Length(max=64),
        metadata={"description": "An organization's code; its subtree with subtree=true."},
    )
    subtree = fields.Boolean(load_default=False)
    category = fields.String(validate=validate.Length(max=64))
    period = fields.String(validate=validate.Length(max=64))
    state = fields.String(validate=validate.Length(max=32))
    scope = fields.String(validate=validate.OneOf(Scope.values()))


class TransitionInput(Schema):
    """Fire a workflow transition by name."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=64))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))
    lock_version = Id(
        metadata={"description": "The lock version you saw: a change meanwhile answers 409."},
    )
    findings = fields.Dict(
        keys=fields.String(validate=validate.Length(max=64)),
        values=fields.String(validate=validate.Length(max=2000)),
        metadata={"description": "The review's findings (necessity, accuracy, legality, secrecy)."},
    )
    title = fields.String(validate=validate.Length(min=1, max=300))
    body = fields.String(validate=validate.Length(min=1, max=100_000))


class TransitionsSchema(Schema):
    available_transitions = fields.List(fields.String(), required=True)


class TransitionResultSchema(TransitionsSchema):
    disclosure = fields.Nested(DisclosureSchema, required=True)
    event = fields.Integer(required=True, metadata={"description": "The audit event's id."})
