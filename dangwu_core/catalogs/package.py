"""Catalog package files: ONE JSON document per catalog version (``*.dwcat.json``).

::

    {"format": "dangwu-catalog/1", "manifest": {...}, "signature": null}

The manifest is described field by field in ``docs/catalog-package.md`` and validated by
:mod:`dangwu_core.catalogs.schema`. ``signature`` is reserved for the issuer's signature over
the canonical manifest (:func:`canonical_manifest`), made and checked by
:mod:`dangwu_core.catalogs.signing`; this module only reads and writes packages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from .schema import FORMAT, validate_manifest, validate_package

SUFFIX = ".dwcat.json"


@dataclass(frozen=True)
class Package:
    """A validated catalog package.

    :param manifest: the loaded manifest (dates as ``date``, every optional field filled in).
    :param raw: the manifest as it was written (what a signature covers).
    :param signature: the package's signature block, or None.
    :param source: where it came from (a file name, a template name, or ``""``).
    :param sha256: the digest of the canonical manifest.
    """

    manifest: dict[str, Any]
    raw: dict[str, Any]
    signature: Any = None
    source: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(canonical_manifest(self.raw)).hexdigest()

    @property
    def code(self) -> str:
        return self.manifest["code"]

    @property
    def version(self) -> str:
        return self.manifest["version"]


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def canonical_manifest(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as canonical JSON bytes (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    ).encode("utf-8")


def _parse(data: bytes | str, what: str) -> Any:
    """JSON text to Python; a truncated, binary or absurdly nested file is one clear error."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"{what} is not UTF-8 text (byte {exc.start}): is it a package file?", "package"
            ) from None
    if not data.strip():
        raise ValidationError(f"{what} is empty", "package")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(data.rstrip()) else ""
        raise ValidationError(f"{what} is not JSON{hint}: {exc}", "package") from None
    except (RecursionError, ValueError) as exc:
        raise ValidationError(f"{what} cannot be read as JSON: {exc}", "package") from None


def _require_text(document: Mapping[str, Any]) -> None:
    """Refuse a lone surrogate (JSON's ``"\\ud800"``): it decodes but is no character, and
    could not be stored, signed or shown."""
    try:
        canonical_manifest(document)
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"catalog package holds {exc.object[exc.start : exc.end]!r}, a lone UTF-16 "
            "surrogate that is no character: fix the text where it was escaped",
            "package",
        ) from None
    except TypeError:
        pass  # not JSON's types: the schema names the field


def load(source: Path | str | bytes | Mapping[str, Any], *, name: str = "") -> Package:
    """Read and validate a package: a path, JSON text, a package dict or a bare manifest.

    :raises ValidationError: the file cannot be read or is not JSON, or the package breaks
        the format (the message names each field and item code).
    """
    if isinstance(source, bytes) or (isinstance(source, str) and source.lstrip().startswith("{")):
        source = _parse(source, "catalog package")
    elif isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(
                f"cannot read catalog package {str(path)!r}: {exc.strerror}", "package"
            ) from None
        source = _parse(data, f"catalog package {path.name!r}")
    if not isinstance(source, Mapping):
        raise ValidationError("a catalog package is a JSON object", "package")
    _require_text(source)
    if "format" in source:
        loaded = validate_package(source)
        raw = dict(source["manifest"])
        return Package(loaded["manifest"], raw, loaded["signature"], name)
    manifest = validate_manifest(source)
    return Package(manifest, json.loads(canonical_manifest(source)), None, name)


def dump(manifest: Mapping[str, Any], signature: Any = None) -> str:
    """A package document for ``manifest`` (validated first), as indented JSON text."""
    validate_manifest(json.loads(canonical_manifest(manifest)))
    document = {"format": FORMAT, "manifest": manifest, "signature": signature}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"


def write(path: Path | str, manifest: Mapping[str, Any], signature: Any = None) -> Path:
    """Write a package file (the name should end with ``.dwcat.json``)."""
    path = Path(path)
    path.write_text(dump(manifest, signature), encoding="utf-8")
    return path


def write_package(path: Path | str, package: Package) -> Path:
    """Write ``package`` as it was read: its manifest as written and its signature."""
    return write(path, package.raw, package.signature)
