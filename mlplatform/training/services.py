"""The work on training records: headcounts, registrations within capacity, attendance.

A registration takes a seat while the session has one, otherwise it joins the waiting list; the
session's row is locked (``select_for_update(of=("self",))``) while seats are counted, so that two
directors registering for the last seat at the same time never overbook it. Cancelling a seated
registration gives the seat to the first person waiting, who is told by e-mail (``tell_seated``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from mlplatform.core.mail import notify
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import SEATED, Status
from .models import JOB_FAMILIES, Attendance, Evaluation, Headcount, Registration, Session


class TrainingRefused(Exception):
    """A change refused, with the French message shown to the person (nothing was changed)."""


def set_headcount(
    structure: Structure, year: int, total: int, families: Mapping[str, int | None] | None = None
) -> Headcount:
    """Declare (or replace) a year's headcount; ``families``: by job family, None when not known
    (not given: the families already declared stay, if the total still covers them)."""
    if total < 0:
        raise TrainingRefused("L'effectif ne peut pas être négatif.")
    defaults: dict = {"total": total, "updated_at": timezone.now()}
    if families is not None:
        if sum(families.get(name) or 0 for name in JOB_FAMILIES) > total:
            raise TrainingRefused("La somme des effectifs par famille d'emplois dépasse l'effectif total.")
        defaults.update({name: families.get(name) for name in JOB_FAMILIES})
    headcount, _ = Headcount.objects.update_or_create(structure=structure, year=year, defaults=defaults)
    return headcount


def may_register_for(session: Session, structure: Structure) -> bool:
    """The staff of the organiser and of the structures just below it register to its sessions: an
    ARML's and its MLs' to the regional plan, the UNML's and the ARMLs' to the national plan."""
    organiser_id = session.action.structure_id
    return structure.pk == organiser_id or (
        structure.type in (StructureType.ML, StructureType.ARML) and structure.parent_id == organiser_id
    )


def register(session: Session, structure: Structure, *, name: str, email: str, job: str = "") -> Registration:
    """A seat if one is left, else the waiting list; refused if the person is already registered."""
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise TrainingRefused("Indiquez le nom et l'adresse électronique de la personne.")
    if not may_register_for(session, structure):
        raise TrainingRefused(
            "Cette session est réservée à la structure qui l'organise et aux structures de son réseau "
            "(les Missions Locales de la région pour une ARML, les ARML pour l'UNML)."
        )
    try:
        with transaction.atomic():
            locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
            seated = Registration.objects.filter(session=locked, status__in=SEATED).count()
            status = Status.REGISTERED if seated < locked.capacity else Status.WAITING
            fields = {"structure": structure, "name": name, "job": job.strip(), "status": status}
            # Someone whose registration was cancelled may register again: at the back of the line.
            cancelled = Registration.objects.filter(
                session=locked, email=email, status=Status.CANCELLED, anonymised_at__isnull=True
            ).first()
            if cancelled is not None:
                fields |= {"created_at": timezone.now(), "convened_at": None}
                Attendance.objects.filter(registration=cancelled).delete()  # a new registration
                Registration.objects.filter(pk=cancelled.pk).update(**fields)
                cancelled.refresh_from_db()
                return cancelled
            return Registration.objects.create(session=locked, email=email, **fields)
    except IntegrityError:
        raise TrainingRefused(f"{email} est déjà inscrit·e à cette session.") from None


def confirm(registration: Registration) -> Registration:
    if registration.status != Status.REGISTERED:
        raise TrainingRefused("Seule une inscription sur une place (hors liste d'attente) se confirme.")
    updated = Registration.objects.filter(pk=registration.pk, status=Status.REGISTERED).update(
        status=Status.CONFIRMED
    )
    if not updated:
        raise TrainingRefused("Cette inscription a changé entre-temps : rechargez la page.")
    registration.status = Status.CONFIRMED
    return registration


def upcoming(session: Session) -> bool:
    """A session still to come: only then are people told of changes and seats offered."""
    return session.starts_on > timezone.localdate()


def cancel(registration: Registration) -> Registration | None:
    """Cancel; for a session to come, the person is told and a freed seat goes to the first person
    waiting (returned, or None). Cancelling for a session already begun only corrects the record."""
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).get(pk=registration.session_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == Status.CANCELLED:
            raise TrainingRefused("Cette inscription est déjà annulée.")
        freed = current.status in SEATED
        Registration.objects.filter(pk=current.pk).update(status=Status.CANCELLED)
        registration.status = Status.CANCELLED
        if not upcoming(session):
            return None
        notify(
            [current.email],
            f"Inscription annulée : {session.action.title}",
            "training/email/registration_cancelled.txt",
            {"registration": current, "session": session, "action": session.action, "was_waiting": not freed},
            forget_recipients=True,
        )
        if not freed:
            return None
        seated = Registration.objects.filter(session=session, status__in=SEATED).count()
        waiting = (
            Registration.objects.filter(session=session, status=Status.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is None or seated >= session.capacity:
            return None
        Registration.objects.filter(pk=waiting.pk).update(status=Status.REGISTERED)
        waiting.status = Status.REGISTERED
        tell_seated([waiting], session)
        return waiting


def tell_seated(registrations: Iterable[Registration], session: Session) -> None:
    """Tell each person moved from the waiting list to a seat (one message each), before the session."""
    if not upcoming(session):
        return
    action = session.action
    for registration in registrations:
        notify(
            [registration.email],
            f"Une place s'est libérée : {action.title}",
            "training/email/seat_offered.txt",
            {"registration": registration, "session": session, "action": action},
            forget_recipients=True,
        )


def convene(session: Session) -> int:
    """Confirm every seated registration not yet convened and send each person their convocation
    (one message per person: addresses are never shown to one another). Returns how many."""
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
        pending = list(
            Registration.objects.filter(session=locked, status__in=SEATED, convened_at__isnull=True).order_by(
                "created_at", "pk"
            )
        )
        if not pending:
            raise TrainingRefused("Toutes les personnes ayant une place ont déjà reçu leur convocation.")
        now = timezone.now()
        Registration.objects.filter(pk__in=[r.pk for r in pending]).update(
            status=Status.CONFIRMED, convened_at=now
        )
        action = session.action
        for registration in pending:
            notify(
                [registration.email],
                f"Convocation : {action.title}",
                "training/email/convocation.txt",
                {"registration": registration, "session": locked, "action": action},
                forget_recipients=True,
            )
    return len(pending)


def evaluate(session: Session, *, satisfaction: int, usefulness: int) -> Evaluation:
    """Store an anonymous opinion; no more opinions than people who had a seat."""
    if not (1 <= satisfaction <= 4 and 1 <= usefulness <= 4):
        raise TrainingRefused("Choisissez une note de 1 à 4 pour chaque question.")
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
        seated = Registration.objects.filter(session=locked, status__in=SEATED).count()
        if Evaluation.objects.filter(session=locked).count() >= seated:
            raise TrainingRefused(
                "Toutes les personnes inscrites à cette session ont déjà donné leur avis : merci."
            )
        return Evaluation.objects.create(session=locked, satisfaction=satisfaction, usefulness=usefulness)


def record_attendance(session: Session, present: Mapping[int, Iterable[int]]) -> int:
    """Replace the session's attendance: registration id -> half-days attended (1..half_days).

    Only seated registrations may be marked; anything else refuses the whole sheet. Returns the
    number of half-days recorded.
    """
    seated = set(Registration.objects.filter(session=session, status__in=SEATED).values_list("pk", flat=True))
    rows = []
    for registration_id, half_days in present.items():
        if registration_id not in seated:
            raise TrainingRefused(
                "La feuille de présence nomme une personne qui n'a pas de place à cette session."
            )
        for half_day in set(half_days):
            if not 1 <= half_day <= session.half_days:
                raise TrainingRefused(
                    f"Demi-journée {half_day} inconnue : la session en compte {session.half_days}."
                )
            rows.append(Attendance(registration_id=registration_id, half_day=half_day))
    with transaction.atomic():
        Attendance.objects.filter(registration__session=session).delete()
        Attendance.objects.bulk_create(rows)
    return len(rows)
