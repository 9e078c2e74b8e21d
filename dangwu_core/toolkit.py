"""The stable surface plugins import from (as CKAN's toolkit): use these names, not internals.

Anything importable from here keeps its meaning across minor releases of dangwu-core.
"""

from . import hookimpl
from .catalogs import CatalogTemplate
from .channels import Channel
from .clock import FixedClock, get_clock, today, use_clock
from .demo import Demo, DemoBuilder
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
from .models import Cadence, OrganizationKind, Role, Scope, TimeLimit
from .organizations import OrganizationType
from .review import Finding, Outcome, ReviewCheck, Span
from .settings import Setting
from .workflow import TransitionContext, WorkflowFunction, read_toml

__all__ = [
    "Cadence",
    "CatalogTemplate",
    "Channel",
    "ConflictError",
    "DangwuError",
    "Demo",
    "DemoBuilder",
    "Finding",
    "FixedClock",
    "GuardRefused",
    "InvalidTransition",
    "NotFound",
    "OrganizationKind",
    "OrganizationType",
    "Outcome",
    "PermissionDenied",
    "PluginError",
    "ReviewCheck",
    "Role",
    "Scope",
    "Setting",
    "Span",
    "TimeLimit",
    "TransitionContext",
    "ValidationError",
    "WorkflowFunction",
    "get_clock",
    "hookimpl",
    "read_toml",
    "today",
    "use_clock",
]
