"""The door plugins use (as CKAN's toolkit): every name a plugin needs, and nothing else.

Sector, channel and review plugins (``plugins/*``, ``contrib/*``) import from this module
only (and ``hookimpl`` from :mod:`dangwu_core`; their tests also use
:mod:`dangwu_core.testing`). An import-linter contract in ``setup.cfg`` keeps them to it, so
core may move its internals freely: anything importable from here keeps its meaning across
minor releases. Every name is described in ``docs/plugins/toolkit.md``.

The names, by group:

* **Hooks**: ``hookimpl``.
* **The unit**: ``Unit`` (what hooks receive as ``unit`` today), ``current_unit`` (the unit
  of the current Flask application).
* **Transactions**: ``atomic``.
* **Time**: ``FixedClock``, ``get_clock``, ``today``, ``use_clock``; ``WorkCalendar``,
  ``Period``, ``periods``.
* **Errors**: ``DangwuError`` and its kinds.
* **Vocabulary** (enums): ``Cadence``, ``OrganizationKind``, ``Role``, ``Scope``,
  ``TimeLimit``, and the statuses a plugin compares with.
* **Models a plugin may read** (peewee; write through the services): ``MODELS``.
* **A plugin's own tables**: ``MigrationSet`` (hook ``dangwu_register_migrations``), and the
  base classes of its models: ``BaseModel``, ``TimestampedModel``, ``JSONField``.
* **What plugins register**: ``OrganizationType``, ``Channel``, ``CatalogTemplate``,
  ``ReviewCheck`` (``Finding``, ``Outcome``, ``Span``), ``RiskRule``, ``Setting``,
  ``WorkflowFunction`` (``TransitionContext``), ``read_toml``, ``Demo``; the outbox's
  ``Sender`` (``Change``, ``DeliveryDraft``, ``SendResult``, ``PermanentFailure``), and for
  demos the outbox's ``write_deliveries``, ``claim_deliveries``, ``record_delivery``,
  ``write_digests``.
* **The demo**: ``DemoBuilder``, ``build_demo``.
* **Services**: drafting and firing (``create_draft``, ``fire``, ``available_transitions``,
  ``current_version``), the review's gates (``override_block``, ``flag_risk``,
  ``assess_risk``), 党务公开日 sheets (``due_for_batch``, ``disclosure_day``,
  ``prepare_batch``, ``sections``, ``readable_sections``, ``edit_section``,
  ``withhold_section``, ``restore_section``, ``republish_sections``), files
  (``add_attachment``, ``current_attachments``), people
  (``create_person``, ``create_account``, ``assign_role``, ``get_person``), organizations
  (``get_organization``,
  ``subtree``, ``ancestors``), requests (``submit_request``...), changes of catalogued
  items (``request_change``, ``decide_change``, ``approved_change``), catalog packages
  (``load_catalog_package``, ``validate_catalog_manifest``, ``write_catalog_package``,
  ``sign_catalog_package``, ``generate_catalog_key``, ``TrustedCatalogKey``,
  ``verify_catalog_package``, ``trusted_keys``,
  ``canonical_manifest``, ``catalog_from_spreadsheet``, ``catalog_to_spreadsheet``).
* **Audit**: ``record_event`` (record a plugin's event), ``event_record``/``events_of``
  (read events as documented :class:`EventRecord` values), ``verify_audit``.
* **Schemas**: the marshmallow schemas of the API that a plugin's routes answer with.
* **Admin**: ``DangwuView``, ``ScopedModelView`` (the base classes plugin views subclass),
  ``working_disclosure``.

The toolkit sits at the top of core's layers (it re-exports the admin's base views): nothing
in ``dangwu_core`` imports it.
"""

from __future__ import annotations

from . import hookimpl

# --- Permissions: the one decision, for a plugin's own services ----------------------------
from .access import allowed, organization_condition

# --- Admin: the base views plugins subclass ------------------------------------------------
from .admin.base import DangwuView, ScopedModelView, working_disclosure
from .admin.base import unit as current_unit

# --- Channels that are places and records: the 公开栏 sheet's rule, shown sections --------
from .admin.sheets import on_sheet as sheet_sections

# --- Services plugins call -----------------------------------------------------------------
from .attachments import add as add_attachment
from .attachments import current as current_attachments

