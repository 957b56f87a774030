"""Home page per role and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import background
from .next_steps import next_steps_for


def home_view(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    context = {
        "steps": next_steps_for(request.user, membership),
        # Auditors and commission members see no structure page of their own (their pool's).
        "membership_structure_link": membership is not None and membership.perimeter().is_structural,
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
def healthz_view(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "indisponible", "database": "injoignable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def background_view(request: HttpRequest) -> HttpResponse:
    """The national admin's view of the background work: e-mails not sent, failed tasks."""
    membership = request.membership
    if membership is None or not membership.is_national_admin:
        raise PermissionDenied(
            "Le suivi des travaux en arrière-plan est réservé à l'administration nationale."
        )
    context = {
        "counts": background.mail_counts(),
        "mails": background.mails_to_watch(),
        "tasks": background.failed_tasks(),
        "jobs": background.recent_jobs(),
        "max_attempts": settings.TASK_MAX_ATTEMPTS,
    }
    return render(request, "core/background.html", context)
