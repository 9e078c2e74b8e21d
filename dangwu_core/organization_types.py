"""Organization types: what a sector plugin registers (``dangwu_register_organization_types``).

Kept apart from :mod:`dangwu_core.organizations` (the service that creates and moves
organizations) so that the registry, and the unit context that carries it, sit below every
service in the layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ValidationError
from .models import OrganizationKind


@dataclass(frozen=True)
class OrganizationType:
    """A kind of organization a sector plugin names (党委, 党总支, 党支部...).

    :param name: a stable identifier (``town_committee``), stored on each organization.
    :param label: the Chinese name shown to people.
    :param kind: the structural :class:`~dangwu_core.models.OrganizationKind`.
    :param sector: the sector it belongs to (a name the sector plugin chooses).
    :param parent_types: type names allowed as its parent; empty means any parent.
    :param root: whether it may stand at the top of the tree (no parent).
    """

    name: str
    label: str
    kind: OrganizationKind | str
    sector: str
    parent_types: tuple[str, ...] = field(default_factory=tuple)
    root: bool = False

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("_", "").isalnum():
            raise ValueError(f"organization type name {self.name!r} must be a word")
        if str(self.kind) not in OrganizationKind.values():
            raise ValueError(
                f"organization type {self.name!r}: kind {self.kind!r} is not one of "
                f"{', '.join(OrganizationKind.values())}"
            )
        object.__setattr__(self, "kind", OrganizationKind(str(self.kind)))
        object.__setattr__(self, "parent_types", tuple(self.parent_types))


class OrganizationTypes:
    """The registered organization types, by name."""

    def __init__(self, types: dict[str, OrganizationType]):
        self._types = dict(types)

    def get(self, name: str) -> OrganizationType:
        try:
            return self._types[name]
        except KeyError:
            known = ", ".join(sorted(self._types)) or "none (is a sector plugin installed?)"
            raise ValidationError(
                f"unknown organization type {name!r}; registered types: {known}", "type"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self):
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)