# --- Audit -----------------------------------------------------------------------------------
from .audit import CollectiveDecision, EventRecord, ReviewFinding, event_record, events_of
from .audit import record as record_event
from .audit import verify as verify_audit

# --- 党务公开日 sheets: a disclosure with a section per obligation ----------------------------
from .batches import (
    disclosure_day,
    due_for_batch,
    edit_section,
    prepare_batch,
    readable_sections,
    republish_sections,
    restore_section,
    sections,
    withhold_section,
)

# --- What plugins register -----------------------------------------------------------------
from .catalogs import CatalogTemplate
from .catalogs.package import Package as CatalogPackage
from .catalogs.package import canonical_manifest
from .catalogs.package import load as load_catalog_package
from .catalogs.package import write as write_catalog_package
from .catalogs.schema import validate_manifest as validate_catalog_manifest
from .catalogs.signing import TrustedKey as TrustedCatalogKey
from .catalogs.signing import generate_key as generate_catalog_key
from .catalogs.signing import sign as sign_catalog_package
from .catalogs.signing import trusted_keys
from .catalogs.signing import verify as verify_catalog_package
from .catalogs.spreadsheet import build as catalog_from_spreadsheet
from .catalogs.spreadsheet import export as catalog_to_spreadsheet

# --- Changes of catalogued items (变更、撤销、终止): the catalog issuer approves ----------
from .changes import approved_change, decide_change, request_change
from .channels import Channel

# --- Time ------------------------------------------------------------------------------------
from .clock import FixedClock, get_clock, today, use_clock

# --- The unit (with Unit below) ---------------------------------------------------------------
# Hooks receive the Unit; a plugin's own services take the narrower UnitContext (which the Unit
# satisfies), as core's do.
from .context import UnitContext

# --- Transactions --------------------------------------------------------------------------
from .db import atomic

# --- The demo --------------------------------------------------------------------------------
from .demo import Demo, DemoBuilder, build_demo
from .desk import DeskItem
from .digests import write_digests
from .disclosure_requests import acknowledge as acknowledge_request
from .disclosure_requests import grant as grant_request
from .disclosure_requests import refuse as refuse_request
from .disclosure_requests import review_refusal
from .disclosure_requests import submit as submit_request
from .disclosures import create_draft, current_version

# --- Errors ----------------------------------------------------------------------------------
from .errors import (
    ConflictError,
    DangwuError,
    GuardRefused,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PluginError,
    ValidationError,
)
from .ledgers import Ledger
from .migration_sets import MigrationSet

# --- Models a plugin may read, and the vocabulary ------------------------------------------
from .models import (
    Account,
    Attachment,
    BoardPosting,
    Cadence,
    Catalog,
    CatalogItem,
    Category,
    ChannelRecord,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    Disclosure,
    DisclosureAddressee,
    DisclosureRequest,
    DisclosureSection,
    DisclosureVersion,
    Event,
    Feedback,
    FeedbackStatus,
    Filing,
    FilingStatus,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationKind,
    Person,
    RequestStatus,
    Role,
    RoleAssignment,
    Scope,
    Screen,
    Subscriber,
    TimeLimit,
)
from .models.base import BaseModel, JSONField, TimestampedModel
from .organizations import OrganizationType, ancestors, subtree
from .organizations import get as get_organization
from .outbox import claim as claim_deliveries
from .outbox import record as record_delivery
from .outbox import write as write_deliveries
from .people import assign_role, create_account, create_person
from .people import get_by_username as get_person
from .permissions import Action
from .review import Finding, Outcome, ReviewAction, ReviewCheck, RiskRule, Span, run_check
from .risk import assess as assess_risk
from .risk import flag as flag_risk
from .schemas import (
    AttachmentSchema,
    CatalogItemSchema,
    DisclosureDetailSchema,
    DisclosureSchema,
    ErrorSchema,
    ObligationSchema,
    OrganizationSchema,
)
from .secrecy import override_block
from .sections import shown_sections
from .senders import Change, DeliveryDraft, PermanentFailure, Sender, SendResult
from .settings import Setting
from .timelimits import Period, WorkCalendar, periods

