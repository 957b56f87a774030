"""What the home page says about self-assessment (registered with ``core.next_steps``, order 30)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.french import plural
from mlplatform.core.next_steps import Step
from mlplatform.network.enums import StructureType

from .enums import AssessmentStatus
from .models import Assessment, Campaign
from .scoring import summarise


def _open_campaigns() -> list[Campaign]:
    today = timezone.localdate()
    return list(Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("closes_on"))


def assessment_steps(user: User, membership: Membership) -> list[Step]:
    steps: list[Step] = []
    campaigns = _open_campaigns()
    if membership.role == Role.NATIONAL_ADMIN and not campaigns:
        steps.append(
            Step(
                "Campagne d'auto-évaluation",
                "Aucune campagne n'est ouverte. Ouvrez-en une : chaque structure recevra "
                "son auto-évaluation.",
                reverse("assessments:campaign_create"),
                "Ouvrir une campagne",
            )
        )
    for campaign in campaigns:
        closes = f"clôture le {campaign.closes_on:%d/%m/%Y}"
        if membership.contributes_to(membership.structure):
            own = Assessment.objects.filter(campaign=campaign, structure=membership.structure)
            summary = next(iter(summarise(own)), None)
            if summary is not None and summary.assessment.status == AssessmentStatus.IN_PROGRESS:
                steps.append(
                    Step(
                        f"Auto-évaluation : {campaign.name}",
                        f"Avancement {round(summary.progress * 100)} % ({closes}). Chaque réponse est "
                        "enregistrée dès qu'elle est donnée ; soumettez quand tout est renseigné.",
                        reverse("assessments:assessment", args=[summary.assessment.pk]),
                        "Continuer l'auto-évaluation",
                    )
                )
        if membership.role in (Role.ARML_REFERENT, Role.ARML_STAFF, Role.NATIONAL_ADMIN):
            mls = Assessment.objects.for_user(user).filter(
                campaign=campaign, structure__type=StructureType.ML
            )
            counts = mls.aggregate(
                total=Count("pk"), submitted=Count("pk", filter=Q(status=AssessmentStatus.SUBMITTED))
            )
            if counts["total"]:
                url = (
                    reverse("assessments:campaign", args=[campaign.pk])
                    if membership.role == Role.NATIONAL_ADMIN
                    else reverse("assessments:region", args=[campaign.pk, membership.structure.code])
                )
                steps.append(
                    Step(
                        f"Suivre la campagne : {campaign.name}",
                        f"{counts['submitted']} "
                        f"{plural(counts['submitted'], 'Mission Locale', 'Missions Locales')} "
                        f"sur {counts['total']} {plural(counts['submitted'], 'a', 'ont')} soumis leur "
                        f"auto-évaluation ({closes}).",
                        url,
                        "Voir la carte de chaleur",
                    )
                )
    return steps
