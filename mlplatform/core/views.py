"""Home page per role and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .next_steps import next_steps_for


def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"steps": next_steps_for(request.user, request.membership)})


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
