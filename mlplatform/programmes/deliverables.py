"""Deliverables of an action: files checked like evidence (``evidence.checks``: type by content, size,
name), stored under random names, version-checked against the action and logged in its journal."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction

from mlplatform.evidence.checks import EvidenceRefused, check_upload

from .models import Action, Deliverable
from .services import _bump, _log

__all__ = ["EvidenceRefused", "add_deliverable"]


def add_deliverable(
    action: Action, upload: File, *, user: Any, expected_version: int, title: str
) -> Deliverable:
    """Check and store ``upload``; raises ``EvidenceRefused`` (every problem, in French) or ``StaleEdit``,
    and then nothing is stored."""
    problems = [] if title.strip() else ["Donnez un intitulé au livrable."]
    try:
        checked = check_upload(upload)
    except EvidenceRefused as refused:
        raise EvidenceRefused(problems + refused.messages) from refused
    if problems:
        raise EvidenceRefused(problems)
    written = None
    try:
        with transaction.atomic():
            _bump(action, expected_version)
            deliverable = Deliverable(
                action=action,
                title=title.strip()[:200],
                original_name=checked.name,
                size=checked.size,
                content_type=checked.content_type,
                sha256=checked.sha256,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            upload.seek(0)
            deliverable.file.save("upload", upload, save=False)  # the name is drawn at random
            written = deliverable.file.name
            deliverable.save()
            _log(action, user, f"Livrable ajouté : {deliverable.title} ({checked.file_type.short}).")
    except BaseException:
        if written:
            Deliverable.file.field.storage.delete(written)
        raise
    return deliverable
