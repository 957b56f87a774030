"""What the home page says about network life (registered with ``core.next_steps``, order 50):
the partnerships of the person's structure whose agreement ends soon (renewals due)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.models import Membership, User
from mlplatform.core.french import counted, plural
from mlplatform.core.next_steps import Step

from .enums import EvaluationOutcome
from .models import Partnership, PartnershipEvaluation

RENEWAL_NOTICE_DAYS = 120


def renewals_due(structure, today: datetime.date | None = None) -> list[Partnership]:
    """Agreements of ``structure`` ending within RENEWAL_NOTICE_DAYS (or ended less than 30 days ago)."""
    today = today or timezone.localdate()
    # An evaluation of this year or later that already renewed or ended the agreement settles it.
    decided = PartnershipEvaluation.objects.filter(
        year__gte=today.year, outcome__in=(EvaluationOutcome.RENEWED, EvaluationOutcome.ENDED)
    )
    return list(
        Partnership.objects.filter(
            structure=structure,
            ends_on__gte=today - datetime.timedelta(days=30),
            ends_on__lte=today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS),
        )
        .exclude(Exists(decided.filter(partnership=OuterRef("pk"))))
        .order_by("ends_on", "partner_name", "pk")[:5]
    )


def animation_steps(user: User, membership: Membership) -> list[Step]:
    if not membership.contributes_to(membership.structure):
        return []
    due = renewals_due(membership.structure)
    if not due:
        return []
    listed = " ; ".join(f"{p.partner_name} — {p.title} (fin le {p.ends_on:%d/%m/%Y})" for p in due)
    return [
        Step(
            "Partenariats à renouveler",
            f"{counted(len(due), 'convention')} de partenariat {plural(len(due), 'arrive', 'arrivent')} "
            f"à échéance : {listed}. "
            "Préparez leur bilan et décidez de leur renouvellement.",
            reverse("animation:overview", kwargs={"code": membership.structure.code}) + "#partenariats",
            "Voir les partenariats",
        )
    ]
