"""The stable surface plugins import from (as CKAN's toolkit): use these names, not internals.

Anything importable from here keeps its meaning across minor releases of dangwu-core.
"""

from . import hookimpl
from .catalogs import CatalogTemplate
from .channels import Channel
from .clock import FixedClock, get_clock, today, use_clock
from .demo import Demo, DemoBuilder
from .errors import DangwuError, NotFound, PluginError, ValidationError
from .models import Cadence, OrganizationKind, Role, Scope, TimeLimit
from .organizations import OrganizationType
from .review import Finding, Outcome, ReviewCheck, Span
from .settings import Setting

__all__ = [
    "Cadence",
    "CatalogTemplate",
    "Channel",
    "DangwuError",
    "Demo",
    "DemoBuilder",
    "Finding",
    "FixedClock",
    "NotFound",
    "OrganizationKind",
    "OrganizationType",
    "Outcome",
    "PluginError",
    "ReviewCheck",
    "Role",
    "Scope",
    "Setting",
    "Span",
    "TimeLimit",
    "ValidationError",
    "get_clock",
    "hookimpl",
    "today",
    "use_clock",
]
