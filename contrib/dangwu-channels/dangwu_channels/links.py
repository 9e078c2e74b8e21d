"""The public address of an item, as a printed sheet's QR code and an e-screen show it.

The portal's base URL is the unit's setting ``channels.public_url`` (what a passer-by's phone
reaches: ``https://dangwu.example.gov.cn``, declared in :mod:`.settings` with the links of
e-mails and SMS); when it is blank, the address of the request that printed the sheet is used.
"""

from __future__ import annotations

from flask import url_for


def public_url(base: str, disclosure_id: int) -> str:
    """The absolute address of disclosure ``disclosure_id``'s portal page."""
    path = url_for("portal.disclosure", disclosure_id=disclosure_id)
    if base:
        return base.rstrip("/") + path
    return url_for("portal.disclosure", disclosure_id=disclosure_id, _external=True)
