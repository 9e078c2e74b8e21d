"""The schema a distribution ships: its numbered migration scripts and the models they build.

Core's schema is one set (``dangwu_core/migrations/`` with :data:`dangwu_core.models.ALL_MODELS`);
a plugin that keeps data of its own ships another through the hook
``dangwu_register_migrations``, so its tables are created and changed by ``dangwu db upgrade``
like core's, are versioned on their own and never need a core migration. Each set keeps its
history in its own table (``schema_migration`` for core, ``schema_migration_<name>`` for a
plugin's), so two sets may both start at ``0001_initial``. Core's set always runs first (a
plugin's tables may refer to core's), then the plugins' sets by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peewee

#: The name of core's own set; its migrations are named without a prefix.
CORE = "dangwu_core"
#: The history table of core's set (the table that makes a database a dangwu database).
CORE_HISTORY = "schema_migration"
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class MigrationSet:
    """A distribution's migrations (``directory``) and the models they build (``models``).

    :param name: the set's name, lower case (``consultation``): the prefix of its migrations'
        names in ``dangwu db status`` (``consultation:0001_initial``) and the suffix of its
        history table.
    :param directory: the folder of numbered scripts (``0001_name.py``, each with
        ``up(migrator, db)``), in the style of core's: models frozen in the script, so a later
        change of the models does not change what an old migration did.
    :param models: the set's current models, in dependency order: ``dangwu check`` compares
        them with the database to find drift.
    """

    name: str
    directory: Path
    models: Sequence[type[peewee.Model]] = field(default=())

    def __post_init__(self) -> None:
        if not NAME.match(self.name or ""):
            raise ValueError(
                f"migration set name {self.name!r}: lower-case letters, digits and '_', "
                "starting with a letter, at most 40 characters"
            )
        directory = Path(self.directory)
        if not directory.is_dir():
            raise ValueError(f"migration set {self.name!r}: {directory} is not a directory")
        object.__setattr__(self, "directory", directory)
        object.__setattr__(self, "models", tuple(self.models))

    @property
    def history_table(self) -> str:
        return CORE_HISTORY if self.name == CORE else f"{CORE_HISTORY}_{self.name}"

    def qualified(self, migration: str) -> str:
        """The name ``dangwu db status`` shows: core's bare, a plugin's ``set:migration``."""
        return migration if self.name == CORE else f"{self.name}:{migration}"

    def owns(self, qualified: str) -> str | None:
        """The bare migration name if ``qualified`` names one of this set's, else None."""
        if self.name == CORE:
            return None if ":" in qualified else qualified
        prefix = f"{self.name}:"
        return qualified[len(prefix) :] if qualified.startswith(prefix) else None
