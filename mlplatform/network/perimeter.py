"""Perimeters: what part of the network a person may see, and the one scoping mechanism.

National sees every structure, an ARML sees itself and its MLs, an ML sees itself.
Auditors and commission members see no structure through their membership alone: the label
cycle gives them the structures of the files assigned to them (audits of their pair, agendas
of their commission sessions), read-only, through the same mechanism (``Level.ASSIGNED``).

Every model that belongs to a structure declares ``scope_path`` (the lookup from the model
to its ``Structure``, "" for the structure itself) and uses ``ScopedQuerySet``, so that
``Model.objects.for_user(user)`` is the single way views reach objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import Structure


class Level(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    # Auditors and commission members: only the structures of the files assigned to them.
    ASSIGNED = "assigned"
    NONE = "none"


@dataclass(frozen=True)
class Perimeter:
    level: Level
    structure_id: int | None = None
    # For Level.ASSIGNED: the structures whose label files are assigned to the person.
    assigned_ids: frozenset[int] = frozenset()

    @classmethod
    def nothing(cls) -> Perimeter:
        return cls(Level.NONE)

    def q(self, path: str = "") -> models.Q:
        """A filter selecting the objects whose structure (reached by ``path``) is inside."""
        prefix = f"{path}__" if path else ""
        if self.level == Level.NATIONAL:
            return models.Q()
        if self.level == Level.REGIONAL:
            return models.Q(**{f"{prefix}pk": self.structure_id}) | models.Q(
                **{f"{prefix}parent_id": self.structure_id}
            )
        if self.level == Level.LOCAL:
            return models.Q(**{f"{prefix}pk": self.structure_id})
        if self.level == Level.ASSIGNED:
            return models.Q(**{f"{prefix}pk__in": sorted(self.assigned_ids)})
        return models.Q(pk__in=[])

    def contains(self, structure: Structure) -> bool:
        if self.level == Level.NATIONAL:
            return True
        if self.level == Level.REGIONAL:
            return self.structure_id in (structure.pk, structure.parent_id)
        if self.level == Level.LOCAL:
            return structure.pk == self.structure_id
        if self.level == Level.ASSIGNED:
            return structure.pk in self.assigned_ids
        return False

    @property
    def is_structural(self) -> bool:
        """A perimeter given by the person's place in the network (not by files assigned to them)."""
        return self.level in (Level.NATIONAL, Level.REGIONAL, Level.LOCAL)


def perimeter_for(user: Any) -> Perimeter:
    """The perimeter of the user's current membership (nothing for anonymous users)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Perimeter.nothing()
    membership = user.active_membership()
    if membership is None:
        return Perimeter.nothing()
    return membership.perimeter()


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ScopedQuerySet:
        return self.filter(perimeter_for(user).q(self.model.scope_path))

    def in_perimeter(self, perimeter: Perimeter) -> ScopedQuerySet:
        return self.filter(perimeter.q(self.model.scope_path))
