"""Signing catalog packages with the issuer's Ed25519 key, and checking them against pinned keys.

The signature covers the *canonical manifest* (:func:`~.package.canonical_manifest`: sorted
keys, no spaces, UTF-8) prefixed with the format name and a newline, so a signature made for
a catalog package can never be replayed as a signature over anything else::

    b"dangwu-catalog/1\\n" + canonical_manifest(manifest)

The package's ``signature`` block names the algorithm, the key id and the signature::

    {"algorithm": "ed25519", "key_id": "QJX/3f1c0a9b6d2e4f70", "value": "<base64>"}

A key id is ``<issuer code>/<fingerprint>``, the fingerprint being the first 16 hex digits of
the SHA-256 of the raw 32-byte public key. A unit *pins* the public keys it trusts, each for
one issuer code (the ``trusted_catalog_keys`` setting); a signature counts only when a key
pinned for the manifest's own ``issuer.code`` verifies it, so one issuer's key cannot vouch
for a catalog claiming another issuer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ..errors import ValidationError
from .package import Package, canonical_manifest
from .schema import FORMAT

ALGORITHM = "ed25519"
_INLINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9+/]{40,48}={0,2})$")


def signed_bytes(manifest: Mapping[str, Any]) -> bytes:
    """What a signature covers: the format name, a newline, the canonical manifest."""
    return FORMAT.encode() + b"\n" + canonical_manifest(manifest)


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_key(key)).hexdigest()[:16]


@dataclass(frozen=True)
class TrustedKey:
    """A public key a unit trusts for catalogs of one issuer."""

    issuer: str
    key: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        return f"{self.issuer}/{fingerprint(self.key)}"

    def line(self) -> str:
        """The ``issuer:base64`` form used in settings and ``.pub`` files."""
        return f"{self.issuer}:{base64.b64encode(raw_public_key(self.key)).decode()}"


def parse_public_key(issuer: str, text: str, where: str) -> TrustedKey:
    try:
        raw = base64.b64decode(text, validate=True)
        if len(raw) != 32:
            raise ValueError(f"{len(raw)} bytes, not 32")
        return TrustedKey(issuer, Ed25519PublicKey.from_public_bytes(raw))
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(
            f"{where}: the public key of {issuer!r} is not a base64 Ed25519 key ({exc})",
            "trusted_catalog_keys",
        ) from None


def trusted_keys(entries: Iterable[str]) -> list[TrustedKey]:
    """Read the ``trusted_catalog_keys`` setting: ``ISSUER:BASE64KEY`` entries, or paths of
    files holding such lines (blank lines and ``#`` comments allowed).

    :raises ValidationError: an entry is neither, a file cannot be read, or a key is bad.
    """
    keys: list[TrustedKey] = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        match = _INLINE.match(entry)
        if match:
            keys.append(parse_public_key(*match.groups(), "trusted_catalog_keys"))
            continue
        path = Path(entry).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                f"trusted_catalog_keys: {entry!r} is neither ISSUER:BASE64KEY nor a readable "
                f"key file ({getattr(exc, 'strerror', None) or exc})",
                "trusted_catalog_keys",
            ) from None
        for number, line in enumerate(lines, start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            match = _INLINE.match(line)
            if match is None:
                raise ValidationError(
                    f"trusted_catalog_keys: {path} line {number} is not ISSUER:BASE64KEY",
                    "trusted_catalog_keys",
                )
            keys.append(parse_public_key(*match.groups(), f"{path} line {number}"))
    return keys


# --- keys of an issuer ------------------------------------------------------------------------


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey, passphrase: bytes | None = None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def write_key_pair(
    issuer: str, private_path: Path | str, *, passphrase: bytes | None = None
) -> TrustedKey:
    """Make a new key pair for ``issuer``: the private key as PKCS#8 PEM (mode 0600) at
    ``private_path``, the public key as an ``ISSUER:BASE64`` line beside it (``.pub``).

    :raises ValidationError: ``private_path`` exists already (a key is never overwritten).
    """
    private_path = Path(private_path)
    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise ValidationError(f"{path} exists already: a key is never overwritten", "key")
    key = generate_key()
    private_path.touch(mode=0o600)
    private_path.write_bytes(private_key_pem(key, passphrase))
    trusted = TrustedKey(issuer, key.public_key())
    public_path.write_text(
        f"# dangwu catalog signing key of {issuer} ({trusted.key_id})\n{trusted.line()}\n",
        encoding="utf-8",
    )
    return trusted


class PassphraseNeeded(ValidationError):
    """The private key file is encrypted and no passphrase was given."""


def load_private_key(path: Path | str, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """Read an issuer's private key (PKCS#8 PEM, optionally encrypted).

    :raises ValidationError: unreadable, not an Ed25519 key, or a wrong passphrase.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read key {str(path)!r}: {exc.strerror}", "key") from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase or None)
    except TypeError:
        if passphrase:
            raise ValidationError(f"key {path.name!r} is not encrypted", "key") from None
        raise PassphraseNeeded(
            f"key {path.name!r} is encrypted: give its passphrase", "key"
        ) from None
    except ValueError:
        raise ValidationError(
            f"key {path.name!r} is not a PEM private key, or the passphrase is wrong", "key"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError(f"key {path.name!r} is not an Ed25519 key", "key")
    return key


def sign(package: Package, key: Ed25519PrivateKey) -> dict[str, str]:
    """The signature block of ``package`` made with the issuer's private ``key``."""
    public = TrustedKey(package.manifest["issuer"]["code"], key.public_key())
    value = key.sign(signed_bytes(package.raw))
    return {
        "algorithm": ALGORITHM,
        "key_id": public.key_id,
        "value": base64.b64encode(value).decode(),
    }


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What verification found: ``ok`` with the key id, or the reason it is not trusted.

    ``reason`` is one of ``unsigned``, ``untrusted`` (no key pinned for the issuer matches
    the key id), ``bad_signature`` (a pinned key does not verify it: the manifest or the
    signature was changed).
    """

    ok: bool
    key_id: str = ""
    reason: str = ""
    message: str = ""


def verify(package: Package, keys: Iterable[TrustedKey]) -> Verdict:
    """Check ``package``'s signature against the pinned ``keys``; never raises."""
    manifest = package.manifest
    issuer = manifest["issuer"]["code"]
    name = f"catalog {manifest['code']!r} {manifest['version']}"
    signature = package.signature
    if not signature:
        return Verdict(False, "", "unsigned", f"{name} is not signed by its issuer {issuer!r}")
    key_id = signature["key_id"]
    candidates = [k for k in keys if k.issuer == issuer and k.key_id == key_id]
    if not candidates:
        pinned = [k.key_id for k in keys if k.issuer == issuer]
        return Verdict(
            False,
            key_id,
            "untrusted",
            f"{name} is signed with key {key_id!r}, which this unit does not trust for issuer "
            f"{issuer!r} (pinned: {', '.join(pinned) or 'none'}; see trusted_catalog_keys)",
        )
    try:
        value = base64.b64decode(signature["value"], validate=True)
        candidates[0].key.verify(value, signed_bytes(package.raw))
    except (binascii.Error, ValueError, InvalidSignature):
        return Verdict(
            False,
            key_id,
            "bad_signature",
            f"{name}: the signature does not match (key {key_id!r}); the package was changed "
            "after it was signed",
        )
    return Verdict(True, key_id, "", f"{name} is signed by {key_id}")
