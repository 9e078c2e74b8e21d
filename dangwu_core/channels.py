"""公开形式/渠道: the channels disclosures are published on, and the scopes each may carry.

003 §7: a person-only item goes by interview, letter or e-mail; an intra-party item by
meetings, documents, bulletins or the LAN; a public item by the bulletin board, website,
e-screen, press... A channel declares its scopes; a disclosure's channels must all carry its
scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import ValidationError
from .models import Scope


@dataclass(frozen=True)
class Channel:
    """A way of publishing: a name, a Chinese label and the scopes it may carry."""

    name: str
    label: str
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("_", "").isalnum():
            raise ValueError(f"channel name {self.name!r} must be a word")
        scopes = frozenset(Scope(str(s)) for s in self.scopes)
        if not scopes:
            raise ValueError(f"channel {self.name!r} carries no scope")
        object.__setattr__(self, "scopes", scopes)

    def carries(self, scope: Scope | str) -> bool:
        return Scope(str(scope)) in self.scopes


class Channels:
    """The registered channels, by name."""

    def __init__(self, channels: dict[str, Channel]):
        self._channels = dict(channels)

    def get(self, name: str) -> Channel:
        try:
            return self._channels[name]
        except KeyError:
            known = ", ".join(sorted(self._channels))
            raise ValidationError(
                f"unknown channel {name!r}; known channels: {known}", "channels"
            ) from None

    def check_fit(self, scope: Scope | str, names: Iterable[str]) -> None:
        """Raise ValidationError unless every channel in ``names`` carries ``scope``."""
        scope = Scope(str(scope))
        for name in names:
            channel = self.get(name)
            if not channel.carries(scope):
                raise ValidationError(
                    f"channel {name!r} ({channel.label}) cannot carry a {scope.value!r} "
                    f"({scope.label}) disclosure",
                    "channels",
                )

    def for_scope(self, scope: Scope | str) -> list[Channel]:
        return [c for c in self._channels.values() if c.carries(scope)]

    def __contains__(self, name: object) -> bool:
        return name in self._channels

    def __iter__(self):
        return iter(self._channels.values())

    def __len__(self) -> int:
        return len(self._channels)
