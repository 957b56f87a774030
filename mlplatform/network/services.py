"""Domain operations on structures that views call."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from mlplatform.core.collation import sort_key

from .models import Structure


class StaleEdit(Exception):
    """Someone else saved the structure since the form was opened."""


def save_structure_edit(structure: Structure, expected_version: int, changes: dict) -> Structure:
    """Apply ``changes`` only if nobody saved the structure since ``expected_version`` was read."""
    if "name" in changes:
        changes = {**changes, "sort_name": sort_key(changes["name"])[:200]}
    updated = Structure.objects.filter(pk=structure.pk, version=expected_version).update(
        **changes,
        version=F("version") + 1,
        updated_at=timezone.now(),  # .update() skips auto_now
    )
    if not updated:
        raise StaleEdit
    structure.refresh_from_db()
    return structure
