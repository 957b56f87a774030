"""Staff names and e-mails are kept ``TRAINING_RETENTION_YEARS`` years after the year of the plan
(setting, default 3), then anonymised by ``python manage.py training purge`` (daily or yearly).

A whole plan year is anonymised at once: each person's e-mail becomes a token drawn for this run
(the same person gets the same token in every registration of the year, the salt is then thrown
away), so the year's review keeps its figures (distinct participants) and nobody can be found again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Registration

ANONYMOUS_NAME = "Personne anonymisée"


@dataclass(frozen=True)
class PurgeResult:
    last_year: int  # plans of this year and before are anonymised
    registrations: int


def last_purged_year(today=None) -> int:
    today = today or timezone.localdate()
    return today.year - settings.TRAINING_RETENTION_YEARS - 1


def due(last_year: int):
    return Registration.objects.filter(session__action__year__lte=last_year, anonymised_at__isnull=True)


def purge(*, dry_run: bool = False, today=None) -> PurgeResult:
    last_year = last_purged_year(today)
    if dry_run:
        return PurgeResult(last_year, due(last_year).count())
    salt = secrets.token_bytes(32)
    now = timezone.now()
    with transaction.atomic():
        rows = list(due(last_year).select_for_update(of=("self",)).only("pk", "email").order_by("pk"))
        for row in rows:
            token = hashlib.sha256(salt + row.email.lower().encode()).hexdigest()[:24]
            row.name, row.job, row.email, row.anonymised_at = (
                ANONYMOUS_NAME,
                "",
                f"{token}@anonyme.invalid",
                now,
            )
        Registration.objects.bulk_update(rows, ["name", "job", "email", "anonymised_at"], batch_size=500)
    return PurgeResult(last_year, len(rows))
