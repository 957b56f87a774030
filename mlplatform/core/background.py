"""What the national admin sees of the background work: e-mails not sent, tasks that failed, and the
long jobs of the apps (each app registers its own in its ``AppConfig.ready()``: core imports none)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count

from .models import OutgoingMail

SHOWN = 50


@dataclass(frozen=True)
class FailedTask:
    name: str
    finished_at: Any
    reason: str


def mail_counts() -> dict[str, int]:
    rows = OutgoingMail.objects.values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(OutgoingMail.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def mails_to_watch() -> list[OutgoingMail]:
    """E-mails given up, then those still waiting after a failure (newest first)."""
    mails = OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).defer("body")
    failed = list(mails.filter(status=OutgoingMail.Status.FAILED).order_by("-created_at", "-pk")[:SHOWN])
    retrying = mails.filter(status=OutgoingMail.Status.PENDING, attempts__gt=0).order_by("-created_at", "-pk")
    return failed + list(retrying[:SHOWN])


def failed_tasks() -> list[FailedTask] | None:
    """The latest failed tasks with their reason (None when the queue keeps no results)."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return None
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(status="FAILED")
    rows = results.order_by("-finished_at").values("task_path", "finished_at", "exception_class_path")[:SHOWN]
    return [
        FailedTask(row["task_path"].rsplit(".", 1)[-1], row["finished_at"], row["exception_class_path"])
        for row in rows
    ]


# Long jobs of the apps (e.g. the carry-over of a campaign): each provider returns its latest jobs as
# dicts with name, status, progress, step, error, created_at, finished_at and url.
JobProvider = Callable[[], list[dict]]
_job_providers: list[JobProvider] = []


def register_jobs(provider: JobProvider) -> None:
    """Add an app's provider of recent jobs (once: registering it again changes nothing)."""
    if all(existing is not provider for existing in _job_providers):
        _job_providers.append(provider)


def recent_jobs() -> list[dict]:
    """The latest jobs of every app, newest first."""
    jobs = [job for provider in _job_providers for job in provider()]
    return sorted(jobs, key=lambda job: job["created_at"], reverse=True)[:SHOWN]
