"""Catalog templates: catalog packages that plugins ship inside their Python distribution."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CatalogTemplate:
    """A catalog package offered by a plugin through ``dangwu_register_catalog_templates``.

    :param name: the name a unit uses to pick it (``myplugin.county-standard``).
    :param path: the package file inside the plugin's distribution.
    :param title: a Chinese title to list it by.
    """

    name: str
    path: Path
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if not self.name:
            raise ValueError("a catalog template needs a name")
