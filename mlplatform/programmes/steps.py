"""What the home page says about the programmes (registered with ``core.next_steps``, order 45):
the overdue milestones of the actions the person follows up."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.core.french import counted, plural
from mlplatform.core.next_steps import Step

from .enums import MilestoneStatus, ProgrammeKind
from .models import Milestone
from .services import ARML_ROLES


def _followed(membership) -> Q | None:
    """Milestones of the actions this role follows up (as ``services.can_follow_up``)."""
    if membership.role == Role.NATIONAL_ADMIN:
        return Q(action__programme_version__programme__kind=ProgrammeKind.NATIONAL)
    if membership.role in ARML_ROLES:
        return Q(action__programme_version__programme__owner_id=membership.structure_id) | Q(
            action__programme_version__programme__kind=ProgrammeKind.NATIONAL,
            action__referent_structures=membership.structure_id,
        )
    return None


def programme_steps(user, membership) -> list[Step]:
    followed = _followed(membership)
    if followed is None:
        return []
    overdue = (
        Milestone.objects.filter(followed, status=MilestoneStatus.PLANNED, due_on__lt=timezone.localdate())
        .select_related("action__programme_version__programme")
        .only(
            "title",
            "due_on",
            "action__number",
            "action__programme_version__year",
            "action__programme_version__programme__code",
        )
        .order_by("due_on", "pk")
        .distinct()
    )
    first = list(overdue[:3])
    if not first:
        return []
    count = overdue.count()
    listed = " ; ".join(
        f"« {m.title} » ({m.action.programme_version.programme.code}, action {m.action.number}, "
        f"échéance le {m.due_on:%d/%m/%Y})"
        for m in first
    )
    more = f" et {counted(count - len(first), 'autre')}" if count > len(first) else ""
    return [
        Step(
            "Jalons en retard des programmes d'animation",
            f"{counted(count, 'jalon')} des actions que vous suivez "
            f"{plural(count, 'a dépassé son', 'ont dépassé leur')} échéance : {listed}{more}.",
            first[0].action.get_absolute_url() + f"?annee={first[0].action.programme_version.year}",
            "Voir l'action",
        )
    ]
