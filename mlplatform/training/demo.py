"""Demo professionalisation: the ARML Normandie 2022 regional plan shaped like seed 004 (19
actions, 31 sessions — 12 in Rouen, 18 in Caen, 1 remote —, 357 participants from all 24 Missions
Locales, 87 days of training over the sessions, headcounts such that 41 % of the staff was
trained, by job family for two MLs out of three), a plan of the current year open for
registrations (with registrations to confirm and a past session's attendance to record), next
year's needs collection, the own training plans of the ARML and four MLs, and smaller plans for two
fictitious demo regions.

Deterministic (seeded), written with bulk_create so that ``make run`` stays fast, and idempotent:
nothing is done when ARML Normandie already has a training action.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import Format, Priority, Status, Theme
from .models import (
    Attendance,
    Evaluation,
    Headcount,
    Need,
    NeedsCollection,
    PlannedTraining,
    Registration,
    Session,
    TrainingAction,
)

NORMANDIE = "ARML-NOR"
YEAR = 2022
# Seed 004, « Plan régional de formation » (2022).
ACTIONS_2022 = (
    ("Accueil et premier entretien", Theme.ACCOMPAGNEMENT),
    ("Conduite de l'entretien d'accompagnement", Theme.ACCOMPAGNEMENT),
    ("Accompagner les jeunes en situation de handicap", Theme.ACCOMPAGNEMENT),
    ("Jeunes sous main de justice : repères et partenariats", Theme.ACCOMPAGNEMENT),
    ("Contrat d'Engagement Jeune : les fondamentaux", Theme.DISPOSITIFS),
    ("CEJ jeunes en rupture : aller vers", Theme.DISPOSITIFS),
    ("PACEA et allocation : cadre et pratiques", Theme.DISPOSITIFS),
    ("Relations entreprises et prospection", Theme.EMPLOI),
    ("Parrainage : animer un réseau de parrains", Theme.EMPLOI),
    ("Alternance et apprentissage", Theme.EMPLOI),
    ("Orientation et projet professionnel", Theme.FORMATION),
    ("Offre de formation régionale", Theme.FORMATION),
    ("Santé mentale des jeunes : repérer, orienter", Theme.SANTE),
    ("Logement et mobilité", Theme.SANTE),
    ("I-Milo : saisie et requêtes", Theme.NUMERIQUE),
    ("Outils de PAO pour les communicants", Theme.NUMERIQUE),
    ("Relations presse et prise de vues", Theme.NUMERIQUE),
    ("Manager une équipe de proximité", Theme.MANAGEMENT),
    ("Démarche qualité et label", Theme.QUALITE),
)
SESSIONS_2022 = 31  # 12 in Rouen, 18 in Caen, 1 remote
PLACES = ["Rouen"] * 12 + ["Caen"] * 18 + ["À distance (lien envoyé avec la convocation)"]
PARTICIPANTS_2022 = 357
SECOND_SESSIONS = 40  # people who followed two sessions (counted once)
HEADCOUNT_2022 = 870  # staff of the 24 MLs: 357 / 870 = 41 %
FIRST_NAMES = ("Camille", "Dominique", "Claude", "Alex", "Sacha", "Morgane", "Yann", "Nadia", "Léa", "Karim")
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Leroy",
    "Moreau",
    "Lefebvre",
    "Garnier",
    "Roux",
    "Fournier",
    "Girard",
    "Lambert",
)
JOBS = (
    "Conseiller·ère",
    "Chargé·e d'accueil",
    "Chargé·e de relations entreprises",
    "Assistant·e",
    "Encadrant·e",
)


def _half_days(sessions: int, days: int) -> list[int]:
    """Half-days per session adding up to ``days`` days (4 or 6 half-days each, then the rest)."""
    total = days * 2
    counts = [4] * sessions
    extra = total - 4 * sessions
    for index in range(sessions):
        if extra >= 2:
            counts[index] += 2
            extra -= 2
    counts[-1] += extra
    return counts


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` shared over ``parts`` (each at least 1)."""
    counts = [1] * parts
    for _ in range(total - parts):
        counts[rng.randrange(parts)] += 1
    return counts


