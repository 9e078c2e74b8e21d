"""What a sector plugin offers through ``dangwu_register_demos``: the :class:`Demo` record.

Kept apart from :mod:`dangwu_core.demo` (the builder, which drives the unit's services) so that
the registry, and the unit context that carries it, sit below every service in the layers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Demo:
    """A demo unit for ``sector``: ``build(builder)`` creates it.

    ``build`` receives a :class:`dangwu_core.demo.DemoBuilder` (typed loosely here: the
    builder sits above the services this record sits below).
    """

    sector: str
    label: str
    build: Callable[[Any], None]
    #: Logins to print after the demo is built: (username, password, what they can do).
    logins: tuple[tuple[str, str, str], ...] = ()
