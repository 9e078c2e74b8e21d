"""The hooks of dangwu-schools: thin functions that hand the sector's data to core."""

from dangwu_core.toolkit import hookimpl

from . import due_dates
from .organization_types import ORGANIZATION_TYPES


@hookimpl
def dangwu_register_organization_types():
    return list(ORGANIZATION_TYPES)


@hookimpl
def dangwu_due_date(item, period, calendar):
    return due_dates.due_date(item, period, calendar)
