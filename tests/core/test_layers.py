"""Every module of dangwu_core sits in a layer, and type-only imports count.

The layers contract (setup.cfg, checked by ``lint-imports``) only judges the modules it
names: a module in no layer may import anything and be imported by anything. This test keeps
the contract whole as modules are added.
"""

from __future__ import annotations

import configparser
import pkgutil
import re
from pathlib import Path

import dangwu_core

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "importlinter:contract:layers"


def _config() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def layer_modules() -> set[str]:
    text = _config()[CONTRACT]["layers"]
    return {name for name in re.split(r"[\s:|]+", text) if name}


def core_modules() -> dict[str, bool]:
    """Every module of dangwu_core: name -> whether it is a package."""
    found = {}
    for info in pkgutil.walk_packages(dangwu_core.__path__, "dangwu_core."):
        found[info.name] = info.ispkg
    return found


def unplaced(modules: dict[str, bool], layers: set[str]) -> list[str]:
    """Modules neither in a layer nor inside one. A package split across layers (its
    children are layers) is placed when every one of its direct children is."""

    def placed(name: str) -> bool:
        parts = name.split(".")
        if any(".".join(parts[:n]) in layers for n in range(2, len(parts) + 1)):
            return True
        if modules.get(name):
            children = [m for m in modules if m.rpartition(".")[0] == name]
            return bool(children) and all(placed(child) for child in children)
        return False

    return sorted(name for name in modules if not placed(name))


def test_every_module_of_core_is_in_a_layer():
    layers = layer_modules()
    modules = core_modules()
    assert not unplaced(modules, layers), (
        "modules in no layer of setup.cfg's layers contract: "
        + ", ".join(unplaced(modules, layers))
    )


def test_every_layer_names_a_module():
    modules = core_modules()
    assert sorted(layer_modules() - set(modules)) == []


def test_a_new_module_in_no_layer_is_found():
    modules = {**core_modules(), "dangwu_core.stray": False, "dangwu_core.workflow.stray": False}
    # The split package is no longer whole either.
    assert unplaced(modules, layer_modules()) == [
        "dangwu_core.stray",
        "dangwu_core.workflow",
        "dangwu_core.workflow.stray",
    ]


def test_type_checking_imports_count_in_the_contracts():
    assert _config()["importlinter"]["exclude_type_checking_imports"].strip() == "False"
