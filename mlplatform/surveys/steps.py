"""What the home page says about the barometers (registered with ``core.next_steps``, order 55), to the
people who work on their structure's quality: a campaign open for their structure (its responses so
far, spread the link), and the results of a campaign closed lately, once its figures are computed
(``figures.py``). Two queries at most, whatever the number of campaigns and responses."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mlplatform.core.french import counted
from mlplatform.core.next_steps import Step

from .models import CampaignFigures, CollectionLink, Response
from .results import MIN_RESPONSES

RESULTS_NOTICE_DAYS = 60  # the results of a closed campaign are announced for this long


def _links(structure_id: int, today: datetime.date) -> list[CollectionLink]:
    """The structure's links to campaigns open today or closed lately with their figures computed."""
    ready = CampaignFigures.objects.filter(
        campaign=OuterRef("campaign_id"), closes_on=OuterRef("campaign__closes_on")
    )
    links = (
        CollectionLink.objects.filter(
            structure_id=structure_id,
            site=None,
            campaign__opens_on__lte=today,
            campaign__closes_on__gte=today - datetime.timedelta(days=RESULTS_NOTICE_DAYS),
        )
        .annotate(figures_ready=Exists(ready))
        .select_related("campaign")
        .order_by("campaign__closes_on", "campaign__code")
    )
    return [link for link in links if link.campaign.closes_on >= today or link.figures_ready]


def survey_steps(user: Any, membership: Any) -> list[Step]:
    """The barometer steps of a person working on the quality of their own structure."""
    structure = membership.structure
    if not membership.contributes_to(structure):
        return []
    today = timezone.localdate()
    links = _links(structure.pk, today)
    if not links:
        return []
    responses = dict(
        Response.objects.filter(structure_id=structure.pk, campaign__in=[link.campaign_id for link in links])
        .order_by()
        .values_list("campaign")
        .annotate(n=Count("id"))
    )
    steps = []
    for link in links:
        campaign = link.campaign
        received = responses.get(campaign.pk, 0)
        url = reverse("surveys:results", kwargs={"code": campaign.code, "structure": structure.code})
        if campaign.closes_on >= today:
            steps.append(
                Step(
                    f"Baromètre ouvert : {campaign.title}",
                    f"Le baromètre « {campaign.title} » est ouvert jusqu'au "
                    f"{date_format(campaign.closes_on, 'j F Y')} : "
                    f"{counted(received, 'réponse reçue', 'réponses reçues')}. Diffusez le lien : affichez "
                    "l'affiche avec son code QR dans vos lieux d'accueil, envoyez les invitations.",
                    url,
                    "Lien, affiche et résultats",
                )
            )
            continue
        published = (
            f"{counted(received, 'réponse')} pour votre structure."
            if received >= MIN_RESPONSES
            else f"moins de {MIN_RESPONSES} réponses pour votre structure : ses résultats ne sont pas "
            "publiés, les repères du réseau le sont."
        )
        steps.append(
            Step(
                f"Résultats disponibles : {campaign.title}",
                f"La collecte du baromètre « {campaign.title} » s'est terminée le "
                f"{date_format(campaign.closes_on, 'j F Y')} ; ses résultats sont prêts : {published}",
                url,
                "Voir les résultats",
            )
        )
    return steps
