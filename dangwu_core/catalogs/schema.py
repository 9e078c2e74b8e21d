"""The catalog package format (``dangwu-catalog/1``), as one marshmallow schema.

The same schema validates package files, API input and admin forms. It checks what a
package says about itself (shapes, vocabularies, item rules, codes that must be unique or
must exist inside the package); what depends on the deployment (channels, organization
types, installed versions) is checked by :mod:`dangwu_core.catalogs.install`.

Errors are turned into one :class:`~dangwu_core.errors.ValidationError` whose message names
each field and, inside ``items``, the item's code: ``item 'JY-01': cadence: ...``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import marshmallow
from marshmallow import RAISE, Schema, fields, validate, validates_schema

from ..errors import ValidationError
from ..models import Cadence, ItemStatus, Scope, TimeLimit

FORMAT = "dangwu-catalog/1"
CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", error="must be letters, digits, . _ -")
VERSION_RE = re.compile(r"^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$")
#: 000 三: content shown long-term stays at least half a year (至少半年以上).
MIN_LONG_TERM_MONTHS = 6
#: A bound that keeps a hostile file from costing unbounded memory and time.
MAX_ITEMS = 5000


def _text(max_length: int, *, code: bool = False, **kwargs) -> fields.String:
    checks = [validate.Length(min=1, max=max_length)] + ([CODE] if code else [])
    return fields.String(validate=checks, **kwargs)


def _optional_text(max_length: int | None = None) -> fields.String:
    length = validate.Length(max=max_length) if max_length else None
    return fields.String(load_default="", validate=length)


def version_key(version: str) -> int:
    """Pack ``major.minor.patch`` into one integer that orders like the version."""
    match = VERSION_RE.match(version or "")
    if match is None:
        raise ValidationError(f"version {version!r} is not major.minor.patch", "version")
    major, minor, patch = (int(part) for part in match.groups())
    return (major * 1_000_000 + minor) * 1_000_000 + patch


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class IssuerSchema(_Strict):
    code = _text(64, code=True, required=True)
    name = _text(200, required=True)


class CategorySchema(_Strict):
    code = _text(64, code=True, required=True)
    name = _text(200, required=True)


class ItemSchema(_Strict):
    code = _text(64, code=True, required=True)
    title = _text(300, required=True)
    category = _text(64, required=True)
    scope = fields.String(required=True, validate=validate.OneOf(Scope.values()))
    channels = fields.List(
        fields.String(validate=validate.Length(min=1)),
        required=True,
        validate=validate.Length(min=1, error="name at least one channel"),
    )
    time_limit = fields.String(required=True, validate=validate.OneOf(TimeLimit.values()))
    cadence = fields.String(
        allow_none=True, load_default=None, validate=validate.OneOf(Cadence.values())
    )
    phases = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list)
    spans_years = fields.Boolean(load_default=False)
    due_within_days = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=365)
    )
    display_days = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=3650)
    )
    display_months = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=240)
    )
    proposing_department = _optional_text(100)
    needs_upper_approval = fields.Boolean(load_default=False)
    important = fields.Boolean(load_default=False)
    #: 风险评估 (004 七(四)): ``stability`` (社会稳定风险评估) or, for major decisions,
    #: ``opinion`` (the stability and the online-opinion assessment); empty: none.
    risk_assessment = fields.String(
        load_default="", validate=validate.OneOf(["", "stability", "opinion"])
    )
    legal_basis = _optional_text()
    notes = _optional_text()
    #: 变更、撤销、终止 (003 §9(二)): a revoked or terminated item stays in the package that
    #: revokes it, with the reason; it opens no obligations.
    status = fields.String(load_default="active", validate=validate.OneOf(ItemStatus.values()))
    status_reason = _optional_text(1000)

    @validates_schema
    def _time_limit_rules(self, data: dict[str, Any], **kwargs) -> None:
        time_limit = data.get("time_limit")
        errors: dict[str, str] = {}
        immediate = time_limit == TimeLimit.IMMEDIATE
        for name in ("due_within_days", "display_days"):
            if data.get(name) is not None and not immediate:
                errors[name] = (
                    f"only immediate items (即时公开) have {name}, not {time_limit} items"
                )
        if data.get("display_months") is not None and immediate:
            errors["display_months"] = "immediate items are shown for display_days, not months"
        status = data.get("status", "active")
        reason = (data.get("status_reason") or "").strip()
        if status != "active" and not reason:
            errors["status_reason"] = f"a {status} item needs the reason (status_reason)"
        elif status == "active" and reason:
            errors["status_reason"] = "only revoked or terminated items have a status_reason"
        if time_limit == TimeLimit.PERIODIC and not data.get("cadence"):
            errors["cadence"] = "a periodic item (定期公开) needs a cadence"
        if time_limit != TimeLimit.PERIODIC and data.get("cadence"):
            errors["cadence"] = f"only periodic items have a cadence, not {time_limit} items"
        phases = data.get("phases") or []
        if time_limit == TimeLimit.STAGED and not phases:
            errors["phases"] = "a staged item (分期公开) needs its phases, e.g. 事前, 事中, 事后"
        elif time_limit != TimeLimit.STAGED and phases:
            errors["phases"] = f"only staged items have phases, not {time_limit} items"
        elif len(set(phases)) != len(phases):
            errors["phases"] = "a phase is named twice"
        elif len(phases) > 12:
            errors["phases"] = "at most 12 phases"
        if data.get("spans_years") and time_limit != TimeLimit.STAGED:
            errors["spans_years"] = "only staged items span years"
        months = data.get("display_months")
        long_term = time_limit == TimeLimit.LONG_TERM
        if long_term and months is not None and months < MIN_LONG_TERM_MONTHS:
            errors["display_months"] = (
                f"long-term items stay shown at least {MIN_LONG_TERM_MONTHS} months (000 三)"
            )
        if errors:
            raise marshmallow.ValidationError(errors)


class ManifestSchema(_Strict):
    issuer = fields.Nested(IssuerSchema, required=True)
    code = _text(100, code=True, required=True)
    title = _text(200, required=True)
    version = fields.String(
        required=True, validate=validate.Regexp(VERSION_RE, error="must be major.minor.patch")
    )
    effective_date = fields.Date(required=True)
    #: Organization types bound (in the issuer's subtree; see ``catalogs.binding``).
    applies_to = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True)
    #: Codes of named organizations bound, whatever their type (004 七(二)).
    applies_to_organizations = fields.List(_text(64, code=True), load_default=list)
    categories = fields.List(
        fields.Nested(CategorySchema),
        required=True,
        validate=validate.Length(min=1, error="define at least one category"),
    )
    items = fields.List(
        fields.Nested(ItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS, error="list 1 to {max} items"),
    )
    #: 变更说明: why this version changes, revokes or terminates items (003 §9(二)).
    explanation = _optional_text(5000)

    @validates_schema
    def _codes(self, data: dict[str, Any], **kwargs) -> None:
        errors: dict[str, Any] = {}
        seen: set[str] = set()
        for index, category in enumerate(data.get("categories") or []):
            if category["code"] in seen:
                errors.setdefault("categories", {})[index] = {
                    "code": f"category code {category['code']!r} is defined twice"
                }
            seen.add(category["code"])
        codes: set[str] = set()
        for index, item in enumerate(data.get("items") or []):
            problems = {}
            if item["code"] in codes:
                problems["code"] = f"item code {item['code']!r} is used twice"
            codes.add(item["code"])
            if item["category"] not in seen:
                problems["category"] = (
                    f"unknown category {item['category']!r}; the package defines "
                    f"{', '.join(sorted(seen)) or 'none'}"
                )
            if problems:
                errors.setdefault("items", {})[index] = problems
        types = data.get("applies_to") or []
        named = data.get("applies_to_organizations") or []
        if len(set(types)) != len(types):
            errors["applies_to"] = "an organization type is named twice"
        elif not types and not named and "applies_to" in data:
            errors["applies_to"] = (
                "name at least one organization type (applies_to) or organization "
                "(applies_to_organizations)"
            )
        if len(set(named)) != len(named):
            errors["applies_to_organizations"] = "an organization is named twice"
        if errors:
            raise marshmallow.ValidationError(errors)


class SignatureSchema(_Strict):
    """The issuer's Ed25519 signature over the canonical manifest (see ``signing``)."""

    algorithm = fields.String(
        required=True, validate=validate.Equal("ed25519", error="must be 'ed25519'")
    )
    key_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    value = fields.String(required=True, validate=validate.Length(min=1, max=200))


