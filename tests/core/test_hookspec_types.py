"""Hookspecs are typed (issue 12): every parameter and every return is annotated, and each
annotation names a real type (resolved with the module's type-only imports)."""

from __future__ import annotations

import inspect
import re
import typing

import click
import flask
import flask_admin
import pytest

from dangwu_core import hookspecs
from dangwu_core.catalogs import CatalogTemplate
from dangwu_core.channels import Channel
from dangwu_core.models import CatalogItem, Disclosure, Event, Organization
from dangwu_core.organizations import OrganizationType
from dangwu_core.review import ReviewCheck
from dangwu_core.settings import Setting, Settings
from dangwu_core.timelimits import Period, WorkCalendar
from dangwu_core.workflow import WorkflowFunction

#: What ``hookspecs`` imports under TYPE_CHECKING.
TYPE_ONLY = {
    "click": click,
    "flask": flask,
    "flask_admin": flask_admin,
    "CatalogTemplate": CatalogTemplate,
    "Channel": Channel,
    "CatalogItem": CatalogItem,
    "Disclosure": Disclosure,
    "Event": Event,
    "Organization": Organization,
    "OrganizationType": OrganizationType,
    "ReviewCheck": ReviewCheck,
    "Setting": Setting,
    "Settings": Settings,
    "Period": Period,
    "WorkCalendar": WorkCalendar,
    "WorkflowFunction": WorkflowFunction,
}

HOOKS = [name for name in dir(hookspecs) if name.startswith("dangwu_")]


@pytest.mark.parametrize("name", HOOKS)
def test_every_hookspec_is_annotated_with_resolvable_types(name):
    function = getattr(hookspecs, name)
    signature = inspect.signature(function)
    missing = [p for p, param in signature.parameters.items() if param.annotation is param.empty]
    assert missing == [], f"{name}: parameters without a type: {missing}"
    assert signature.return_annotation is not signature.empty, f"{name}: no return type"
    hints = typing.get_type_hints(function, globalns={**vars(hookspecs), **TYPE_ONLY})
    assert set(hints) == {*signature.parameters, "return"}


def test_register_hooks_return_lists_and_notifications_return_none():
    for name in HOOKS:
        hints = typing.get_type_hints(
            getattr(hookspecs, name), globalns={**vars(hookspecs), **TYPE_ONLY}
        )
        if name.startswith("dangwu_register_") and name != "dangwu_register_commands":
            assert typing.get_origin(hints["return"]) is list, name
        if name.startswith("dangwu_on_"):
            assert hints["return"] is type(None), name


def test_the_module_docstring_names_only_families_that_exist():
    doc = hookspecs.__doc__
    families = set(re.findall(r"``(dangwu_[a-z]+_)\*", doc))
    assert families, "the docstring names the naming families"
    for family in families:
        assert any(name.startswith(family) for name in HOOKS), family
