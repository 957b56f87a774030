"""A closed campaign's figures, computed in the background when it closes.

A campaign closes by date (the day after ``closes_on``). Opening a campaign enqueues
:func:`compute_figures` on Django's task framework to run at that moment (``run_after``; a worker
runs it, ``manage.py db_worker``); ``python manage.py surveys figures``, run daily, enqueues it for
every closed campaign still without figures (a queue emptied, campaigns opened before this job
existed, a closing date changed). The task computes ``results.counts`` once, stores it
(:class:`~.models.CampaignFigures`) and puts it in the cache: the first results page after closing
reads stored figures instead of grouping hundreds of thousands of answers. A response stored in a
closed campaign afterwards (demo, tests) drops the stored figures, which are computed again.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from mlplatform.core.french import counted
from mlplatform.core.retries import retry_later

from .models import Campaign, CampaignFigures
from .results import CampaignCounts, Cell, counts

logger = logging.getLogger(__name__)


def cache_key(campaign: Campaign) -> str:
    return f"surveys:counts:{campaign.pk}:{campaign.closes_on.isoformat()}"


def closing_moment(campaign: Campaign) -> datetime.datetime:
    """The first moment the campaign is closed: midnight after its last day of collection."""
    day = campaign.closes_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def serialise(data: CampaignCounts) -> list[list]:
    """The cells as JSON: [structure, site, responses, paper, answered, choices, numbers]."""
    return [
        [
            structure_id,
            site_id,
            cell.responses,
            cell.paper,
            dict(cell.answered),
            [[code, value, n] for (code, value), n in cell.choices.items()],
            cell.numbers,
        ]
        for (structure_id, site_id), cell in data.cells.items()
    ]


def deserialise(campaign: Campaign, rows: list[list]) -> CampaignCounts:
    cells = {}
    for structure_id, site_id, responses, paper, answered, choices, numbers in rows:
        cells[(structure_id, site_id)] = Cell(
            responses=responses,
            paper=paper,
            answered=defaultdict(int, answered),
            choices={(code, value): n for code, value, n in choices},
            numbers=numbers,
        )
    return CampaignCounts(campaign, cells)


def stored_counts(campaign: Campaign) -> CampaignCounts | None:
    """The figures stored at closing, if they were computed for the campaign's current closing day."""
    rows = (
        CampaignFigures.objects.filter(campaign=campaign, closes_on=campaign.closes_on)
        .values_list("cells", flat=True)
        .first()
    )
    return None if rows is None else deserialise(campaign, rows)


def closed_counts(campaign: Campaign) -> CampaignCounts:
    """A closed campaign's counts: from the cache, else the stored figures, else computed (and cached)."""
    key = cache_key(campaign)
    data = cache.get(key)
    if data is None:
        data = stored_counts(campaign)
        if data is None:
            data = counts(campaign)
        cache.set(key, data, None)  # a closed campaign's answers never change: kept until evicted
    data.campaign = campaign
    return data


def store_figures(campaign: Campaign) -> CampaignFigures:
    """Compute the closed campaign's counts, store them and put them in the cache."""
    data = counts(campaign)
    figures, _ = CampaignFigures.objects.update_or_create(
        campaign=campaign,
        defaults={
            "closes_on": campaign.closes_on,
            "responses": sum(cell.responses for cell in data.cells.values()),
            "cells": serialise(data),
            "computed_at": timezone.now(),
        },
    )
    cache.set(cache_key(campaign), data, None)
    return figures


def forget_figures(campaign: Campaign) -> None:
    """Drop a closed campaign's stored and cached figures (a response was added after closing)."""
    CampaignFigures.objects.filter(campaign=campaign).delete()
    cache.delete(cache_key(campaign))


def has_current_figures(campaign: Campaign) -> bool:
    return CampaignFigures.objects.filter(campaign=campaign, closes_on=campaign.closes_on).exists()


def schedule_figures(campaign: Campaign) -> None:
    """Enqueue the computation of the figures for the moment the campaign closes (now if it is closed).

    A backend that cannot defer tasks (the tests' immediate one) gets nothing before the closing:
    the daily ``surveys figures`` command enqueues it then."""
    if campaign.status() == "closed":
        compute_figures.enqueue(campaign.pk, campaign.closes_on.isoformat())
    elif compute_figures.get_backend().supports_defer:
        compute_figures.using(run_after=closing_moment(campaign)).enqueue(
            campaign.pk, campaign.closes_on.isoformat()
        )


def due_campaigns() -> list[Campaign]:
    """Closed campaigns whose figures are missing, or were computed for another closing day."""
    today = timezone.localdate()
    closed = (
        Campaign.objects.filter(closes_on__lt=today).select_related("figures").order_by("closes_on", "pk")
    )
    return [c for c in closed if not hasattr(c, "figures") or c.figures.closes_on != c.closes_on]


@task()
def compute_figures(campaign_id: int, closes_on: str, attempt: int = 1) -> str:
    """The background task: a closed campaign's figures, computed once and stored."""
    campaign = Campaign.objects.select_related("questionnaire").filter(pk=campaign_id).first()
    if campaign is None:
        return "campagne supprimée"
    if campaign.closes_on.isoformat() != closes_on:
        return "dates changées : une autre tâche calcule les chiffres"
    if campaign.status() != "closed":
        return "campagne pas encore close"
    if has_current_figures(campaign):
        return "chiffres déjà calculés"
    try:
        figures = store_figures(campaign)
    except Exception:  # tried again later, then kept failed with its reason
        logger.exception("Chiffres de la campagne %s : échec (tentative %s)", campaign.code, attempt)
        if retry_later(compute_figures, attempt, campaign_id, closes_on):
            return "nouvel essai prévu"
        raise
    return counted(figures.responses, "réponse")


def recent_jobs(limit: int = 20) -> list[dict]:
    """The latest figures computed, for the national admin's page of background work."""
    from django.urls import reverse

    rows = CampaignFigures.objects.select_related("campaign").order_by("-computed_at", "-pk")[:limit]
    return [
        {
            "name": f"Chiffres de la campagne close — {figures.campaign.title}",
            "status": "Terminée",
            "progress": 100,
            "step": counted(figures.responses, "réponse"),
            "error": "",
            "created_at": figures.computed_at,
            "finished_at": figures.computed_at,
            "url": reverse("surveys:campaign", kwargs={"code": figures.campaign.code}),
        }
        for figures in rows
    ]
