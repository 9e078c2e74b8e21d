"""Core's own procedure, pinned: for tests of core behaviour whatever sector plugin is installed.

Sector plugins (the test sector, tests/fixtures/dangwu-testsector; dangwu-villages...) bind
their organization types to their own procedures;
tests of core's engine, tick and seed walk-throughs on the national procedure start their unit
with :class:`DefaultProcedure`, which answers ``dangwu_workflow_definition`` first.
"""

from __future__ import annotations

import inspect

from dangwu_core import hookimpl
from dangwu_core.catalogs import install as catalog_install
from dangwu_core.testing import start_unit
from dangwu_core.workflow import default_definition_data


class DefaultProcedure:
    @staticmethod
    @hookimpl(tryfirst=True)
    def dangwu_workflow_definition(organization_type):
        return default_definition_data()


def start_pinned(url: str, **overrides):
    """A started, upgraded unit on ``url`` whose every type follows ``dangwu.default``."""
    return start_unit(url, extra_plugins=[("default_procedure", DefaultProcedure)], **overrides)


def install_unsigned(unit, package):
    """Install a test package (unsigned: recorded as an administrator's override)."""
    options = {}
    if "allow_unsigned" in inspect.signature(catalog_install.install).parameters:
        options["allow_unsigned"] = True
    return catalog_install.install(unit, package, **options)
