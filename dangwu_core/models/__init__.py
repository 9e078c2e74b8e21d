"""The domain models (peewee). Names follow the glossary of DESIGN.md.

Models hold data and database constraints only; the rules that change them live in the
service modules (``organizations``, ``people``, ``audit``...), which every surface calls.
"""

from .attachment import Attachment
from .base import BaseModel, JSONField
from .catalog import Catalog, CatalogItem, Category
from .channel_record import BoardPosting, ChannelRecord, Screen
from .choices import (
    Cadence,
    CatalogStatus,
    FeedbackStatus,
    FilingKind,
    FilingStatus,
    ItemStatus,
    ObligationStatus,
    OrganizationKind,
    ReminderStatus,
    ReporterKind,
    RequestStatus,
    Role,
    Scope,
    TimeLimit,
)
from .delivery import Delivery, DeliveryAttempt, DeliveryState, Subscriber
from .disclosure import Disclosure, DisclosureAddressee, DisclosureVersion
from .event import Event
from .feedback import Feedback
from .filing import Filing
from .obligation import Obligation
from .organization import Organization, OrganizationClosure
from .people import Account, Person, RoleAssignment
from .portal import ApiToken, Rating, SearchDocument, SearchReindex
from .redaction import FindingDecision, VersionFinding, VersionReview
from .reminder import Reminder
from .request import DisclosureRequest
from .risk import RiskAssessment, RiskKind, RiskRequirement
from .section import DisclosureSection
from .throttle import Throttle
from .unit import UnitState

#: Every model, in dependency order (for migrations and schema checks).
ALL_MODELS = [
    Organization,
    OrganizationClosure,
    Person,
    Account,
    RoleAssignment,
    Catalog,
    Category,
    CatalogItem,
    Obligation,
    Disclosure,
    DisclosureVersion,
    DisclosureAddressee,
    Event,
    Feedback,
    DisclosureRequest,
    Filing,
    UnitState,
    Reminder,
    ApiToken,
    Rating,
    SearchDocument,
    SearchReindex,
    Attachment,
    Throttle,
    DisclosureSection,
    RiskRequirement,
    RiskAssessment,
    Subscriber,
    Delivery,
    DeliveryAttempt,
    BoardPosting,
    Screen,
    ChannelRecord,
    VersionReview,
    VersionFinding,
    FindingDecision,
]

__all__ = [
    "ALL_MODELS",
    "Account",
    "ApiToken",
    "Attachment",
    "BaseModel",
    "BoardPosting",
    "Cadence",
    "Catalog",
    "CatalogItem",
    "CatalogStatus",
    "Category",
    "ChannelRecord",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryState",
    "Disclosure",
    "DisclosureAddressee",
    "DisclosureRequest",
    "DisclosureSection",
    "DisclosureVersion",
    "Event",
    "Feedback",
    "FeedbackStatus",
    "Filing",
    "FilingKind",
    "FilingStatus",
    "FindingDecision",
    "ItemStatus",
    "JSONField",
    "Obligation",
    "ObligationStatus",
    "Organization",
    "OrganizationClosure",
    "OrganizationKind",
    "Person",
    "Rating",
    "Reminder",
    "ReminderStatus",
    "ReporterKind",
    "RequestStatus",
    "RiskAssessment",
    "RiskKind",
    "RiskRequirement",
    "Role",
    "RoleAssignment",
    "Scope",
    "Screen",
    "SearchDocument",
    "SearchReindex",
    "Subscriber",
    "Throttle",
    "TimeLimit",
    "UnitState",
    "VersionFinding",
    "VersionReview",
]
