"""The files a commission member is given: the only structures they may read (``Level.ASSIGNED``,
registered with ``core.assignments`` in ``CommissionConfig.ready()``)."""

from __future__ import annotations

from .enums import SessionStatus
from .models import AgendaItem, Decision


def member_structure_ids(membership) -> set[int]:
    """The files on the agenda of the member's sessions still to be held, and of closed ones (to
    read their decisions)."""
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