def _plan(
    arml: Structure,
    mls: list[Structure],
    year: int,
    titles: tuple,
    *,
    sessions: int,
    days: int,
    people: int,
    seconds: int,
    headcount: int,
    rng: random.Random,
) -> None:
    actions = TrainingAction.objects.bulk_create(
        TrainingAction(
            structure=arml,
            year=year,
            title=title,
            theme=theme,
            objectives="Renforcer les pratiques professionnelles des équipes.",
            provider=rng.choice(
                ("Organisme régional de formation", "ARML (formation interne)", "Cabinet conseil")
            ),
            format=Format.REMOTE if index == len(titles) - 1 else Format.IN_PERSON,
            duration_days=Decimal(2),
            target_public="Salarié·es des Missions Locales",
            cost=Decimal(rng.randrange(8, 40) * 100),
            funder="OPCO (Akto)",
        )
        for index, (title, theme) in enumerate(titles)
    )
    places = PLACES if len(PLACES) == sessions else [f"Siège de {arml.name}"] * sessions
    half_days = _half_days(sessions, days)
    owners = [actions[index % len(actions)] for index in range(sessions)]
    created = Session.objects.bulk_create(
        Session(
            action=action,
            starts_on=datetime.date(year, 1 + index * 11 // sessions, 5 + index % 20),
            ends_on=datetime.date(
                year, 1 + index * 11 // sessions, 5 + index % 20 + (half_days[index] - 1) // 2
            ),
            half_days=half_days[index],
            place=places[index],
            capacity=16,
        )
        for index, action in enumerate(owners)
    )
    # Every ML sends people; each person follows one session, some a second one.
    per_ml = _split(people, len(mls), rng)
    persons = [
        (
            ml,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            f"personne{number:04d}.{ml.code.lower()}@demo.invalid",
        )
        for ml, count in zip(mls, per_ml, strict=True)
        for number in range(count)
    ]
    rng.shuffle(persons)
    seats = [(person, created[index % sessions]) for index, person in enumerate(persons)]
    seats += [(person, created[(index + 7) % sessions]) for index, person in enumerate(persons[:seconds])]
    registrations = Registration.objects.bulk_create(
        Registration(
            session=session,
            structure=ml,
            name=name,
            email=email,
            job=rng.choice(JOBS),
            status=Status.CONFIRMED,
            created_at=timezone.make_aware(datetime.datetime(year, 1, 2)),
        )
        for (ml, name, email), session in seats
    )
    sessions_by_pk = {session.pk: session for session in created}
    Attendance.objects.bulk_create(
        Attendance(registration=registration, half_day=half_day)
        for registration in registrations
        for half_day in range(1, sessions_by_pk[registration.session_id].half_days + 1)
        if half_day > 1 or rng.random() > 0.05  # a few missed the first half-day
    )
    # Most participants gave their opinion (anonymous: only the session and the scores are kept).
    Evaluation.objects.bulk_create(
        Evaluation(
            session_id=registration.session_id,
            satisfaction=rng.choices((4, 3, 2, 1), weights=(55, 35, 8, 2))[0],
            usefulness=rng.choices((4, 3, 2, 1), weights=(50, 38, 10, 2))[0],
            answered_on=sessions_by_pk[registration.session_id].ends_on,
        )
        for registration in registrations
        if rng.random() < 0.8
    )
    Headcount.objects.bulk_create(
        Headcount(structure=ml, year=year, total=count, **(_families(count) if index % 3 else {}))
        for index, (ml, count) in enumerate(
            zip(mls, _split(headcount, len(mls), random.Random(f"headcount-{arml.code}")), strict=True)
        )
    )


def _families(total: int) -> dict[str, int]:
    """A headcount by job family (known for two MLs out of three in the demo)."""
    shares = {"advisers": 0.62, "reception": 0.12, "management": 0.08, "administrative": 0.12}
    families = {name: int(total * share) for name, share in shares.items()}
    families["other"] = total - sum(families.values())
    return families


def _open_plan(arml: Structure, today: datetime.date) -> None:
    """A few actions of the current year with sessions to come, open for registrations."""
    actions = TrainingAction.objects.bulk_create(
        TrainingAction(
            structure=arml,
            year=today.year,
            title=title,
            theme=theme,
            format=Format.IN_PERSON,
            duration_days=Decimal(2),
            target_public="Salarié·es des Missions Locales",
            funder="OPCO (Akto)",
        )
        for title, theme in ACTIONS_2022[:3]
    )
    start = today + datetime.timedelta(days=30)
    Session.objects.bulk_create(
        Session(
            action=action,
            starts_on=start + datetime.timedelta(days=14 * index + 7 * number),
            ends_on=start + datetime.timedelta(days=14 * index + 7 * number + 1),
            half_days=4,
            place="Caen" if number else "Rouen",
            capacity=12,
        )
        for index, action in enumerate(actions)
        for number in range(2)
    )


def _work_under_way(arml: Structure, mls: list[Structure], today: datetime.date, rng: random.Random) -> None:
    """What the home page's steps point at: registrations to confirm for a coming session, a
    session ended last week without its attendance sheet, the current year's needs collection
    (answered by two MLs out of three) and the own training plans of the ARML and a few MLs."""
    coming = (
        Session.objects.filter(action__structure=arml, starts_on__gt=today)
        .order_by("starts_on", "pk")
        .first()
    )
    past_action = TrainingAction.objects.create(
        structure=arml,
        year=(today - datetime.timedelta(days=8)).year,
        title="Écoute active et posture professionnelle",
        theme=Theme.ACCOMPAGNEMENT,
        duration_days=Decimal(1),
        target_public="Conseiller·es",
        funder="OPCO (Akto)",
    )
    past = Session.objects.create(
        action=past_action,
        starts_on=today - datetime.timedelta(days=8),
        ends_on=today - datetime.timedelta(days=8),
        half_days=2,
        place="Caen",
        capacity=12,
    )
    Registration.objects.bulk_create(
        Registration(
            session=session,
            structure=ml,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"inscription{index:02d}.{ml.code.lower()}@demo.invalid",
            job=rng.choice(JOBS),
            status=Status.REGISTERED,
        )
        for session in (coming, past)
        if session is not None
        for index, ml in enumerate(mls[:6])
    )
    collection = NeedsCollection.objects.create(
        structure=arml, year=today.year + 1, closes_on=today + datetime.timedelta(days=45)
    )
    themes = list(Theme.values)
    Need.objects.bulk_create(
        Need(
            collection=collection,
            structure=ml,
            theme=theme,
            people=rng.randrange(1, 9),
            priority=rng.choice(Priority.values),
        )
        for index, ml in enumerate(mls)
        if index % 3
        for theme in rng.sample(themes, 3)
    )
    regional = list(
        TrainingAction.objects.filter(structure=arml, year=today.year).order_by("title", "pk")[:2]
    )
    PlannedTraining.objects.bulk_create(
        [
            *(
                PlannedTraining(
                    structure=structure,
                    year=today.year,
                    action=action,
                    theme=action.theme,
                    public="Conseiller·es",
                    people=rng.randrange(1, 5),
                    period="Selon les sessions du plan régional",
                )
                for structure in [arml, *mls[:4]]
                for action in regional
            ),
            *(
                PlannedTraining(
                    structure=structure,
                    year=today.year,
                    title="Sauveteur secouriste du travail",
                    theme=Theme.SANTE,
                    public="Chargé·es d'accueil",
                    people=2,
                    period="2e trimestre",
                    provider="Organisme local agréé",
                    cost=Decimal(480),
                    done=today.month > 6,
                )
                for structure in [arml, *mls[:4]]
            ),
        ]
    )


def load_demo() -> str:
    arml = Structure.objects.filter(code=NORMANDIE).first()
    if arml is None:
        return "Professionnalisation (démonstration) : ARML Normandie absente, rien à faire."
    if TrainingAction.objects.filter(structure=arml).exists():
        return "Professionnalisation (démonstration) : déjà chargée."
    rng = random.Random("training-demo")
    today = timezone.localdate()
    mls = list(Structure.objects.filter(parent=arml, type=StructureType.ML).order_by("code"))
    others = list(Structure.objects.arml().filter(is_demo=True).order_by("code")[:2])
    with transaction.atomic():
        _plan(
            arml,
            mls,
            YEAR,
            ACTIONS_2022,
            sessions=SESSIONS_2022,
            days=87,
            people=PARTICIPANTS_2022,
            seconds=SECOND_SESSIONS,
            headcount=HEADCOUNT_2022,
            rng=rng,
        )
        _open_plan(arml, today)
        _work_under_way(arml, mls, today, rng)
        for other in others:
            other_mls = list(Structure.objects.filter(parent=other, type=StructureType.ML).order_by("code"))
            if not other_mls:
                continue
            _plan(
                other,
                other_mls,
                YEAR,
                ACTIONS_2022[::3],
                sessions=10,
                days=24,
                people=12 * len(other_mls),
                seconds=5,
                headcount=35 * len(other_mls),
                rng=rng,
            )
    return (
        "Professionnalisation (démonstration) : plan régional 2022 de l'ARML Normandie "
        f"({len(ACTIONS_2022)} actions, {SESSIONS_2022} sessions, {PARTICIPANTS_2022} participant·es) "
        f"et plans de {len(others)} régions fictives."
    )
