"""Domain operations of the self-assessment that views call: campaigns, answers, workflow, comments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.mail import active_emails, notify
from mlplatform.frameworks.enums import Addressee
from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import AssessmentStatus, EventKind
from .models import Answer, AnswerChange, Assessment, AssessmentEvent, Campaign, RequirementComment
from .signals import assessment_submitted

# The requirements of the ARML-UNML framework that each kind of structure answers.
ADDRESSEES_BY_TYPE: dict[str, tuple[str, ...]] = {
    StructureType.ML: (Addressee.ML,),
    StructureType.ARML: (Addressee.ARML, Addressee.UNML_ARML),
    StructureType.UNML: (Addressee.UNML, Addressee.UNML_ARML),
}


class AssessmentRefused(Exception):
    """An operation that the rules forbid; the message is for the user, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleAnswer(Exception):
    """Someone saved this answer after the page was loaded: the user must choose."""

    def __init__(self, current: Answer) -> None:
        super().__init__("réponse modifiée entre-temps")
        self.current = current


def requirements_for(version: FrameworkVersion, structure_type: str) -> QuerySet[Requirement]:
    """The requirements of ``version`` that a structure of ``structure_type`` answers, in order."""
    return Requirement.objects.filter(
        version=version, addressee__in=ADDRESSEES_BY_TYPE.get(structure_type, ())
    ).order_by("position")


def version_for(campaign: Campaign, structure: Structure) -> FrameworkVersion | None:
    return campaign.ml_version if structure.type == StructureType.ML else campaign.network_version


# Campaigns


def create_campaign(
    *,
    name: str,
    year: int,
    ml_version: FrameworkVersion | None,
    network_version: FrameworkVersion | None,
    opens_on: datetime.date,
    closes_on: datetime.date,
    user: User,
) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            year=year,
            ml_version=ml_version,
            network_version=network_version,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=user,
        )
        ensure_assessments(campaign)
    return campaign


def ensure_assessments(campaign: Campaign) -> int:
    """Give every open structure its assessment in ``campaign`` (structures added since, too)."""
    existing = set(campaign.assessments.values_list("structure_id", flat=True))
    structures = Structure.objects.filter(closed_on__isnull=True).exclude(pk__in=existing)
    new = []
    for structure in structures.only("pk", "type"):
        version = version_for(campaign, structure)
        if version is not None:
            new.append(Assessment(campaign=campaign, structure=structure, framework_version=version))
    Assessment.objects.bulk_create(new, batch_size=500)
    if new:
        # On a new version of a framework, answers carry over from the previous one, in the background.
        from .jobs import schedule_carryover

        schedule_carryover(campaign)
    return len(new)


# Answers


@dataclass(frozen=True)
class AnswerInput:
    level: int | None
    not_applicable: bool
    justification: str
    comment: str

    def snapshot(self) -> dict:
        return {
            "level": None if self.not_applicable else self.level,
            "not_applicable": self.not_applicable,
            "justification": self.justification.strip() if self.not_applicable else "",
            "comment": self.comment.strip(),
        }


def check_editable(assessment: Assessment) -> None:
    if assessment.is_submitted:
        raise AssessmentRefused(
            "Cette auto-évaluation a été soumise : elle est verrouillée. Votre saisie n'a pas été "
            "enregistrée ; demandez à votre référent·e ARML de la rouvrir si elle doit changer."
        )
    if not assessment.campaign.is_open:
        raise AssessmentRefused(
            f"La campagne « {assessment.campaign.name} » n'est pas ouverte "
            f"(du {assessment.campaign.opens_on:%d/%m/%Y} au {assessment.campaign.closes_on:%d/%m/%Y}) : "
            "votre saisie n'a pas été enregistrée."
        )


def check_requirement(assessment: Assessment, requirement_id: int) -> Requirement:
    requirement = (
        requirements_for(assessment.framework_version, assessment.structure.type)
        .select_related("commitment__part")
        .filter(pk=requirement_id)
        .first()
    )
    if requirement is None:
        raise AssessmentRefused("Cette exigence ne fait pas partie de cette auto-évaluation.")
    return requirement


def validate_answer(assessment: Assessment, data: AnswerInput) -> None:
    scale = assessment.framework_version.rating_scale
    if data.not_applicable:
        if not data.justification.strip():
            raise AssessmentRefused("« Non applicable » demande une justification : expliquez pourquoi.")
        return
    if data.level is not None and data.level not in {level["value"] for level in scale}:
        raise AssessmentRefused("Ce niveau n'existe pas dans l'échelle de cotation de ce référentiel.")


def save_answer(
    assessment: Assessment,
    requirement: Requirement,
    data: AnswerInput,
    *,
    expected_version: int,
    user: User,
) -> Answer:
    """Save one answer unless someone saved it since ``expected_version`` (0: no answer yet)."""
    check_editable(assessment)
    validate_answer(assessment, data)
    after = data.snapshot()
    now = timezone.now()
    try:
        with transaction.atomic():
            current = (
                Answer.objects.select_for_update(of=("self",))
                .filter(assessment=assessment, requirement=requirement)
                .select_related("updated_by")
                .first()
            )
            current_version = current.version if current else 0
            if current_version != expected_version:
                raise StaleAnswer(current)
            if current is None:
                answer = Answer.objects.create(
                    assessment=assessment, requirement=requirement, updated_by=user, updated_at=now, **after
                )
                AnswerChange.objects.create(answer=answer, user=user, at=now, before=None, after=after)
                return answer
            before = current.snapshot()
            if before == after:
                return current
            Answer.objects.filter(pk=current.pk).update(
                **after, updated_by=user, updated_at=now, version=F("version") + 1
            )
            AnswerChange.objects.create(answer=current, user=user, at=now, before=before, after=after)
            current.refresh_from_db()
            return current
    except IntegrityError as error:
        # Two first answers at the same moment: the other one won the unique constraint.
        current = Answer.objects.filter(assessment=assessment, requirement=requirement).first()
        if current is None:
            raise AssessmentRefused("La réponse n'a pas pu être enregistrée : réessayez.") from error
        raise StaleAnswer(current) from error


