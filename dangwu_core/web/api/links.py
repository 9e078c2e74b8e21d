"""OpenAPI links between the API's operations, and an ``operationId`` for each.

A link says where a value of one answer is used next (a listed disclosure's ``id`` is the
path of its detail, a feedback's ``receipt_number`` the path that checks it): clients follow
them, and a stateful test (schemathesis) walks them to chain requests as a user would.
:class:`LinksPlugin` is an apispec plugin: it adds them as flask-smorest documents each
operation, so the table below is the one place they are declared.
"""

from __future__ import annotations

from apispec import BasePlugin

from . import PREFIX


def _link(operation: str, description: str, **parameters: str) -> dict:
    return {"operationId": operation, "description": description, "parameters": parameters}


def _disclosure_links(expression: str) -> dict:
    """Links from an answer naming a disclosure's id at ``expression``."""
    return {
        "GetDisclosure": _link("getDisclosure", "The disclosure.", disclosure_id=expression),
        "ListVersions": _link("listVersions", "Its versions.", disclosure_id=expression),
        "ListTransitions": _link(
            "listTransitions", "What the caller may fire on it.", disclosure_id=expression
        ),
    }


#: (path, method) -> (operationId, {status: {link name: link}}).
OPERATIONS: dict[tuple[str, str], tuple[str, dict]] = {
    ("/organizations", "get"): (
        "listOrganizations",
        {
            "200": {
                "GetOrganization": _link(
                    "getOrganization", "The first organization listed.",
                    code="$response.body#/items/0/code",
                )
            }
        },
    ),
    ("/organizations/{code}", "get"): (
        "getOrganization",
        {
            "200": {
                "ListItsDisclosures": _link(
                    "listDisclosures", "Its disclosures.",
                    **{"query.organization": "$response.body#/code"},
                ),
                "ListItsCatalogItems": _link(
                    "listCatalogItems", "The catalog items that apply to it.",
                    **{"query.organization": "$response.body#/code"},
                ),
                "ListItsObligations": _link(
                    "listObligations", "What it must disclose.",
                    **{"query.organization": "$response.body#/code"},
                ),
                "ListItsChildren": _link(
                    "listOrganizations", "Its child organizations.",
                    **{"query.parent": "$response.body#/code"},
                ),
            }
        },
    ),
    ("/catalog-items", "get"): ("listCatalogItems", {}),
    ("/obligations", "get"): ("listObligations", {}),
    ("/disclosures", "get"): (
        "listDisclosures",
        {"200": _disclosure_links("$response.body#/items/0/id")},
    ),
    ("/disclosures/{disclosure_id}", "get"): (
        "getDisclosure",
        {
            "200": {
                **_disclosure_links("$response.body#/id"),
                "GetAttachment": _link(
                    "getAttachment", "Its first attachment.",
                    disclosure_id="$response.body#/id",
                    attachment_id="$response.body#/attachments/0/id",
                ),
            }
        },
    ),
    ("/disclosures/{disclosure_id}/versions", "get"): ("listVersions", {}),
    ("/disclosures/{disclosure_id}/attachments/{attachment_id}", "get"): ("getAttachment", {}),
    ("/disclosures/{disclosure_id}/transitions", "get"): (
        "listTransitions",
        {
            "200": {
                "FireTransition": _link(
                    "fireTransition", "Fire one of them.",
                    disclosure_id="$request.path.disclosure_id",
                )
            }
        },
    ),
    ("/disclosures/{disclosure_id}/transitions", "post"): (
        "fireTransition",
        {"200": _disclosure_links("$response.body#/disclosure/id")},
    ),
    ("/disclosures/{disclosure_id}/override", "post"): ("overrideBlock", {}),
    ("/disclosures/{disclosure_id}/risk-assessments", "get"): ("getRiskAssessments", {}),
    ("/disclosures/{disclosure_id}/risk-assessments", "post"): ("assessRisk", {}),
    ("/disclosures/{disclosure_id}/risk-flags", "post"): ("flagRisk", {}),
    ("/feedback", "post"): (
        "giveFeedback",
        {
            "201": {
                "CheckFeedback": _link(
                    "getFeedback", "Its handling, by receipt number.",
                    receipt="$response.body#/receipt_number",
                )
            }
        },
    ),
    ("/feedback/{receipt}", "get"): ("getFeedback", {}),
    ("/requests", "post"): (
        "applyForDisclosure",
        {
            "201": {
                "CheckRequest": _link(
                    "getRequest", "Its handling, by receipt number.",
                    receipt="$response.body#/receipt_number",
                )
            }
        },
    ),
    ("/requests/{receipt}", "get"): ("getRequest", {}),
    ("/search", "get"): (
        "searchDisclosures",
        {"200": _disclosure_links("$response.body#/items/0/disclosure/id")},
    ),
}  # fmt: skip


class LinksPlugin(BasePlugin):
    """Give each documented operation its ``operationId`` and its links (:data:`OPERATIONS`)."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for method, operation in (operations or {}).items():
            known = OPERATIONS.get((path.removeprefix(PREFIX), method))
            if known is None:
                continue
            operation_id, links = known
            operation.setdefault("operationId", operation_id)
            for status, named in links.items():
                response = operation.setdefault("responses", {}).setdefault(str(status), {})
                response.setdefault("links", {}).update(named)
