"""Signing with the issuer's Ed25519 key and key pinning: a unit installs a package file only
when a key pinned for its issuer signed it, or when an administrator overrides (recorded)."""

import json
import os
import stat

import pytest

from dangwu_core.catalogs import signing
from dangwu_core.catalogs.package import load, write
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import ValidationError
from dangwu_core.models import Catalog, Event

from .keys import TOWN_KEY, TOWN_PUBLIC, pinned, signed_file
from .sample import MARCH_10, build_town, manifest


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        yield build_town(unit)


def test_a_signature_covers_the_canonical_manifest(tmp_path):
    path = signed_file(tmp_path / "t.dwcat.json", manifest())
    package = load(path)
    assert package.signature["algorithm"] == "ed25519"
    assert package.signature["key_id"] == TOWN_PUBLIC.key_id
    assert signing.verify(package, [TOWN_PUBLIC]).ok
    # Re-indenting the file changes nothing the signature covers.
    document = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert signing.verify(load(path), [TOWN_PUBLIC]).ok


def test_a_changed_manifest_no_longer_verifies(tmp_path):
    path = signed_file(tmp_path / "t.dwcat.json", manifest())
    document = json.loads(path.read_text(encoding="utf-8"))
    document["manifest"]["items"][0]["scope"] = "public"
    document["manifest"]["items"][0]["channels"] = ["website"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    verdict = signing.verify(load(path), [TOWN_PUBLIC])
    assert (verdict.ok, verdict.reason) == (False, "bad_signature")
    assert "changed after it was signed" in verdict.message


def test_a_key_counts_only_for_the_issuer_it_is_pinned_for(tmp_path):
    path = signed_file(tmp_path / "t.dwcat.json", manifest())
    other_issuer = signing.TrustedKey("QJX", TOWN_KEY.public_key())
    verdict = signing.verify(load(path), [other_issuer])
    assert verdict.reason == "untrusted" and "pinned: none" in verdict.message
    stranger = signing.TrustedKey("TS", signing.generate_key().public_key())
    assert signing.verify(load(path), [stranger]).reason == "untrusted"
    assert signing.verify(load(manifest()), [TOWN_PUBLIC]).reason == "unsigned"


def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path):
    trusted = signing.write_key_pair("TS", tmp_path / "xnz.key")
    assert stat.S_IMODE(os.stat(tmp_path / "xnz.key").st_mode) == 0o600
    assert signing.trusted_keys([str(tmp_path / "xnz.key.pub")]) == [trusted]
    assert signing.trusted_keys([trusted.line()]) == [trusted]
    key = signing.load_private_key(tmp_path / "xnz.key")
    assert signing.TrustedKey("TS", key.public_key()) == trusted
    with pytest.raises(ValidationError, match="never overwritten"):
        signing.write_key_pair("TS", tmp_path / "xnz.key")


def test_an_encrypted_key_needs_its_passphrase(tmp_path):
    signing.write_key_pair("TS", tmp_path / "xnz.key", passphrase=b"correct horse")
    with pytest.raises(signing.PassphraseNeeded):
        signing.load_private_key(tmp_path / "xnz.key")
    with pytest.raises(ValidationError, match="passphrase is wrong"):
        signing.load_private_key(tmp_path / "xnz.key", b"wrong")
    assert signing.load_private_key(tmp_path / "xnz.key", b"correct horse")


@pytest.mark.parametrize(
    "entry, message",
    [
        ("TS:not-base64!", "neither ISSUER:BASE64KEY nor a readable key file"),
        ("TS:" + "A" * 43 + "=", None),
        ("TS:" + "A" * 44, "not a base64 Ed25519 key"),
    ],
)
def test_trusted_keys_are_checked(entry, message):
    if message is None:
        assert signing.trusted_keys([entry])[0].issuer == "TS"
    else:
        with pytest.raises(ValidationError, match=message):
            signing.trusted_keys([entry])


def test_installing_a_signed_package_records_the_key(unit, town, tmp_path):
    pinned(unit)
    path = signed_file(tmp_path / "t.dwcat.json", manifest())
    with use_clock(FixedClock(MARCH_10)):
        catalog = unit.install_catalog(path)
    assert catalog.signed_by == TOWN_PUBLIC.key_id
    assert Event.get(Event.action == "catalog.install").payload["signed_by"] == catalog.signed_by
    assert not Event.select().where(Event.action == "catalog.trust_override").exists()


@pytest.mark.parametrize("case", ["unsigned", "untrusted", "bad_signature"])
def test_an_untrusted_package_is_refused_and_changes_nothing(
    unit, town, tmp_path, contents, sqlite_url, case
):
    pinned(unit)
    path = tmp_path / "t.dwcat.json"
    if case == "unsigned":
        write(path, manifest())
    elif case == "untrusted":
        signed_file(path, manifest(), key=signing.generate_key())
    else:
        signed_file(path, manifest())
        document = json.loads(path.read_text(encoding="utf-8"))
        document["manifest"]["title"] = "篡改后的目录"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = contents(sqlite_url)
    with use_clock(FixedClock(MARCH_10)), pytest.raises(ValidationError) as caught:
        unit.install_catalog(path)
    assert caught.value.field == "signature" and "--allow-unsigned" in str(caught.value)
    assert contents(sqlite_url) == before


def test_the_override_is_recorded(unit, town, tmp_path):
    pinned(unit)
    path = signed_file(tmp_path / "t.dwcat.json", manifest(), key=signing.generate_key())
    with use_clock(FixedClock(MARCH_10)):
        catalog = unit.install_catalog(path, allow_unsigned=True)
    assert catalog.signed_by == ""
    event = Event.get(Event.action == "catalog.trust_override")
    assert event.reason == "untrusted" and event.subject_id == catalog.id
    assert event.payload["sha256"] == catalog.sha256
    assert Catalog.select().count() == 1
