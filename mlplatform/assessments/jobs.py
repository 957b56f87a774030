"""The carry-over of a campaign in the background, with its progress (as observatory/jobs.py).

Opening a campaign on a version with a previous version (or adding structures to it) records a
:class:`~.models.CarryoverJob` and enqueues :func:`run_carryover` on Django's task framework; a
worker runs it (``manage.py db_worker``; tests run tasks at once). The job is claimed with a
conditional UPDATE (QUEUED -> RUNNING); each batch of structures writes the progress and a sign of
life; an unexpected error is tried again a bounded number of times (``core.retries``), then kept
with its reason. ``carryover.carry_over`` is idempotent: a job run again does only what is left.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from mlplatform.core.french import counted
from mlplatform.core.retries import retry_later

from .carryover import carry_over, pending_assessments
from .models import Campaign, CarryoverJob

logger = logging.getLogger(__name__)

ACTIVE = (CarryoverJob.Status.QUEUED, CarryoverJob.Status.RUNNING)


def needs_carryover(campaign: Campaign) -> bool:
    """Whether some assessment of the campaign is on a new version and not carried over yet."""
    return pending_assessments(campaign, exists=True)


def active_job(campaign: Campaign) -> CarryoverJob | None:
    """The job queued or running for the campaign, unless its worker stopped giving signs of life."""
    job = CarryoverJob.objects.filter(campaign=campaign, status__in=ACTIVE).order_by("-pk").first()
    return None if job is None or job.is_stale else job


def schedule_carryover(campaign: Campaign, user: Any = None) -> CarryoverJob | None:
    """Record and enqueue a carry-over job if the campaign needs one and none is under way."""
    if not needs_carryover(campaign):
        return None
    current = active_job(campaign)
    if current is not None:
        return current
    with transaction.atomic():
        CarryoverJob.objects.filter(campaign=campaign, status__in=ACTIVE).update(
            status=CarryoverJob.Status.FAILED,
            finished_at=timezone.now(),
            step="Interrompue",
            error="La reprise a été interrompue (le serveur a sans doute redémarré) ; elle est relancée.",
        )
        job = CarryoverJob.objects.create(
            campaign=campaign,
            created_by=user if getattr(user, "is_authenticated", False) else campaign.created_by,
            step="En attente de traitement",
        )
    run_carryover.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def run_carryover(job_id: int, attempt: int = 1) -> str:
    """The background task of one carry-over job."""
    job = run_job(job_id, attempt=attempt)
    return "déjà traitée" if job is None else job.status


def _claim(job_id: int) -> bool:
    now = timezone.now()
    return bool(
        CarryoverJob.objects.filter(pk=job_id, status=CarryoverJob.Status.QUEUED).update(
            status=CarryoverJob.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            step="Démarrage",
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )
    )


def run_job(job_id: int, attempt: int = 1) -> CarryoverJob | None:
    """Run one queued job to its end (None if another worker claimed it first)."""
    if not _claim(job_id):
        return None
    job = CarryoverJob.objects.select_related("campaign", "created_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        CarryoverJob.objects.filter(pk=job_id).update(
            progress=round(100 * done / total) if total else 100,
            step=f"{counted(done, 'auto-évaluation reprise', 'auto-évaluations reprises')} sur {total}",
            heartbeat_at=timezone.now(),
        )

    try:
        counts = carry_over(job.campaign, user=job.created_by, progress=progress)
    except Exception as error:  # the job records why
        logger.exception("Reprise de la campagne n° %s : échec (tentative %s)", job.campaign_id, attempt)
        CarryoverJob.objects.filter(pk=job_id).update(
            status=CarryoverJob.Status.QUEUED, step=f"Nouvel essai prévu (tentative {attempt + 1})"
        )
        if not retry_later(run_carryover, attempt, job_id):
            CarryoverJob.objects.filter(pk=job_id).update(
                status=CarryoverJob.Status.FAILED,
                finished_at=timezone.now(),
                step="Échec",
                error=f"Erreur inattendue pendant la reprise : {type(error).__name__}. Les structures déjà "
                "reprises le restent ; relancez la reprise depuis la page de la campagne.",
            )
    else:
        CarryoverJob.objects.filter(pk=job_id).update(
            status=CarryoverJob.Status.SUCCEEDED,
            finished_at=timezone.now(),
            progress=100,
            step=f"Terminée : {counted(counts.structures, 'structure reprise', 'structures reprises')}",
            summary=counts.as_dict(),
        )
    return CarryoverJob.objects.get(pk=job_id)


def recent_jobs(limit: int = 20) -> list[dict]:
    """The latest carry-over jobs for the national admin's page of background work (core.background)."""
    from django.urls import reverse

    jobs = CarryoverJob.objects.select_related("campaign").order_by("-created_at", "-pk")[:limit]
    return [
        {
            "name": f"Reprise des réponses — {job.campaign.name}",
            "status": "Interrompue" if job.is_stale else job.get_status_display(),
            "progress": job.progress,
            "step": job.step,
            "error": job.error,
            "created_at": job.created_at,
            "finished_at": job.finished_at,
            "url": reverse("assessments:campaign", args=[job.campaign_id]),
        }
        for job in jobs
    ]
