"""The unit context: what a service needs of the running unit, and nothing more.

Services (organizations, obligations, disclosures, catalogs, the workflow engine...) take a
:class:`UnitContext` as their first argument: the unit's settings, its registry (what the
plugins contribute), the clock, ``notify`` (call every implementation of a ``dangwu_on_*``
hook) and ``due_date`` (the first answer of ``dangwu_due_date``). They never reach for the
plugin manager, the database connection or another service through it: services call each
other directly, so a lower layer never calls up into :class:`~dangwu_core.unit.Unit`.

The module sits at the bottom of the layers (it imports only what it names as types):
:class:`~dangwu_core.unit.Unit` satisfies the protocol itself (callers may pass the unit), and
``unit.context`` is a :class:`Context`, the frozen value that carries exactly these five.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .clock import Clock, get_clock

if TYPE_CHECKING:
    from .models import CatalogItem
    from .registry import Registry
    from .settings import Settings
    from .timelimits import Period, WorkCalendar


@runtime_checkable
class UnitContext(Protocol):
    """What services receive: settings, registry, clock, notify, due dates."""

    @property
    def settings(self) -> Settings:
        """The unit's settings."""
        ...

    @property
    def registry(self) -> Registry:
        """What the plugins contribute: organization types, channels, workflows..."""
        ...

    @property
    def clock(self) -> Clock:
        """The clock in force (tests and demos move it with ``use_clock``)."""
        ...

    def notify(self, hook_name: str, **kwargs: Any) -> None:
        """Call every implementation of the ``dangwu_on_*`` hook ``hook_name``."""
        ...

    def due_date(self, item: CatalogItem, period: Period, calendar: WorkCalendar) -> dt.date:
        """The date by which ``item`` is due for ``period`` (``dangwu_due_date``)."""
        ...


@dataclass(frozen=True)
class Context:
    """A :class:`UnitContext` as a value: what ``unit.context`` returns.

    ``notify`` and ``due_date`` are the unit's own (bound) functions; ``clock`` is read when
    asked, so a clock set with ``use_clock`` is seen.
    """

    settings: Settings
    registry: Registry
    notify: Callable[..., None]
    due_date: Callable[[CatalogItem, Period, WorkCalendar], dt.date]

    @property
    def clock(self) -> Clock:
        return get_clock()
