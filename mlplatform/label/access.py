"""The files an auditor or a commission member is given: the only structures they may read."""

from __future__ import annotations

from django.db.models import Q

from mlplatform.accounts.enums import Role

from .enums import AuditStatus, SessionStatus
from .models import AgendaItem, Audit, Decision


def assigned_structure_ids(membership) -> set[int]:
    """Auditors: the structures of their audits (not cancelled). Commission members: the files on
    the agenda of their sessions still to be held, and of closed ones (to read their decisions)."""
    if membership.role == Role.AUDITOR:
        audits = Audit.objects.filter(
            Q(external_auditor_id=membership.user_id) | Q(network_auditor_id=membership.user_id)
        ).exclude(status=AuditStatus.CANCELLED)
        return set(audits.values_list("file__structure_id", flat=True))
    if membership.role == Role.COMMISSION_MEMBER:
        items = AgendaItem.objects.filter(session__members=membership.user_id).filter(
            session__status__in=[SessionStatus.PLANNED, SessionStatus.CLOSED]
        )
        # A withdrawal is decided at a session without the file on its agenda: its members read it too.
        decided = Decision.objects.filter(session__members=membership.user_id, agenda_item__isnull=True)
        structures = (
            items.order_by()
            .values_list("file__structure_id", flat=True)
            .union(decided.order_by().values_list("file__structure_id", flat=True))
        )
        return set(structures.order_by())  # one query
    return set()
