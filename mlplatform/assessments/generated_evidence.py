"""Documents the platform produces (barometer results, a training plan, an activity report) added to
a structure's evidence library and linked to requirements of its self-assessment under way: the one
way of doing it, for every app that offers « joindre comme preuve »."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from mlplatform.evidence import services as evidence_services
from mlplatform.evidence.models import Evidence
from mlplatform.frameworks.models import Requirement
from mlplatform.network.models import Structure

from .enums import AssessmentStatus
from .models import AnswerEvidence, Assessment


@dataclass
class Attached:
    evidence: Evidence
    assessment: Assessment | None
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def refs(self) -> str:
        return ", ".join(requirement.ref for requirement in self.requirements)


def open_assessment(structure: Structure) -> Assessment | None:
    """The structure's self-assessment under way (the latest), if any."""
    return (
        Assessment.objects.filter(structure=structure, status=AssessmentStatus.IN_PROGRESS)
        .select_related("framework_version")
        .order_by("-pk")
        .first()
    )


def requirements_numbered(assessment: Assessment, numbers: Iterable[str]) -> list[Requirement]:
    """The requirements of the assessment's framework whose reference ends with one of ``numbers``."""
    wanted = Q(pk__in=[])
    for number in numbers:
        wanted |= Q(ref__endswith=f"-{number}")
    return list(Requirement.objects.filter(wanted, version=assessment.framework_version).order_by("pk"))


def attach_document(
    structure: Structure,
    *,
    content: bytes,
    filename: str,
    title: str,
    user: Any,
    requirements: Callable[[Assessment], list[Requirement]],
) -> Attached:
    """Add the document to the library (the existing one when the same file is already there) and
    link it to ``requirements(assessment)`` of the assessment under way. Raises
    ``evidence_services.EvidenceRefused`` (nothing is changed then)."""
    upload = ContentFile(content, name=filename)
    with transaction.atomic():
        try:
            evidence = evidence_services.add_file(structure, upload, title=title[:200], user=user)
        except evidence_services.DuplicateEvidence as duplicate:
            evidence = duplicate.existing
        assessment = open_assessment(structure)
        linked = requirements(assessment) if assessment is not None else []
        for requirement in linked:
            AnswerEvidence.objects.get_or_create(
                assessment=assessment, requirement=requirement, evidence=evidence, defaults={"added_by": user}
            )
    return Attached(evidence, assessment, linked)
