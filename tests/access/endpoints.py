"""The endpoint meta-test's check: every view of an app declares the action it needs.

A view declares it through ``dangwu_core.web.permissions.requires`` or, in the admin, its
class's ``enter_action`` (``dangwu_core.admin.base.AccessMixin``). The only exceptions are
the endpoints below: pages anyone may open, whose content is filtered by scope (the portal,
reading APIs, feeds), forms anyone may send (feedback, requests), logging in, static files,
and the workflow API, where the engine decides each transition from the workflow definition.
"""

from __future__ import annotations

import fnmatch

from dangwu_core.web.permissions import PUBLIC_ATTRIBUTE, declared_action

#: Endpoint patterns open without an action, and why.
PUBLIC_ENDPOINTS: dict[str, str] = {
    "static": "static files",
    "*.static": "a blueprint's static files",
    "portal.*": "the public portal: every page filters by scope (access.listed_disclosures)",
    "party.login": "logging in",
    "party.logout": "logging out",
    "party.home": "a member's own page (login required; shows what scope allows)",
    "party.password": "a person changes their own password (login required)",
    "api-docs.*": "the API's description",
    "disclosures.*": "reading API filtered by scope; transitions are decided by the engine",
    "organizations.*": "reading API: the public tree, catalog and obligations",
    "search.*": "search filtered by scope",
    "submissions.*": "anyone may send feedback or a request (receipts are secrets)",
    "gate.*": "the review gate's API writes: each service decides its own action "
    "(review.override_block, risk.flag, risk.assess), as the engine does for transitions",
    "channels.screen_*": "an e-screen's pages: its own screen token decides, and they show only "
    "what an anonymous reader of the portal reads",
    "testplugin.ping": "the test fixture plugin's own public route",
}


def undeclared_endpoints(app, public: dict[str, str] = PUBLIC_ENDPOINTS) -> list[str]:
    """The endpoints of ``app`` whose view declares no action and is not ``public``."""
    found = []
    for endpoint, view in sorted(app.view_functions.items()):
        if declared_action(view) or getattr(view, PUBLIC_ATTRIBUTE, False):
            continue
        if any(fnmatch.fnmatchcase(endpoint, pattern) for pattern in public):
            continue
        found.append(endpoint)
    return found
