"""Demo self-assessments: last year's closed campaign, every ML submitted, and this year's running one.

Reproducible (levels come from a hash of the structure and requirement codes, never from the
clock) and fast (bulk inserts). Progress in the running campaign varies from structure to
structure; in Normandie, the demo accounts' MLs are left at a stage where the whole loop can be
tried: Caen is half answered, Rouen submitted, and enough MLs are submitted for the regional
and national benchmarks (at least 5 contributors) to appear.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.frameworks.models import FrameworkVersion

from . import services
from .enums import AssessmentStatus, EventKind
from .models import Answer, Assessment, AssessmentEvent, Campaign

DEMO_AUTHOR_EMAIL = "reprise.demo@demo.test"
DEMO_TAG = "(démonstration)"
# Stages of the running campaign for some structures of the demo accounts.
FIXED_STAGES = {"ML-14-CAEN": 0.5, "ML-76-ROUEN": 1.0, "ML-61-ALENCON": 0.2}


def _unit(*parts: str) -> float:
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _author() -> User:
    user = User.objects.filter(email=DEMO_AUTHOR_EMAIL).first()
    if user is None:
        user = User.objects.create(
            email=DEMO_AUTHOR_EMAIL,
            first_name="Reprise",
            last_name="des données de démonstration",
            job_title="Compte technique (démonstration)",
            password=make_password(None),
        )
    return user


def _stage(code: str, running: bool) -> float:
    """The share of requirements answered: 1 means submitted."""
    if not running:
        return 1.0
    if code in FIXED_STAGES:
        return FIXED_STAGES[code]
    draw = _unit("stage", code)
    if draw < 0.35:
        return 1.0
    if draw < 0.8:
        return round(0.1 + draw * 0.9, 2)
    return 0.0


def _level(code: str, ref: str, year: int, max_level: int) -> int:
    """A structure has a maturity of its own; the year after, it does a little better."""
    maturity = 0.35 + 0.5 * _unit("maturity", code) + (0.08 if year % 2 == 0 else 0)
    value = maturity * max_level + (_unit("level", code, ref, str(year)) - 0.5) * 2.2
    return max(0, min(max_level, round(value)))


def _fill(campaign: Campaign, author: User, *, running: bool) -> tuple[int, int]:
    assessments = list(campaign.assessments.select_related("structure", "framework_version"))
    requirement_cache: dict[tuple[int, str], list] = {}
    answers, events, submitted = [], [], []
    now = timezone.now()
    for assessment in assessments:
        structure = assessment.structure
        key = (assessment.framework_version_id, structure.type)
        if key not in requirement_cache:
            requirement_cache[key] = list(
                services.requirements_for(assessment.framework_version, structure.type).only("pk", "ref")
            )
        requirements = requirement_cache[key]
        stage = _stage(structure.code, running)
        max_level = assessment.framework_version.max_level
        count = len(requirements) if stage >= 1 else int(len(requirements) * stage)
        for requirement in requirements[:count]:
            not_applicable = _unit("na", structure.code, requirement.ref) < 0.02
            answers.append(
                Answer(
                    assessment=assessment,
                    requirement=requirement,
                    level=None
                    if not_applicable
                    else _level(structure.code, requirement.ref, campaign.year, max_level),
                    not_applicable=not_applicable,
                    justification="Sans objet pour cette structure (donnée de démonstration)."
                    if not_applicable
                    else "",
                    updated_by=author,
                    updated_at=now,
                )
            )
        if stage >= 1:
            submitted.append(assessment.pk)
            events.append(
                AssessmentEvent(
                    assessment=assessment,
                    kind=EventKind.SUBMITTED,
                    actor=author,
                    actor_structure=structure,
                    at=now,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    AssessmentEvent.objects.bulk_create(events, batch_size=1000)
    Assessment.objects.filter(pk__in=submitted).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=now, submitted_by=author
    )
    return len(answers), len(submitted)


def load_demo(today: datetime.date | None = None) -> str:
    """Create the two demo campaigns once; a French summary line either way."""
    today = today or timezone.localdate()
    if Campaign.objects.filter(name__endswith=DEMO_TAG).exists():
        return "Auto-évaluations de démonstration : déjà chargées."
    versions = FrameworkVersion.objects.select_related("framework").order_by("-version")
    ml_version = versions.filter(framework__code="ML").first()
    network_version = versions.filter(framework__code="ARML-UNML").first()
    if ml_version is None:
        return "Auto-évaluations de démonstration : aucun référentiel chargé, rien à faire."
    author = _author()
    admin = User.objects.filter(memberships__role="NATIONAL_ADMIN").order_by("pk").first() or author
    with transaction.atomic():
        past = services.create_campaign(
            name=f"Auto-évaluation {today.year - 1} {DEMO_TAG}",
            year=today.year - 1,
            ml_version=ml_version,
            network_version=network_version,
            opens_on=today - datetime.timedelta(days=420),
            closes_on=today - datetime.timedelta(days=300),
            user=admin,
        )
        past_answers, past_submitted = _fill(past, author, running=False)
        current = services.create_campaign(
            name=f"Auto-évaluation {today.year} {DEMO_TAG}",
            year=today.year,
            ml_version=ml_version,
            network_version=network_version,
            opens_on=today - datetime.timedelta(days=60),
            closes_on=today + datetime.timedelta(days=75),
            user=admin,
        )
        answers, submitted = _fill(current, author, running=True)
    return (
        f"Auto-évaluations de démonstration : campagne {past.year} close ({past_submitted} soumises, "
        f"{past_answers} réponses) et campagne {current.year} en cours ({submitted} soumises, "
        f"{answers} réponses)."
    )
