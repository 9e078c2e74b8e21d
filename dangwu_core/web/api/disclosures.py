"""Disclosures (list, detail, versions) and their workflow transitions."""

from __future__ import annotations

from flask import abort, url_for
from flask.views import MethodView

from ... import access, attachments, sections
from ...models import (
    CatalogItem,
    Category,
    Disclosure,
    DisclosureVersion,
    OrganizationClosure,
)
from ...schemas import (
    DisclosureArgs,
    DisclosureDetailSchema,
    DisclosureSchema,
    ErrorSchema,
    TransitionInput,
    TransitionResultSchema,
    TransitionsSchema,
    VersionSchema,
    page_of,
)
from ..auth import current_person, current_token
from ..caching import conditional
from ..downloads import attachment_response
from ..reading import listing, organization_by_code, readable_disclosure, reader, unit
from .paging import paginate_listing
from .parsing import Blueprint

blp = Blueprint("disclosures", __name__, url_prefix="/api/v1", description="公开事项及其程序")


def _versions(item: Disclosure) -> list:
    """The versions of ``item``, newest first, as the caller sees them (masked, 脱敏, for
    those who may not see the original: :func:`dangwu_core.access.text_for`)."""
    found = (
        DisclosureVersion.select()
        .where(
            (DisclosureVersion.disclosure == item.id)
            & (DisclosureVersion.number <= item.current_version)
        )
        .order_by(DisclosureVersion.number.desc())
    )
    return access.shown_versions(reader(), item, found)


@blp.route("/disclosures")
class Disclosures(MethodView):
    decorators = [conditional]

    @blp.arguments(DisclosureArgs, location="query")
    @blp.response(200, page_of(DisclosureSchema))
    def get(self, args):
        """Disclosures the caller may read, newest first; filter by organization, category,
        period, state and scope."""
        found = listing()
        if args.get("organization"):
            org = organization_by_code(args["organization"])
            if args.get("subtree"):
                below = OrganizationClosure.select(OrganizationClosure.descendant).where(
                    OrganizationClosure.ancestor == org.id
                )
                found = found.where(Disclosure.organization.in_(below))
            else:
                found = found.where(Disclosure.organization == org.id)
        if args.get("category"):
            found = found.where(
                Disclosure.catalog_item.in_(
                    CatalogItem.select(CatalogItem.id)
                    .join(Category)
                    .where(Category.code == args["category"])
                )
            )
        if args.get("period"):
            found = found.where(Disclosure.period_label == args["period"])
        found = found.only(state=args.get("state") or None, scope=args.get("scope") or None)
        return paginate_listing(found, args)


@blp.route("/disclosures/<int:disclosure_id>")
class DisclosureDetail(MethodView):
    decorators = [conditional]

    @blp.response(200, DisclosureDetailSchema)
    def get(self, disclosure_id):
        """One disclosure with its current text and its versions (再公开 gives each a reason);
        a 党务公开日 sheet with the sections the caller may read."""
        item = readable_disclosure(disclosure_id)
        reader = current_person()
        hidden = sections.hidden_positions(item, reader)
        versions = _versions(item)
        item.body = versions[0].body if versions else ""
        if versions:
            item.title = versions[0].title
        item.versions = versions
        item.attachment_list = [
            {
                "id": a.id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "version": a.version,
                "section": a.section,
                "created_at": a.created_at,
                "download_url": url_for(
                    "disclosures.Attachment", disclosure_id=item.id, attachment_id=a.id
                ),
            }
            for a in attachments.current(item)
            if a.section is None or a.section not in hidden
        ]
        item.section_list = sections.shown_sections(item, reader)
        return item


@blp.route("/disclosures/<int:disclosure_id>/versions")
class DisclosureVersions(MethodView):
    decorators = [conditional]

    @blp.response(200, VersionSchema(many=True))
    def get(self, disclosure_id):
        """The versions of a disclosure, newest first."""
        return _versions(readable_disclosure(disclosure_id))


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@blp.route("/disclosures/<int:disclosure_id>/attachments/<int:attachment_id>")
class Attachment(MethodView):
    @blp.doc(
        responses={
            "200": {
                "description": "The file, as a download (Content-Disposition: attachment), "
                "with its SHA-256 as ETag.",
                "content": dict.fromkeys(attachments.CONTENT_TYPES, _BINARY),
            },
            "304": {"description": "The copy the client holds (If-None-Match) is current."},
            "404": {
                "description": "No such attachment, or a disclosure the caller may not read.",
                "content": {"application/json": {"schema": ErrorSchema}},
            },
        }
    )
    def get(self, disclosure_id, attachment_id):
        """Download an attachment (附件) of a disclosure: for exactly those who may read it."""
        return attachment_response(disclosure_id, attachment_id)


def actor_for_write(item: Disclosure):
    """The person acting (401 without one); 403 for a token that may not write here."""
    person = current_person()
    if person is None:
        abort(401, description="log in or send an API token to fire transitions")
    token = current_token()
    if token is not None and not access.token_allows(token, item.organization_id, write=True):
        abort(403, description="this API token may not change this organization's disclosures")
    return person


@blp.route("/disclosures/<int:disclosure_id>/transitions")
class Transitions(MethodView):
    @blp.response(200, TransitionsSchema)
    def get(self, disclosure_id):
        """The transitions the caller may fire on the disclosure now."""
        item = readable_disclosure(disclosure_id)
        person = current_person()
        token = current_token()
        if token is not None and not access.token_allows(token, item.organization_id, write=True):
            return {"available_transitions": []}
        return {"available_transitions": unit().available_transitions(item, person)}

    @blp.arguments(TransitionInput)
    @blp.response(200, TransitionResultSchema)
    def post(self, data, disclosure_id):
        """Fire a workflow transition by name; the answer lists what the caller may fire next."""
        item = readable_disclosure(disclosure_id)
        actor = actor_for_write(item)
        options = {"comment": data.get("comment", "")}
        if "lock_version" in data:
            options["expected_lock_version"] = data["lock_version"]
        if data.get("findings"):
            options["findings"] = data["findings"]
        for key in ("title", "body", "feedback"):
            if key in data:
                options[key] = data[key]
        event = unit().fire(item, data["name"], actor, **options)
        item = Disclosure.get_by_id(item.id)
        return {
            "disclosure": item,
            "event": event.id,
            "available_transitions": unit().available_transitions(item, actor),
        }
