"""Domain operations on structures that views call."""

from __future__ import annotations

from django.db.models import F

from .models import Structure


class StaleEdit(Exception):
    """Someone else saved the structure since the form was opened."""


def save_structure_edit(structure: Structure, expected_version: int, changes: dict) -> Structure:
    """Apply ``changes`` only if nobody saved the structure since ``expected_version`` was read."""
    updated = Structure.objects.filter(pk=structure.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise StaleEdit
    structure.refresh_from_db()
    return structure
