"""Registers core's own schema (``dangwu_core/migrations/`` and its models) as a migration
set, the same way a plugin registers its tables (``dangwu_register_migrations``)."""

from __future__ import annotations

from dangwu_core import hookimpl


@hookimpl
def dangwu_register_migrations():
    from dangwu_core.migrate import CORE_SET

    return [CORE_SET]
