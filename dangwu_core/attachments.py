"""附件: the files of a disclosure (a Party-dues table, a scanned decision, a photo of the
bulletin board), added while its content may change, kept in the database.

When a file may be added (:func:`add`) or removed (:func:`remove`): while the disclosure is a
draft, by its proposer, who alone edits it; once published, only as part of a re-publication
(再公开, 000 四(一)1(5)), by whoever may re-publish it — the files are staged for the version
the re-publication will create and readers see them when it is published. Who may is asked of
:func:`dangwu_core.access.can_attach`; in every other state nobody changes what was reviewed.

What is accepted: the type is sniffed from the bytes (magic numbers), never taken from the
uploader: PDF, PNG, JPEG, GIF, DOCX and XLSX (a zip with ``[Content_Types].xml``), DOC and XLS
(OLE compound files), and UTF-8 text (``.txt``, ``.csv``). The file name's extension must say
the same type as the content; its size is limited by the setting ``attachment_max_bytes``.
Every refusal is one :class:`~dangwu_core.errors.DangwuError` naming its cause, raised before
anything is written; every change is an audit event on the disclosure.

Who may *read* a file is who may read its disclosure (:func:`dangwu_core.access.can_read`):
the surfaces ask that first, then :func:`downloadable`.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import access, audit
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import Attachment, Disclosure, DisclosureSection, Person

if TYPE_CHECKING:
    from .context import UnitContext

#: Longest file name kept (characters, extension included).
MAX_FILENAME = 120


@dataclass(frozen=True)
class Kind:
    """One accepted type of file: how it is called, its extensions and its content type."""

    name: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    k.name: k
    for k in (
        Kind("pdf", "PDF", ("pdf",), "application/pdf"),
        Kind("png", "PNG image", ("png",), "image/png"),
        Kind("jpeg", "JPEG image", ("jpg", "jpeg"), "image/jpeg"),
        Kind("gif", "GIF image", ("gif",), "image/gif"),
        Kind(
            "docx",
            "Word document (DOCX)",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind(
            "xlsx",
            "Excel workbook (XLSX)",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Kind("doc", "Word document (DOC)", ("doc",), "application/msword"),
        Kind("xls", "Excel workbook (XLS)", ("xls",), "application/vnd.ms-excel"),
        Kind("text", "UTF-8 text", ("txt", "csv"), "text/plain; charset=utf-8"),
    )
}
#: Text files say which text they are by their extension.
TEXT_TYPES = {"txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8"}
EXTENSIONS = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
#: Every content type a download may carry (the API documents them).
CONTENT_TYPES = sorted(
    {k.content_type for k in KINDS.values() if k.name != "text"} | set(TEXT_TYPES.values())
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def _utf16(name: str) -> bytes:
    """An OLE directory entry's name as stored: UTF-16LE, NUL-terminated."""
    return name.encode("utf-16-le") + b"\x00\x00"


