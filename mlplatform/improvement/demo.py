"""Demo improvement plans: varied actions for the Normandie network (ARML and its Missions Locales).

Deterministic (seeded by structure code), relative to today so that some actions are always
overdue, and idempotent: a structure that already has a plan is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import Priority, Status
from .models import ActionNote, ImprovementAction
from .requirements import picker_requirements

DEMO_ARML_CODE = "ARML-NOR"
DEMO_SOURCE = "Auto-évaluation (démonstration)"
TITLES = (
    "Formaliser la procédure d'accueil des jeunes sans rendez-vous",
    "Mettre à jour le livret d'accueil et le site internet",
    "Organiser une enquête de satisfaction auprès des jeunes",
    "Former l'équipe à l'accompagnement des jeunes en situation de handicap",
    "Signer une convention avec le service de santé universitaire",
    "Structurer la relation avec les entreprises du territoire",
    "Tenir une revue de direction semestrielle de la démarche qualité",
    "Associer les jeunes au conseil d'administration",
    "Réviser le plan de formation des conseillers",
    "Recenser les partenaires du logement et formaliser les orientations",
    "Mettre en place un tableau de bord des délais de premier rendez-vous",
    "Rédiger la charte d'utilisation des données personnelles",
)
NOTES = (
    "Réunion de lancement tenue avec l'équipe.",
    "Premier jet rédigé, relecture en cours par la direction.",
    "Calendrier validé ; deux ateliers prévus le mois prochain.",
    "Point d'étape en comité de direction : l'action avance comme prévu.",
)


def _actions_for(
    structure: Structure, rng: random.Random, today: datetime.date, requirements, members
) -> int:
    count = rng.randint(3, 7)
    for title in rng.sample(TITLES, count):
        status = rng.choices(list(Status), weights=(3, 4, 3, 1))[0]
        created = today - datetime.timedelta(days=rng.randint(30, 300))
        due = created + datetime.timedelta(days=rng.randint(45, 330))
        if status == Status.DONE:
            due = min(due, today)
        progress = 100 if status == Status.DONE else rng.choice((0, 10, 25, 40, 60, 80))
        if status == Status.PLANNED:
            progress = 0
        action = ImprovementAction.objects.create(
            structure=structure,
            title=title,
            description="Action issue de l'auto-évaluation : voir les exigences liées.",
            owner=rng.choice(members) if members else None,
            due_on=due,
            priority=rng.choice(list(Priority)),
            status=status,
            progress=progress,
            completed_on=min(due, today) if status == Status.DONE else None,
            source=DEMO_SOURCE,
            created_at=timezone.make_aware(datetime.datetime.combine(created, datetime.time(9, 0))),
        )
        if requirements:
            action.requirements.set(rng.sample(requirements, min(len(requirements), rng.randint(1, 2))))
        if status in (Status.IN_PROGRESS, Status.DONE) and members:
            ActionNote.objects.create(
                action=action, author=rng.choice(members), text=rng.choice(NOTES), progress=progress
            )
    return count


@transaction.atomic
def load_demo_plans(arml_code: str = DEMO_ARML_CODE) -> str:
    """Create demo plans for an ARML and its Missions Locales that have none yet; say what was done."""
    arml = Structure.objects.filter(code=arml_code).first()
    if arml is None:
        return f"Plans d'amélioration de démonstration : {arml_code} absente, rien à faire."
    has_plan = ImprovementAction.objects.filter(structure=OuterRef("pk"))
    structures = list(
        Structure.objects.filter(Q(pk=arml.pk) | Q(parent=arml, type=StructureType.ML))
        .annotate(planned=Exists(has_plan))
        .filter(planned=False)
        .order_by("code")
    )
    today = timezone.localdate()
    picker = {}
    created = 0
    for structure in structures:
        rng = random.Random(f"plan-{structure.code}")
        if structure.type not in picker:
            picker[structure.type] = [r for r in picker_requirements(structure) if r.parent_id is None]
        members = list(
            User.objects.filter(memberships__structure=structure, memberships__is_active=True, is_active=True)
            .distinct()
            .order_by("pk")
        )
        created += _actions_for(structure, rng, today, picker[structure.type], members)
    return (
        f"Plans d'amélioration de démonstration : {created} actions créées pour {len(structures)} structures."
    )
