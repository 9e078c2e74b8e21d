"""Attempts counted per window, in the database, so every process of a unit shares them."""

from __future__ import annotations

import peewee

from .base import BaseModel


class Throttle(BaseModel):
    """``hits`` attempts of ``bucket`` (a form, logins...) by ``key`` (a client address, a
    username) in the window that ends at ``window_ends`` (Unix seconds, UTC).

    Written only by atomic upserts (``dangwu_core.throttles``); a row whose window has ended
    counts nothing and is deleted by the next purge.
    """

    bucket = peewee.CharField(max_length=32)
    key = peewee.CharField(max_length=200)
    hits = peewee.IntegerField(default=0)
    window_ends = peewee.BigIntegerField(index=True)

    class Meta:
        primary_key = peewee.CompositeKey("bucket", "key")
