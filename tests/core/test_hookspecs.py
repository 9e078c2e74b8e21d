"""Every hook is documented, shaped as documented, and implemented somewhere that runs.

Rules: DESIGN.md "One module holds every hookspec, each with a docstring that says when it is
called and what it returns"; ``dangwu_core.hookspecs`` ("``firstresult`` hooks answer a
question; the first non-None answer wins"). A hook nobody implements is a hook nobody tests:
the implementations are found by scanning the built-in, sector, contrib and test plugins.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from dangwu_core import hookspecs
from dangwu_core.plugins import PluginManager

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "dangwu_core"

#: Hooks core declares but does not call yet, so nothing can exercise an implementation.
#: An entry stops excusing its hook as soon as core calls the hook (see the test below).
NOT_CALLED_YET: dict[str, str] = {}


def specs() -> dict[str, object]:
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    return {name: getattr(pm.hook, name) for name in dir(pm.hook) if name.startswith("dangwu_")}


SPECS = specs()


def test_hookspecs_module_declares_hooks():
    assert len(SPECS) >= 10
    declared = {n for n, f in inspect.getmembers(hookspecs, inspect.isfunction)}
    assert declared == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_hookspec_says_when_it_is_called_and_what_it_returns(name):
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert len(doc.splitlines()[0]) > 10, f"{name}: no summary line"
    # "when": either an explicit "Called ..." sentence or an "after ..." notification
    assert re.search(r"\bCalled\b|\bReact after\b|\(inside the ", doc), f"{name}: when?"
    assert ":returns:" in doc, f"{name}: what does it return?"
    for param in inspect.signature(getattr(hookspecs, name)).parameters:
        assert f":param {param}:" in doc, f"{name}: parameter {param!r} undocumented"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_firstresult_exactly_where_the_docstring_says_the_first_answer_wins(name):
    doc = inspect.getdoc(getattr(hookspecs, name))
    says_first = "first non-None answer" in doc
    assert SPECS[name].spec.opts["firstresult"] is says_first


def _hookimpl_names(path: Path) -> set[str]:
    """Names of ``@hookimpl`` functions (module level or methods) in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                label = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if label == "hookimpl":
                    names.add(node.name)
        # plugins built inline: type("X", (), {"dangwu_hook": hookimpl(...)})
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=False):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(value, ast.Call)
                    and getattr(value.func, "id", "") == "hookimpl"
                ):
                    names.add(key.value)
    return names


def _plugin_sources() -> list[Path]:
    places = [CORE / "builtin", ROOT / "plugins", ROOT / "contrib", ROOT / "tests"]
    files = []
    for place in places:
        files.extend(
            p for p in place.rglob("*.py") if ".egg-info" not in str(p) and p != Path(__file__)
        )
    return files


def implementations() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _plugin_sources():
        for name in _hookimpl_names(path):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def called_by_core(name: str) -> bool:
    """Whether code in dangwu_core (outside hookspecs and built-in plugins) calls the hook."""
    for path in CORE.rglob("*.py"):
        if path.name == "hookspecs.py" or "builtin" in path.parts:
            continue
        if re.search(rf"['\".]{name}\b", path.read_text(encoding="utf-8")):
            return True
    return False


def test_every_implementation_names_a_real_hook():
    unknown = {
        n: p for n, p in implementations().items() if n.startswith("dangwu_") and n not in SPECS
    }
    assert unknown == {}, "hookimpls of hooks that do not exist (typo?)"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_hook_is_implemented_by_a_builtin_sector_or_test_plugin(name):
    if name in implementations():
        return
    assert name in NOT_CALLED_YET, (
        f"{name} has no implementation in dangwu_core/builtin, plugins/, contrib/ or tests/: "
        "add one (a test plugin that exercises it is enough)"
    )
    assert not called_by_core(name), (
        f"{name} is called by core now: remove it from NOT_CALLED_YET and implement it"
    )
