"""Definitions shipped as TOML files: core's default (``default.toml``) and plugins' own.

Data only (no engine): the registry, which sits below the services, reads the default here.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

#: The name of core's default definition (004 五: 提出、审核、审批、实施).
DEFAULT_WORKFLOW = "dangwu.default"


def read_toml(package: str, name: str) -> dict[str, Any]:
    """Read a definition shipped as a TOML file inside ``package`` (a plugin's data file).

    A plugin's definition may say ``extends = "dangwu.default"`` (or name any definition a
    plugin answers): the registry resolves it, so nobody needs to read core's own file.
    """
    return tomllib.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@cache
def _default_data() -> str:
    package = __name__.rpartition(".")[0]
    return resources.files(package).joinpath("default.toml").read_text(encoding="utf-8")


def default_definition_data() -> dict[str, Any]:
    """The default definition (``default.toml``) as data: a fresh mapping on every call."""
    return tomllib.loads(_default_data())
