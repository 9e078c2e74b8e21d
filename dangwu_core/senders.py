"""Senders: what a channel plugin gives the outbox to plan and send its deliveries.

A :class:`Sender` is registered through ``dangwu_register_senders``. It has a ``code`` (the
``channel`` of the deliveries it sends), says whether the far end honours an idempotency key
(``honours_idempotency_key``: a delivery resent after a crash is then not delivered twice),
plans the deliveries a workflow step makes (:meth:`Sender.plan`, called inside the step's
transaction) and sends one delivery (:meth:`Sender.send`, called by the worker, outside any
transaction). A sender that reaches people directly (e-mail, SMS) may also say how it reaches
a person (:meth:`Sender.address_of`): the reminder digests go through it.

``send`` returns a :class:`SendResult` or raises: :class:`PermanentFailure` makes the delivery
a dead letter at once (a refused address), any other exception is retried with backoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Delivery, Disclosure, Event, Person


class PermanentFailure(Exception):
    """The far end refused the delivery for good: no retry will help (a bad address)."""


@dataclass(frozen=True)
class SendResult:
    """What the far end answered (a message id, a status line), kept in the attempt."""

    response: str = ""


@dataclass
class DeliveryDraft:
    """A delivery to write: the outbox adds the channel and writes it once per ``key``.

    :param key: unique for this message and recipient (the idempotency key the far end
        receives): e.g. ``"email:publish:event-12:person-3"``.
    """

    key: str
    kind: str
    recipient: str
    payload: dict[str, Any] = field(default_factory=dict)
    person: int | None = None
    subscriber: int | None = None
    organization: int | None = None
    subject_type: str = "disclosure"
    subject_id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True)
class Change:
    """A workflow step that may make deliveries: what :meth:`Sender.plan` is given.

    :param kind: the transition's kind (``publish``, ``republish``, ``widen``, ``withdraw``).
    """

    unit: Any
    disclosure: Disclosure
    kind: str
    transition: str
    event: Event

    @property
    def settings(self):
        return self.unit.settings


class Sender:
    """The base of every sender; a plugin subclasses it (or gives an object with the same
    attributes)."""

    #: The channel code of its deliveries (``Delivery.channel``).
    code: str = ""
    #: Chinese label shown in the admin.
    label: str = ""
    #: True when the far end drops a second message with the same idempotency key.
    honours_idempotency_key: bool = False

    def enabled(self, settings) -> bool:
        """Whether the unit opted into this channel (its settings)."""
        return True

    def plan(self, change: Change) -> list[DeliveryDraft]:
        """The deliveries ``change`` makes on this channel (inside its transaction)."""
        return []

    def address_of(self, person: Person, settings) -> str:
        """How this channel reaches ``person`` (an address, a number), or "" when it cannot."""
        return ""

    def send(self, delivery: Delivery, settings) -> SendResult:
        """Send ``delivery``; raise on failure (see the module docstring)."""
        raise NotImplementedError
