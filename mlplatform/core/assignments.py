"""The structures assigned to a person whose role has no structure of its own (``Level.ASSIGNED``).

An auditor reads the structures of their audits, a commission member those of their sessions' files.
The apps that assign them register, in their ``AppConfig.ready()``, one function per role giving the
ids of those structures for a membership; ``Membership.perimeter()`` asks here, so that neither core
nor accounts imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, Callable[[Any], set[int]]] = {}


def register(role: str, provider: Callable[[Any], set[int]]) -> None:
    """``provider(membership)`` gives the ids of the structures assigned to a person in ``role``."""
    _providers[role] = provider


def assigned_structure_ids(membership: Any) -> set[int]:
    """The structures assigned to the membership's person (none for a role nobody registered)."""
    provider = _providers.get(membership.role)
    return provider(membership) if provider is not None else set()