def sniff(data: bytes) -> str | None:
    """The kind (a key of :data:`KINDS`) the bytes are, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())  # the central directory only: nothing inflated
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if data.startswith(_OLE):
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        return None
    return "text" if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS for ch in text[:65536]
    )


def clean_filename(name: str) -> str:
    """A file name safe to store and to offer: no directories, no control or invisible
    formatting characters (a right-to-left override disguises ``exe.pdf``), none of
    ``<>:"|?*``, no leading dots, whitespace collapsed, at most :data:`MAX_FILENAME` characters
    with the extension kept (lower-cased)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem.strip():
        return name[:MAX_FILENAME]
    ext = ext.strip().lower()
    stem = stem.rstrip(" .")[: MAX_FILENAME - len(ext) - 1]
    return f"{stem}.{ext}"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def check_file(filename: str, data: bytes, max_bytes: int) -> tuple[str, str]:
    """Check a file as :func:`add` would; return its clean name and content type.

    :raises ValidationError: naming the one thing wrong (empty, too big, no name, a type not
        accepted, content that is not what its extension says).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError("an attachment's content must be bytes", "data")
    data = bytes(data)
    if not data:
        raise ValidationError("the file is empty", "data")
    if len(data) > max_bytes:
        raise ValidationError(
            f"the file is {_mib(len(data))}; attachments are limited to {_mib(max_bytes)} "
            "(setting attachment_max_bytes)",
            "data",
        )
    name = clean_filename(filename)
    if not name:
        raise ValidationError("an attachment needs a file name", "filename")
    _, dot, ext = name.rpartition(".")
    accepted = ", ".join(sorted(EXTENSIONS))
    if not dot:
        raise ValidationError(
            f"“{name}” has no extension to say its type; accepted: {accepted}", "filename"
        )
    expected = EXTENSIONS.get(ext)
    if expected is None:
        raise ValidationError(f".{ext} files are not accepted; accepted: {accepted}", "filename")
    found = sniff(data)
    if found is None:
        raise ValidationError(
            f"the content of “{name}” is none of the accepted types "
            f"({', '.join(k.label for k in KINDS.values())})",
            "data",
        )
    if found != expected.name:
        raise ValidationError(
            f"“{name}” is named as a {expected.label} but its content is a {KINDS[found].label}",
            "filename",
        )
    content_type = TEXT_TYPES[ext] if found == "text" else expected.content_type
    return name, content_type


# --- Which files a version has --------------------------------------------------------------

#: Every column but the bytes: lists never load the files.
META = [f for f in Attachment._meta.sorted_fields if f.name != "data"]


def _in_version(number: int):
    return (Attachment.version <= number) & (
        Attachment.until_version.is_null() | (Attachment.until_version > number)
    )


def of_version(disclosure: Disclosure, number: int) -> list[Attachment]:
    """The files of version ``number`` of ``disclosure`` (without their bytes), in the order
    they were added."""
    return list(
        Attachment.select(*META)
        .where((Attachment.disclosure == disclosure.id) & _in_version(number))
        .order_by(Attachment.id)
    )


def current(disclosure: Disclosure) -> list[Attachment]:
    """The files of the version readers see."""
    return of_version(disclosure, disclosure.current_version)


def of_current_versions(disclosures) -> dict[int, list[Attachment]]:
    """The current version's files of many disclosures, in one query: id -> files."""
    found: dict[int, list[Attachment]] = {d.id: [] for d in disclosures}
    if not found:
        return found
    versions = {d.id: d.current_version for d in disclosures}
    rows = (
        Attachment.select(*META)
        .where(Attachment.disclosure.in_(list(found)))
        .order_by(Attachment.id)
    )
    for row in rows:
        number = versions[row.disclosure_id]
        if row.version <= number and (row.until_version is None or row.until_version > number):
            found[row.disclosure_id].append(row)
    return found


def downloadable(disclosure: Disclosure, attachment_id: int) -> Attachment | None:
    """The file ``attachment_id`` of ``disclosure`` with its bytes, if it belongs to the
    current or an earlier version (a re-publication's staged files are not out yet).

    The caller has already asked :func:`dangwu_core.access.can_read` about ``disclosure``.
    """
    return Attachment.get_or_none(
        (Attachment.id == attachment_id)
        & (Attachment.disclosure == disclosure.id)
        & (Attachment.version <= disclosure.current_version)
    )


def content(attachment: Attachment) -> bytes:
    """The bytes (PostgreSQL's driver answers a memoryview)."""
    return bytes(attachment.data)


# --- Adding and removing --------------------------------------------------------------------


def editing_version(unit: UnitContext, disclosure: Disclosure) -> int | None:
    """The version whose files may change now: a draft's own version, the version a
    re-publication will create, or None when the state allows no change of files."""
    definition = unit.registry.workflows.get(disclosure.workflow)
    if disclosure.state == definition.initial:
        return disclosure.current_version
    if access.republications(definition, disclosure.state):
        return disclosure.current_version + 1
    return None


