"""A test issuer key (made per test run, never written to the repository) and helpers."""

from __future__ import annotations

from dangwu_core.catalogs import signing
from dangwu_core.catalogs.package import load, write

from .sample import TOWN

#: The town's signing key for tests: generated at import, kept in memory only.
TOWN_KEY = signing.generate_key()
TOWN_PUBLIC = signing.TrustedKey(TOWN, TOWN_KEY.public_key())


def signed_file(path, manifest, key=TOWN_KEY):
    """Write ``manifest`` to ``path`` signed with ``key``; return the path."""
    write(path, manifest)
    package = load(path)
    write(path, package.raw, signing.sign(package, key))
    return path


def pinned(unit, *keys):
    """Pin ``keys`` (default: the town's) in ``unit``'s settings."""
    lines = [k.line() for k in (keys or (TOWN_PUBLIC,))]
    unit.settings = unit.settings.replace(trusted_catalog_keys=lines)
    return unit
