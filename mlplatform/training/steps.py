"""What the home page says about professionalisation (registered with ``core.next_steps``, order 55).

- An ML's director: the regional plan's coming sessions that still have seats, and the staff of
  the ML convened to a session in the coming weeks; with the ML's quality referent: the training
  needs their ARML collects.
- The organiser's people (an ARML's, the UNML's for the national plan): coming sessions whose
  seated registrations are not yet confirmed (the convocations to send), past sessions whose
  attendance is not recorded, and, in the first months of a year, the previous year's review.

A fixed number of queries whatever the size of the plan (aggregates and one ``first()`` each).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.french import counted, plural
from mlplatform.core.next_steps import Step
from mlplatform.network.enums import StructureType

from .enums import SEATED
from .models import Attendance, Need, NeedsCollection, Registration, Session, TrainingAction

CONVOCATION_DAYS = 30  # how far ahead an ML's director is reminded of their staff's sessions
ATTENDANCE_DAYS = 90  # how long after a session its missing attendance is asked for
REVIEW_MONTHS = 3  # the previous year's review is asked for until the end of March
CONVENED = ("personne de votre structure est convoquée", "personnes de votre structure sont convoquées")


def _plan_url(code: str, year: int) -> str:
    return f"{reverse('training:plan', args=[code])}?annee={year}"


def _ml_steps(membership: Membership, today: datetime.date) -> list[Step]:
    ml = membership.structure
    if not ml.parent_id:
        return []
    steps = []
    director = membership.role == Role.ML_DIRECTOR  # registers the staff; the quality referent declares needs
    open_sessions = (
        Session.objects.filter(action__structure_id=ml.parent_id, starts_on__gt=today)
        .annotate(seated=Count("registrations", filter=Q(registrations__status__in=SEATED)))
        .filter(seated__lt=F("capacity"))
    )
    count = open_sessions.count() if director else 0
    if count:
        first = open_sessions.select_related("action__structure").order_by("starts_on", "pk").first()
        steps.append(
            Step(
                "Inscrire votre personnel aux formations régionales",
                f"{counted(count, 'session du plan régional a', 'sessions du plan régional ont')} encore "
                f"des places ; la prochaine : « {first.action.title} », le {first.starts_on:%d/%m/%Y}.",
                _plan_url(first.action.structure.code, first.action.year),
                "Voir le plan régional",
            )
        )
    collection = (
        NeedsCollection.objects.filter(structure_id=ml.parent_id, closed_at__isnull=True)
        .exclude(Exists(Need.objects.filter(collection=OuterRef("pk"), structure=ml)))
        .select_related("structure")
        .order_by("-year", "pk")
        .first()
        if membership.leads_quality_of(ml)
        else None
    )
    if collection is not None:
        deadline = f" avant le {collection.closes_on:%d/%m/%Y}" if collection.closes_on else ""
        steps.append(
            Step(
                f"Déclarer vos besoins de formation {collection.year}",
                f"Votre ARML collecte les besoins de formation de ses Missions Locales{deadline} : "
                "par thème, le nombre de personnes concernées et la priorité.",
                f"{reverse('training:needs', args=[collection.structure.code])}?annee={collection.year}",
                "Déclarer les besoins",
            )
        )
    convened = Registration.objects.filter(
        structure=ml,
        status__in=SEATED,
        convened_at__isnull=False,
        session__starts_on__gte=today,
        session__starts_on__lte=today + datetime.timedelta(days=CONVOCATION_DAYS),
    )
    people = convened.count() if director else 0
    if people:
        first = (
            convened.select_related("session__action__structure").order_by("session__starts_on", "pk").first()
        )
        steps.append(
            Step(
                "Convocations aux formations",
                f"{counted(people, *CONVENED)} à une session dans les {CONVOCATION_DAYS} prochains jours ; "
                f"la première le {first.session.starts_on:%d/%m/%Y} (« {first.session.action.title} »).",
                first.session.get_absolute_url(),
                "Voir la session",
            )
        )
    return steps


def _session_step(sessions, noun: tuple[str, str], title: str, text: str, link: str) -> list[Step]:
    count = sessions.count()
    if not count:
        return []
    first = sessions.select_related("action__structure").order_by("starts_on", "pk").first()
    return [
        Step(
            title,
            text.format(
                sessions=counted(count, *noun),
                verb=plural(count, "a", "ont"),
                title=first.action.title,
                day=f"{first.starts_on:%d/%m/%Y}",
            ),
            first.get_absolute_url(),
            link,
        )
    ]


def _organiser_steps(membership: Membership, today: datetime.date) -> list[Step]:
    arml = membership.structure
    own = Session.objects.filter(action__structure=arml)
    unconvened = Registration.objects.filter(
        session=OuterRef("pk"), status__in=SEATED, convened_at__isnull=True
    )
    attended = Attendance.objects.filter(registration__session=OuterRef("pk"))
    seated = Registration.objects.filter(session=OuterRef("pk"), status__in=SEATED)
    steps = _session_step(
        own.filter(starts_on__gte=today).filter(Exists(unconvened)),
        ("session à venir", "sessions à venir"),
        "Confirmer les inscriptions et convoquer",
        "{sessions} {verb} des inscriptions à confirmer ; la prochaine : « {title} », le {day}.",
        "Confirmer et convoquer",
    )
    steps += _session_step(
        own.filter(ends_on__lt=today, ends_on__gte=today - datetime.timedelta(days=ATTENDANCE_DAYS))
        .filter(Exists(seated))
        .exclude(Exists(attended)),
        ("session passée", "sessions passées"),
        "Enregistrer les présences",
        "{sessions} sans feuille de présence ; la première : « {title} », le {day}.",
        "Saisir les présences",
    )
    # Asked all year round (the same queries whatever the month), shown in the first months only.
    last_year = TrainingAction.objects.filter(structure=arml, year=today.year - 1).exists()
    if today.month <= REVIEW_MONTHS and last_year:
        year = today.year - 1
        steps.append(
            Step(
                f"Produire le bilan {year} de la formation",
                f"Vérifiez les présences et les effectifs déclarés, puis exportez le bilan {year} du plan "
                f"{'national' if arml.type == StructureType.UNML else 'régional'} (tableur ou PDF) pour le "
                "rapport d'activité.",
                f"{reverse('training:review', args=[arml.code])}?annee={year}",
                f"Voir le bilan {year}",
            )
        )
    return steps


def training_steps(user: User, membership: Membership) -> list[Step]:
    structure = membership.structure
    today = timezone.localdate()
    if structure.type == StructureType.ML and membership.role in (Role.ML_DIRECTOR, Role.ML_QUALITY):
        return _ml_steps(membership, today)
    if structure.type in (StructureType.ARML, StructureType.UNML) and membership.contributes_to(structure):
        return _organiser_steps(membership, today)
    return []
