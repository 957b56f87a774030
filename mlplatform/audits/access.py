"""The files an auditor is given: the only structures they may read (``Level.ASSIGNED``, registered
with ``core.assignments`` in ``AuditsConfig.ready()``)."""

from __future__ import annotations

from django.db.models import Q

from .enums import AuditStatus
from .models import Audit


def auditor_structure_ids(membership) -> set[int]:
    """The structures of the auditor's audits (not cancelled)."""
    audits = Audit.objects.filter(
        Q(external_auditor_id=membership.user_id) | Q(network_auditor_id=membership.user_id)
    ).exclude(status=AuditStatus.CANCELLED)
    return set(audits.values_list("file__structure_id", flat=True))
