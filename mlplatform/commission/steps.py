"""What the home page says about the commission (registered with ``core.next_steps``, order 22, and
``label.hooks.file_steps``): a member's next session and, on a structure's home, the session its
file is on the agenda of."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.next_steps import Step
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile

from .enums import SessionStatus
from .models import CommissionSession


def commission_steps(user: User, membership: Membership) -> list[Step]:
    """A commission member's next session and the number of files on its agenda."""
    if membership.role != Role.COMMISSION_MEMBER:
        return []
    sessions = (
        CommissionSession.objects.filter(members=user, status=SessionStatus.PLANNED)
        .annotate(files=Count("agenda"))
        .order_by("date")
    )
    first = sessions.first()
    if first is None:
        return [
            Step(
                "Séances de la commission",
                "Aucune séance à venir ne vous est attribuée. Les dossiers inscrits à l'ordre du jour de vos "
                "séances s'afficheront ici.",
                reverse("label:sessions"),
                "Mes séances",
            )
        ]
    return [
        Step(
            "Prochaine séance de la commission",
            f"{first.title}, le {first.date:%d/%m/%Y}. Dossiers à l'ordre du jour : {first.files}.",
            reverse("label:sessions"),
            "Mes séances",
        )
    ]


def file_steps(file: LabelFile, membership: Membership) -> list[Step]:
    """The session whose agenda holds the file."""
    if file.stage != Stage.ON_AGENDA:
        return []
    item = file.agenda_items.select_related("session").order_by("-session__date").first()
    when = f", le {item.session.date:%d/%m/%Y}" if item is not None else ""
    return [
        Step(
            "Commission nationale de labellisation",
            f"Le dossier est inscrit à l'ordre du jour d'une séance de la commission{when}.",
            reverse("label:file", args=[file.structure.code]),
            "Voir le dossier de labellisation",
        )
    ]
