"""A small ML framework of any size, a campaign and answers, for the self-assessment tests."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import yaml
from django.utils import timezone

from mlplatform.assessments import services
from mlplatform.assessments.models import Answer, Assessment, Campaign
from mlplatform.frameworks.loader import load_file
from mlplatform.frameworks.models import FrameworkVersion, Requirement

from ..factories import World


def ml_framework(version: str = "2030", parts: int = 2, commitments: int = 2, requirements: int = 2) -> dict:
    """An ML framework with ``parts`` × ``commitments`` × ``requirements`` (the first with a child)."""
    prefix = f"ML-{version}"
    data_parts = []
    for p in range(1, parts + 1):
        data_commitments = []
        for c in range(1, commitments + 1):
            reqs = []
            for r in range(1, requirements + 1):
                ref = f"{prefix}-{p}.{c}.{r}"
                children = (
                    [{"ref": f"{ref}.1", "text": f"Détail {p}.{c}.{r}.", "addressee": "ML"}] if r == 1 else []
                )
                reqs.append(
                    {"ref": ref, "text": f"Exigence {p}.{c}.{r}.", "addressee": "ML", "children": children}
                )
            data_commitments.append(
                {"ref": f"{prefix}-{p}.{c}", "title": f"Engagement {p}.{c}", "requirements": reqs}
            )
        data_parts.append({"number": str(p), "title": f"Partie {p}", "commitments": data_commitments})
    return {"code": "ML", "version": version, "title": "Référentiel ML d'essai", "parts": data_parts}


def load_ml_framework(version: str = "2030", **sizes) -> FrameworkVersion:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ml.yaml"
        path.write_text(yaml.safe_dump(ml_framework(version, **sizes), allow_unicode=True), encoding="utf-8")
        return load_file(path).version


def open_campaign(world: World, version: FrameworkVersion | None = None, **fields) -> Campaign:
    version = version or load_ml_framework()
    today = timezone.localdate()
    values = {
        "name": "Campagne d'essai",
        "year": today.year,
        "ml_version": version,
        "network_version": None,
        "opens_on": today - datetime.timedelta(days=10),
        "closes_on": today + datetime.timedelta(days=30),
    }
    values.update(fields)
    return services.create_campaign(user=world.user("NATIONAL_ADMIN"), **values)


def assessment_of(campaign: Campaign, structure) -> Assessment:
    return Assessment.objects.get(campaign=campaign, structure=structure)


def answer_all(assessment: Assessment, user, level: int = 2) -> None:
    """Answer every requirement of ``assessment`` at ``level`` (bulk: no history, for set-up only)."""
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, requirement=r, level=level, updated_by=user, updated_at=now)
        for r in services.requirements_for(assessment.framework_version, assessment.structure.type)
    )


def first_requirement(assessment: Assessment) -> Requirement:
    return services.requirements_for(assessment.framework_version, assessment.structure.type).first()