# Workflow


def can_submit(membership: Membership | None, assessment: Assessment) -> bool:
    return membership is not None and membership.leads_quality_of(assessment.structure)


def can_reopen(membership: Membership | None, assessment: Assessment) -> bool:
    """The ARML referent reopens its MLs' assessments; the national admin any assessment."""
    if membership is None:
        return False
    if membership.role == Role.NATIONAL_ADMIN:
        return True
    return membership.role == Role.ARML_REFERENT and assessment.structure.parent_id == membership.structure_id


def submit(assessment: Assessment, membership: Membership, *, missing: int) -> None:
    """Lock the assessment; ``missing`` is the number of applicable requirements left unanswered."""
    if not can_submit(membership, assessment):
        raise AssessmentRefused(
            "Seule la direction ou le·la référent·e qualité de la structure peut soumettre."
        )
    check_editable(assessment)
    if missing:
        raise AssessmentRefused(
            f"Il reste {missing} exigence{'s' if missing > 1 else ''} sans réponse : répondez à toutes les "
            "exigences (ou indiquez « Non applicable » avec une justification) avant de soumettre."
        )
    with transaction.atomic():
        updated = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.IN_PROGRESS).update(
            status=AssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=membership.user,
            updated_at=timezone.now(),
        )
        if not updated:
            raise AssessmentRefused("Cette auto-évaluation vient d'être soumise par quelqu'un d'autre.")
        AssessmentEvent.objects.create(
            assessment=assessment,
            kind=EventKind.SUBMITTED,
            actor=membership.user,
            actor_structure=membership.structure,
        )
    assessment.refresh_from_db()
    # A label file waiting for it moves on (label listens).
    assessment_submitted.send(sender=Assessment, assessment=assessment, membership=membership)
    recipients = _reviewers(assessment.structure)
    notify(
        recipients,
        f"Auto-évaluation soumise : {assessment.structure.name}",
        "assessments/email/submitted.txt",
        {"assessment": assessment, "by": membership.user},
    )


def reopen(assessment: Assessment, membership: Membership, *, reason: str) -> None:
    if not can_reopen(membership, assessment):
        raise AssessmentRefused("Vous ne pouvez pas rouvrir cette auto-évaluation.")
    if not reason.strip():
        raise AssessmentRefused("Indiquez le motif de la réouverture : la structure le recevra.")
    if not assessment.campaign.is_open:
        raise AssessmentRefused(
            "La campagne est close : prolongez d'abord sa date de clôture, sinon la structure ne pourrait "
            "pas modifier ses réponses."
        )
    with transaction.atomic():
        updated = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.SUBMITTED).update(
            status=AssessmentStatus.IN_PROGRESS,
            submitted_at=None,
            submitted_by=None,
            updated_at=timezone.now(),
        )
        if not updated:
            raise AssessmentRefused("Cette auto-évaluation n'est pas soumise : elle est déjà ouverte.")
        AssessmentEvent.objects.create(
            assessment=assessment,
            kind=EventKind.REOPENED,
            actor=membership.user,
            actor_structure=membership.structure,
            reason=reason.strip(),
        )
    assessment.refresh_from_db()
    notify(
        _leads(assessment.structure),
        f"Auto-évaluation rouverte : {assessment.structure.name}",
        "assessments/email/reopened.txt",
        {"assessment": assessment, "by": membership.user, "reason": reason.strip()},
    )


def add_comment(assessment: Assessment, requirement: Requirement, membership: Membership, text: str) -> None:
    if not text.strip():
        raise AssessmentRefused("Le message est vide.")
    if len(text) > 5000:
        raise AssessmentRefused("Le message dépasse 5 000 caractères.")
    RequirementComment.objects.create(
        assessment=assessment,
        requirement=requirement,
        author=membership.user,
        author_structure=membership.structure,
        text=text.strip(),
    )


def can_comment(membership: Membership | None, assessment: Assessment) -> bool:
    """The structure's people, its ARML referent and the national admin talk per requirement."""
    if membership is None:
        return False
    return membership.contributes_to(assessment.structure) or can_reopen(membership, assessment)


# Notifications


def _reviewers(structure: Structure) -> list[str]:
    """Who is told that a structure submitted: its ARML referents, or the national admins."""
    if structure.type == StructureType.ML and structure.parent_id:
        memberships = Membership.objects.filter(structure_id=structure.parent_id, role=Role.ARML_REFERENT)
    else:
        memberships = Membership.objects.filter(role=Role.NATIONAL_ADMIN)
    return active_emails(memberships)


def _leads(structure: Structure) -> list[str]:
    return active_emails(
        Membership.objects.filter(
            structure=structure, role__in=[Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ARML_REFERENT]
        )
    )