def _target(unit: UnitContext, disclosure: Disclosure, actor: Person | None) -> int:
    """The version a change of files goes to now; refuses when none may be changed."""
    definition = unit.registry.workflows.get(disclosure.workflow)
    target = editing_version(unit, disclosure)
    if target is None:
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}: files are "
            "added or removed only while it is a draft, or for a re-publication (再公开) of a "
            "published item",
            "state",
        )
    if not access.can_attach(actor, disclosure, definition):
        who = getattr(actor, "name", None) or "nobody logged in"
        if disclosure.state == definition.initial:
            raise PermissionDenied(
                f"{who} may not change the files of the draft “{disclosure.title}”: only its "
                "proposer edits a draft"
            )
        raise PermissionDenied(
            f"{who} may not change the files of “{disclosure.title}”: that is part of "
            "re-publishing it (再公开), which needs the role to re-publish it"
        )
    return target


def add(
    unit: UnitContext,
    disclosure: Disclosure,
    filename: str,
    data: bytes,
    actor: Person,
    *,
    section: int | None = None,
) -> Attachment:
    """Attach the file ``filename`` with content ``data`` to ``disclosure``.

    To a draft it goes at once; to a published item it goes with the next re-publication
    (再公开), which makes it current. Names are unique within a version: to replace a file,
    :func:`remove` it first. ``section``: the position of the section of a 党务公开日 sheet
    the file belongs to (None: the whole disclosure).

    :raises ValidationError: the state allows no change of files, or the file is refused (see
        :func:`check_file`), or the version already has a file of that name.
    :raises PermissionDenied: ``actor`` may not change this disclosure's files.
    """
    disclosure = Disclosure.get_by_id(disclosure.id)  # the state as it is now
    target = _target(unit, disclosure, actor)
    name, content_type = check_file(filename, data, unit.settings.attachment_max_bytes)
    data = bytes(data)
    if any(a.filename == name for a in of_version(disclosure, target)):
        raise ValidationError(
            f"“{disclosure.title}” already has a file named “{name}”: remove it first to "
            "replace it",
            "filename",
        )
    if section is not None and not (
        DisclosureSection.select()
        .where(
            (DisclosureSection.disclosure == disclosure.id)
            & (DisclosureSection.version == disclosure.current_version)
            & (DisclosureSection.position == int(section))
        )
        .exists()
    ):
        raise ValidationError(f"“{disclosure.title}” has no section {section}", "section")
    digest = hashlib.sha256(data).hexdigest()
    with atomic():
        attachment = Attachment.create(
            section=section,
            disclosure=disclosure,
            version=target,
            filename=name,
            content_type=content_type,
            size=len(data),
            sha256=digest,
            data=data,
            uploaded_by=actor,
        )
        audit.record(
            "disclosure.attachment_add",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            payload={
                "attachment": attachment.id,
                "filename": name,
                "content_type": content_type,
                "size": len(data),
                "sha256": digest,
                "version": target,
                "section": section,
            },
        )
    return Attachment.select(*META).where(Attachment.id == attachment.id).get()


def remove(unit: UnitContext, attachment: Attachment, actor: Person, *, reason: str = "") -> None:
    """Take a file off: a draft's, or one staged for a re-publication, is deleted; a published
    version's file is left out of the version the next re-publication creates (earlier
    versions keep it, as they were disclosed).

    :raises ValidationError, PermissionDenied: as :func:`add`; or the file is already left out.
    """
    disclosure = Disclosure.get_by_id(attachment.disclosure_id)
    target = _target(unit, disclosure, actor)
    row = Attachment.select(*META).where(Attachment.id == attachment.id).get()
    if row.version > target or (row.until_version is not None and row.until_version <= target):
        raise ValidationError(f"“{row.filename}” is not a file of the version being edited")
    with atomic():
        if row.version == target:
            Attachment.delete().where(Attachment.id == row.id).execute()
        else:
            Attachment.update(until_version=target).where(Attachment.id == row.id).execute()
        audit.record(
            "disclosure.attachment_remove",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            reason=reason,
            payload={
                "attachment": row.id,
                "filename": row.filename,
                "sha256": row.sha256,
                "version": target,
            },
        )
