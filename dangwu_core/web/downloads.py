"""Downloading an attachment (附件): the same reading decision as the disclosure's page.

:func:`attachment_response` asks :func:`dangwu_core.web.reading.readable_disclosure` (that is,
:func:`dangwu_core.access.can_read`, narrowed by an API token) before anything else, so a file
is served to exactly those who may read its disclosure (and, for a file of a section of a
党务公开日 sheet, that section: :func:`dangwu_core.sections.hidden_positions`), and a 404
tells nobody else whether it exists. The answer is always a download
(``Content-Disposition: attachment`` with an RFC 5987 UTF-8 file name), never rendered by
the browser (``X-Content-Type-Options: nosniff``, a sandboxing Content-Security-Policy), with
the file's SHA-256 as a strong ETag (an unchanged file is a 304).
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from flask import Response, abort, request

from .. import findings, sections
from ..attachments import downloadable
from .auth import current_person
from .reading import MAX_ID, readable_disclosure, reader, unit


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the exact name as RFC 5987 UTF-8."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(disclosure_id: int, attachment_id: int) -> Response:
    item = readable_disclosure(disclosure_id)
    found = downloadable(item, attachment_id) if 0 < attachment_id <= MAX_ID else None
    # a file of a section the reader may not read (a narrower scope, 暂不宜公开)
    if found is not None and found.section in sections.hidden_positions(item, current_person()):
        found = None
    if found is None:
        abort(404, description="no such attachment of this disclosure")
    data = findings.file_for(unit(), reader(), item, found)  # a redacted copy (脱敏), or None
    if data is None:
        abort(
            403,
            description="this file holds personal data that cannot be masked in it: it is "
            "withheld from readers who may not see the original",
        )
    etag = hashlib.sha256(data).hexdigest()  # the original's is found.sha256
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(data, mimetype=None)
        response.headers["Content-Type"] = found.content_type
        response.headers["Content-Length"] = str(len(data))
    response.set_etag(etag)
    response.headers["Content-Disposition"] = content_disposition(found.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    shared = current_person() is None and request.authorization is None
    response.headers["Cache-Control"] = ("public" if shared else "private") + ", no-cache"
    response.vary.update(["Cookie", "Authorization"])
    return response
