"""Hookspecs are typed (issue 12): every parameter and every return is annotated, and each
annotation names a real type (resolved with the module's type-only imports)."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import typing

import pytest

from dangwu_core import hookspecs


def _type_only_names() -> dict[str, object]:
    """What ``hookspecs`` imports under ``if TYPE_CHECKING:``, imported for real here, so the
    annotations resolve exactly as a type checker resolves them."""
    tree = ast.parse(inspect.getsource(hookspecs))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    names: dict[str, object] = {}
    for node in block.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name] = importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = importlib.import_module(
                "." * node.level + (node.module or ""), package="dangwu_core"
            )
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name)
    return names


#: What ``hookspecs`` imports under TYPE_CHECKING.
TYPE_ONLY = _type_only_names()

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
