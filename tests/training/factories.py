"""Small builders of training records for the tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from mlplatform.training import services
from mlplatform.training.models import Attendance, Registration, Session, TrainingAction


def next_year() -> int:
    """A plan year still to come: its sessions offer freed seats and tell people of changes."""
    return timezone.localdate().year + 1


def action(
    structure, year: int = 2022, theme: str = "accompagnement", title: str = "", days: str = "2"
) -> TrainingAction:
    return TrainingAction.objects.create(
        structure=structure,
        year=year,
        title=title or f"Action {theme} {year}",
        theme=theme,
        duration_days=Decimal(days),
        funder="OPCO",
    )


def session(training: TrainingAction, half_days: int = 4, capacity: int = 12, month: int = 3) -> Session:
    day = datetime.date(training.year, month, 10)
    return Session.objects.create(
        action=training,
        starts_on=day,
        ends_on=day + datetime.timedelta(days=max(half_days // 2 - 1, 0)),
        half_days=half_days,
        place="Caen",
        capacity=capacity,
    )


def attend(session_: Session, structure, name: str, email: str, half_days: int) -> Registration:
    registration = services.register(session_, structure, name=name, email=email, job="Conseiller·e")
    Attendance.objects.bulk_create(
        Attendance(registration=registration, half_day=half_day) for half_day in range(1, half_days + 1)
    )
    return registration