class PackageSchema(_Strict):
    format = fields.String(
        required=True, validate=validate.Equal(FORMAT, error=f"must be {FORMAT!r}")
    )
    manifest = fields.Nested(ManifestSchema, required=True)
    signature = fields.Nested(SignatureSchema, allow_none=True, load_default=None)


# --- Errors that name the field and the item -------------------------------------------------


_LABELS = {"items": "item", "categories": "category"}


def _flatten(messages: Any, raw: Any, shown: str, field: str, out: list[tuple[str, str]]):
    """Collect ``(field, message)``: ``items[JY-01].cadence`` and ``item 'JY-01': cadence: …``."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                _flatten(value, raw, shown, field, out)
            elif isinstance(key, int):
                entry = raw[key] if isinstance(raw, list) and key < len(raw) else None
                code = entry.get("code") if isinstance(entry, Mapping) else None
                last = field.rsplit(".", 1)[-1]
                if code and last in _LABELS:
                    _flatten(value, entry, f"{_LABELS[last]} {code!r}: ", f"{field}[{code}]", out)
                else:
                    _flatten(value, entry, f"{shown.rstrip(': ')}[{key}]: ", f"{field}[{key}]", out)
            else:
                sub = raw.get(key) if isinstance(raw, Mapping) else None
                dotted = f"{field}.{key}" if field else str(key)
                _flatten(value, sub, f"{shown}{key}: ", dotted, out)
    elif isinstance(messages, list | tuple):
        for message in messages:
            _flatten(message, raw, shown, field, out)
    else:
        out.append((field, f"{shown}{messages}"))


def error_from(exc: marshmallow.ValidationError, raw: Any) -> ValidationError:
    """One dangwu ValidationError listing every problem, each naming its field and item."""
    found: list[tuple[str, str]] = []
    _flatten(exc.messages, raw, "", "", found)
    found = list(dict.fromkeys(found))
    message = "; ".join(text for _, text in found) or str(exc)
    return ValidationError(f"invalid catalog package: {message}", found[0][0] if found else None)


def validate_manifest(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a manifest; return it loaded (dates as ``date``, defaults filled in)."""
    if not isinstance(manifest, Mapping):
        raise ValidationError("invalid catalog package: the manifest is not an object", None)
    try:
        return ManifestSchema().load(manifest)
    except marshmallow.ValidationError as exc:
        raise error_from(exc, manifest) from None


def validate_package(package: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a whole package document (format, manifest, signature)."""
    if not isinstance(package, Mapping):
        raise ValidationError("invalid catalog package: not a JSON object", None)
    try:
        return PackageSchema().load(package)
    except marshmallow.ValidationError as exc:
        raise error_from(exc, package) from None
