"""Small facts about the unit's database itself (demo built, calendar years loaded...)."""

from __future__ import annotations

import peewee

from .base import BaseModel, JSONField


class UnitState(BaseModel):
    key = peewee.CharField(max_length=100, primary_key=True)
    value = JSONField(null=True)
