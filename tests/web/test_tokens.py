"""API tokens for e-screens and integrations: scoped to an organization's subtree, read-only
or read-write, stored hashed, revocable; the same access rules as every surface."""

from __future__ import annotations

import hashlib

import pytest

from dangwu_core import tokens
from dangwu_core.errors import PermissionDenied
from dangwu_core.models import ApiToken, Disclosure, Organization, Person, Scope


def _org(code):
    return Organization.get(Organization.code == code)


def _person(name):
    return Person.get(Person.name == name)


def test_a_token_is_stored_hashed_and_shown_once(demo):
    token, secret = tokens.issue(_person("李秀英"), _org("TS-B01"), "村部电子屏")
    assert secret not in {token.token_hash, token.name}
    assert ApiToken.get_by_id(token.id).token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert tokens.verify(secret).id == token.id and tokens.verify(secret + "x") is None


def test_only_officers_issue_tokens(demo):
    with pytest.raises(PermissionDenied):
        tokens.issue(_person("钱有福"), _org("TS-B01"), "屏")


def test_a_read_only_token_reads_its_subtree_only_and_cannot_write(demo, client):
    _, secret = tokens.issue(_person("李秀英"), _org("TS-B01"), "村部电子屏")
    auth = {"Authorization": f"Bearer {secret}"}
    items = client.get("/api/v1/disclosures?per_page=100", headers=auth).get_json()["items"]
    assert items and {d["organization"] for d in items} == {"TS-B01"}
    assert Scope.PARTY.value in {d["scope"] for d in items}  # the officer reads party items
    town = Disclosure.get(Disclosure.organization == _org("TS"), Disclosure.state == "published")
    assert client.get(f"/api/v1/disclosures/{town.id}", headers=auth).status_code == 404
    own = Disclosure.get(Disclosure.organization == _org("TS-B01"), Disclosure.state == "published")
    refused = client.post(
        f"/api/v1/disclosures/{own.id}/transitions", json={"name": "republish"}, headers=auth
    )
    assert refused.status_code == 403


def test_a_read_write_token_fires_transitions_and_a_revoked_one_is_refused(demo, client):
    office = _person("李秀英")
    token, secret = tokens.issue(office, _org("TS"), "镇公开平台", can_write=True)
    auth = {"Authorization": f"Bearer {secret}"}
    item = Disclosure.get(Disclosure.state == "approved")
    fired = client.post(
        f"/api/v1/disclosures/{item.id}/transitions", json={"name": "publish"}, headers=auth
    )
    assert fired.status_code == 200, fired.get_json()
    tokens.revoke(token, office)
    refused = client.get("/api/v1/disclosures", headers=auth)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["error"]["message"]
    assert (
        client.get("/api/v1/disclosures", headers={"Authorization": "Bearer nonsense"}).status_code
        == 401
    )
