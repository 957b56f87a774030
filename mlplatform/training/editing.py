"""Editing and deleting a regional plan's actions and sessions, with a version check.

Saving is a conditional ``UPDATE ... WHERE version = n`` (as in ``network/services.py``): when
someone else saved the record since the form was opened, nothing is written and ``StaleEdit``
carries the saved record, shown beside the person's input. A session's row is locked
(``select_for_update(of=("self",))``) while its seats are checked, as registrations do.

A session whose attendance is recorded took place and counts in the review: it (and its action)
cannot be deleted. Deleting a session with registrations tells each registered or waiting person by
e-mail that the session is cancelled, then removes the registrations with the session.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from mlplatform.core.french import counted
from mlplatform.core.mail import notify

from .enums import SEATED, Status
from .models import Attendance, Registration, Session, TrainingAction
from .services import TrainingRefused, tell_seated


class StaleEdit(Exception):
    """Someone saved the record since the form was opened; ``current`` is the saved record."""

    def __init__(self, current: TrainingAction | Session) -> None:
        super().__init__("stale")
        self.current = current


ACTION_FIELDS = (
    "year",
    "title",
    "theme",
    "objectives",
    "content",
    "provider",
    "format",
    "duration_days",
    "target_public",
    "cost",
    "funder",
)
SESSION_FIELDS = ("starts_on", "ends_on", "half_days", "place", "capacity")


@dataclass(frozen=True)
class Impact:
    """What deleting sessions does: counts only (names stay on the session page)."""

    sessions: int
    registered: int  # seated (registered or confirmed)
    waiting: int
    attended: int  # half-days of attendance recorded

    @property
    def people(self) -> int:
        return self.registered + self.waiting

    @property
    def deletable(self) -> bool:
        return not self.attended

    def sentence(self) -> str:
        if self.attended:
            recorded = counted(
                self.attended,
                "demi-journée de présence est enregistrée",
                "demi-journées de présence sont enregistrées",
            )
            return (
                f"{recorded} : la formation a eu lieu et compte dans le bilan, elle ne peut être supprimée."
            )
        if not self.people:
            return "Aucune personne n'est inscrite : rien d'autre ne sera supprimé."
        return (
            f"{counted(self.registered, 'personne a une place', 'personnes ont une place')} et "
            f"{counted(self.waiting, 'personne est', 'personnes sont')} en liste d'attente. "
            "Chacune recevra un courriel l'informant de l'annulation de la session, puis leurs "
            "inscriptions seront supprimées avec la session."
        )


def impact(sessions: QuerySet[Session]) -> Impact:
    registrations = Registration.objects.filter(session__in=sessions)
    counts = registrations.aggregate(
        registered=Count("pk", filter=Q(status__in=SEATED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return Impact(
        sessions=sessions.count(),
        registered=counts["registered"],
        waiting=counts["waiting"],
        attended=Attendance.objects.filter(registration__session__in=sessions).count(),
    )


def update_action(action: TrainingAction, expected_version: int | None, changes: dict) -> TrainingAction:
    changes = {name: changes[name] for name in ACTION_FIELDS}
    with transaction.atomic():
        updated = TrainingAction.objects.filter(pk=action.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleEdit(TrainingAction.objects.get(pk=action.pk))
    action.refresh_from_db()
    return action


def update_session(session: Session, expected_version: int | None, changes: dict) -> list[Registration]:
    """Save the session; more seats go to the people waiting (returned, in their order)."""
    changes = {name: changes[name] for name in SESSION_FIELDS}
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).order_by("pk").get(pk=session.pk)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        seated = Registration.objects.filter(session=locked, status__in=SEATED).count()
        if changes["capacity"] < seated:
            raise TrainingRefused(
                f"{counted(seated, 'personne a', 'personnes ont')} déjà une place : la session ne peut "
                f"pas en compter moins. Annulez d'abord des inscriptions."
            )
        last = Attendance.objects.filter(registration__session=locked).aggregate(last=Max("half_day"))["last"]
        if last and changes["half_days"] < last:
            raise TrainingRefused(
                f"Des présences sont enregistrées jusqu'à la demi-journée {last} : la session ne peut "
                "pas en compter moins."
            )
        Session.objects.filter(pk=locked.pk).update(**changes, version=F("version") + 1)
        promoted = list(
            Registration.objects.filter(session=locked, status=Status.WAITING).order_by("created_at", "pk")[
                : max(changes["capacity"] - seated, 0)
            ]
        )
        Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(status=Status.REGISTERED)
        locked.refresh_from_db()
        tell_seated(promoted, locked)
    session.refresh_from_db()
    return promoted


def _tell_cancelled(sessions: list[Session], action: TrainingAction) -> int:
    people = (
        Registration.objects.filter(session__in=sessions)
        .exclude(status=Status.CANCELLED)
        .select_related("session")
        .order_by("session__starts_on", "created_at", "pk")
    )
    told = 0
    for registration in people:
        notify(
            [registration.email],
            f"Session annulée : {action.title}",
            "training/email/session_cancelled.txt",
            {"registration": registration, "session": registration.session, "action": action},
            forget_recipients=True,
        )
        told += 1
    return told


def delete_session(session: Session, expected_version: int | None) -> int:
    """Delete a session that did not take place; returns how many people were told."""
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).order_by("pk").get(pk=session.pk)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        found = impact(Session.objects.filter(pk=locked.pk))
        if not found.deletable:
            raise TrainingRefused(found.sentence())
        told = _tell_cancelled([locked], session.action)
        locked.delete()
    return told


def delete_action(action: TrainingAction, expected_version: int | None) -> int:
    """Delete an action and its sessions if none took place; returns how many people were told."""
    with transaction.atomic():
        locked = TrainingAction.objects.select_for_update(of=("self",)).order_by("pk").get(pk=action.pk)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        sessions = list(Session.objects.select_for_update(of=("self",)).filter(action=locked).order_by("pk"))
        found = impact(Session.objects.filter(action=locked))
        if not found.deletable:
            raise TrainingRefused(found.sentence())
        told = _tell_cancelled(sessions, locked)
        locked.delete()
    return told