# --- The unit --------------------------------------------------------------------------------
from .unit import Unit
from .web.caching import conditional
from .workflow import TransitionContext, WorkflowFunction, available_transitions, fire, read_toml

#: The models a plugin may read (query with peewee; change them only through the services
#: above, which record the audit events).
MODELS = (
    Account,
    Attachment,
    BoardPosting,
    Catalog,
    CatalogItem,
    Category,
    Delivery,
    DeliveryAttempt,
    ChannelRecord,
    Disclosure,
    DisclosureAddressee,
    DisclosureRequest,
    DisclosureSection,
    DisclosureVersion,
    Event,
    Feedback,
    Filing,
    Obligation,
    Organization,
    Person,
    RoleAssignment,
    Subscriber,
    Screen,
)

__all__ = [
    "MODELS",
    "Account",
    "Action",
    "Attachment",
    "AttachmentSchema",
    "BaseModel",
    "BoardPosting",
    "Cadence",
    "Catalog",
    "CatalogItem",
    "CatalogItemSchema",
    "CatalogPackage",
    "CatalogTemplate",
    "Category",
    "Change",
    "Channel",
    "ChannelRecord",
    "CollectiveDecision",
    "ConflictError",
    "DangwuError",
    "DangwuView",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryDraft",
    "DeliveryState",
    "Demo",
    "DemoBuilder",
    "DeskItem",
    "Disclosure",
    "DisclosureAddressee",
    "DisclosureDetailSchema",
    "DisclosureRequest",
    "DisclosureSchema",
    "DisclosureSection",
    "DisclosureVersion",
    "ErrorSchema",
    "Event",
    "EventRecord",
    "Feedback",
    "FeedbackStatus",
    "Filing",
    "FilingStatus",
    "Finding",
    "FixedClock",
    "GuardRefused",
    "InvalidTransition",
    "JSONField",
    "Ledger",
    "MigrationSet",
    "NotFound",
    "Obligation",
    "ObligationSchema",
    "ObligationStatus",
    "Organization",
    "OrganizationKind",
    "OrganizationSchema",
    "OrganizationType",
    "Outcome",
    "Period",
    "PermanentFailure",
    "PermissionDenied",
    "Person",
    "PluginError",
    "RequestStatus",
    "ReviewAction",
    "ReviewCheck",
    "ReviewFinding",
    "RiskRule",
    "Role",
    "RoleAssignment",
    "Scope",
    "ScopedModelView",
    "Screen",
    "SendResult",
    "Sender",
    "Setting",
    "Span",
    "Subscriber",
    "TimeLimit",
    "TimestampedModel",
    "TransitionContext",
    "TrustedCatalogKey",
    "Unit",
    "UnitContext",
    "ValidationError",
    "WorkCalendar",
    "WorkflowFunction",
    "acknowledge_request",
    "add_attachment",
    "allowed",
    "ancestors",
    "approved_change",
    "assess_risk",
    "assign_role",
    "atomic",
    "available_transitions",
    "build_demo",
    "canonical_manifest",
    "catalog_from_spreadsheet",
    "catalog_to_spreadsheet",
    "claim_deliveries",
    "conditional",
    "create_account",
    "create_draft",
    "create_person",
    "current_attachments",
    "current_unit",
    "current_version",
    "decide_change",
    "disclosure_day",
    "due_for_batch",
    "edit_section",
    "event_record",
    "events_of",
    "fire",
    "flag_risk",
    "generate_catalog_key",
    "get_clock",
    "get_organization",
    "get_person",
    "grant_request",
    "hookimpl",
    "load_catalog_package",
    "organization_condition",
    "override_block",
    "periods",
    "prepare_batch",
    "read_toml",
    "readable_sections",
    "record_delivery",
    "record_event",
    "refuse_request",
    "republish_sections",
    "request_change",
    "restore_section",
    "review_refusal",
    "run_check",
    "sections",
    "sheet_sections",
    "shown_sections",
    "sign_catalog_package",
    "submit_request",
    "subtree",
    "today",
    "trusted_keys",
    "use_clock",
    "validate_catalog_manifest",
    "verify_audit",
    "verify_catalog_package",
    "withhold_section",
    "working_disclosure",
    "write_catalog_package",
    "write_deliveries",
    "write_digests",
]
