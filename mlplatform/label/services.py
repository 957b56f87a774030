"""The domain actions on a label file, with who may do them. Views call these; they call ``move``.

Each action checks here, whatever calls it (a page, the demo, a test): who may act, the stage, the
dates, and, with ``expected_version``, that the file has not changed since the page was read (the
file is locked for the action). The audits (``mlplatform.audits.services``) and the commission
(``mlplatform.commission.services``) move files through ``label.transitions`` too.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.assessments.models import Assessment
from mlplatform.frameworks.models import Framework
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import ArmlOpinion, Stage
from .models import LabelFile
from .transitions import TransitionRefused, log_step, move, start

FRAMEWORK_OF_TYPE = {StructureType.ML: "ML", StructureType.ARML: "ARML-UNML", StructureType.UNML: "ARML-UNML"}
STALE = (
    "Le dossier a changé depuis l'ouverture de la page (une autre personne a agi) : "
    "son état actuel est affiché ci-dessous ; votre saisie est conservée, vérifiez-la avant de la renvoyer."
)
NOT_ENROLLED = "La structure n'est pas engagée dans la démarche de labellisation."


# Who may act


def is_national_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.NATIONAL_ADMIN


def is_arml_referent_of(membership: Membership | None, structure: Structure) -> bool:
    return (
        membership is not None
        and membership.role == Role.ARML_REFERENT
        and structure.parent_id == membership.structure_id
    )


def acts_for_structure(membership: Membership | None, structure: Structure) -> bool:
    """The structure's direction or quality referent: enrols, asks for audits, answers the report."""
    return membership is not None and membership.leads_quality_of(structure)


def may_enrol(membership: Membership | None, structure: Structure) -> bool:
    """The structure's direction or quality referent, its ARML referent, the national admin."""
    return (
        acts_for_structure(membership, structure)
        or is_arml_referent_of(membership, structure)
        or is_national_admin(membership)
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


# The file at the version a page showed


def _lock(structure: Structure, expected_version: int | None) -> LabelFile | None:
    """Lock the structure's file for the transaction; refuse when it changed since the page was read
    (``expected_version`` 0: the page showed no file; None: no page, nothing to compare)."""
    current = LabelFile.objects.select_for_update(of=("self",)).filter(structure=structure).first()
    if expected_version is not None and (current.version if current else 0) != expected_version:
        raise TransitionRefused(STALE)
    return current


def require_file(structure: Structure) -> LabelFile:
    """The structure's file, or a refusal saying it is not enrolled."""
    file = LabelFile.objects.filter(structure=structure).first()
    _require(file is not None, NOT_ENROLLED)
    return file


def renewal_opens_on(file: LabelFile) -> datetime.date:
    """A labelled structure asks for its renewal in the last LABEL_RENEWAL_NOTICE_DAYS of its label."""
    return file.valid_until - datetime.timedelta(days=settings.LABEL_RENEWAL_NOTICE_DAYS)


# Enrolment and self-assessment


def enrol(
    structure: Structure,
    membership: Membership,
    *,
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> LabelFile:
    _require(
        may_enrol(membership, structure),
        "Seules la structure, son ARML ou l'UNML peuvent l'engager dans la démarche.",
    )
    on = on or timezone.localdate()
    with transaction.atomic():
        existing = _lock(structure, expected_version)
        if existing is not None:
            if existing.stage in (Stage.EXPIRED, Stage.WITHDRAWN):
                return move(
                    existing,
                    Stage.ENROLLED,
                    actor=membership.user,
                    actor_structure=membership.structure,
                    comment="Nouvel engagement dans la démarche",
                    enrolled_on=on,
                    self_assessed_on=None,
                    audit_requested_on=None,
                    arml_opinion="",
                    arml_opinion_text="",
                    arml_opinion_on=None,
                    arml_opinion_by=None,
                    assessment=None,
                )
            raise TransitionRefused("Cette structure est déjà engagée dans la démarche.")
        framework = Framework.objects.get(code=FRAMEWORK_OF_TYPE[structure.type])
        return start(
            structure,
            framework=framework,
            enrolled_on=on,
            actor=membership.user,
            actor_structure=membership.structure,
        )


def record_self_assessment(
    file: LabelFile,
    assessment: Assessment,
    *,
    actor: User,
    actor_structure,
    expected_version: int | None = None,
) -> LabelFile:
    """Take a submitted self-assessment of the structure into its file."""
    with transaction.atomic():
        _lock(file.structure, expected_version)
        _require(
            assessment.structure_id == file.structure_id,
            "Cette auto-évaluation n'est pas celle de la structure.",
        )
        _require(
            assessment.is_submitted, "L'auto-évaluation doit être soumise avant d'être retenue pour le label."
        )
        return move(
            file,
            Stage.SELF_ASSESSED,
            actor=actor,
            actor_structure=actor_structure,
            comment=f"Auto-évaluation soumise : {assessment.campaign.name}",
            assessment=assessment,
            self_assessed_on=max(timezone.localtime(assessment.submitted_at).date(), file.enrolled_on),
        )


def on_assessment_submitted(assessment: Assessment, membership: Membership) -> None:
    """Called when a structure submits: a file waiting for a self-assessment takes it."""
    file = LabelFile.objects.filter(structure=assessment.structure).first()
    if file is not None and file.stage in (Stage.ENROLLED, Stage.DEFERRED):
        record_self_assessment(file, assessment, actor=membership.user, actor_structure=membership.structure)


def take_submitted_assessment(sender, *, assessment: Assessment, membership: Membership, **kwargs) -> None:
    """Receiver of ``assessments.signals.assessment_submitted`` (connected in ``LabelConfig.ready()``)."""
    on_assessment_submitted(assessment, membership)


# Audit request and ARML opinion


def request_audit(
    file: LabelFile, membership: Membership, *, statement: str, expected_version: int | None = None
) -> LabelFile:
    """The structure asks for its audit (or, labelled, for its renewal, in the last months of its label)."""
    _require(acts_for_structure(membership, file.structure), "Seule la structure demande son audit.")
    with transaction.atomic():
        current = _lock(file.structure, expected_version) or file
        _require(bool(statement.strip()), "Attestez que la structure est prête : décrivez où elle en est.")
        if current.stage == Stage.LABELLED:
            _require(
                renewal_opens_on(current) <= timezone.localdate(),
                f"Le renouvellement se demande à partir du {renewal_opens_on(current):%d/%m/%Y} "
                f"(dans les {settings.LABEL_RENEWAL_NOTICE_DAYS} jours qui précèdent la fin du label).",
            )
        comment = "Demande de renouvellement" if current.stage == Stage.LABELLED else "Demande d'audit"
        return move(
            file,
            Stage.AUDIT_REQUESTED,
            actor=membership.user,
            actor_structure=membership.structure,
            comment=comment,
            audit_requested_on=timezone.localdate(),
            readiness_statement=statement.strip(),
            arml_opinion="",
            arml_opinion_text="",
            arml_opinion_on=None,
            arml_opinion_by=None,
        )


def give_arml_opinion(
    file: LabelFile, membership: Membership, *, opinion: str, text: str, expected_version: int | None = None
) -> LabelFile:
    """The ARML's opinion on a Mission Locale's audit request. It changes the file without changing
    its stage: the file's version moves on all the same (a page read before is stale)."""
    _require(
        is_arml_referent_of(membership, file.structure), "Seul·e le·la référent·e de l'ARML donne cet avis."
    )
    with transaction.atomic():
        current = _lock(file.structure, expected_version) or file
        _require(
            current.stage == Stage.AUDIT_REQUESTED, "L'avis se donne sur une demande d'audit en attente."
        )
        _require(opinion in ArmlOpinion.values, "Choisissez un avis.")
        _require(bool(text.strip()), "Motivez l'avis de l'ARML.")
        LabelFile.objects.filter(pk=file.pk).update(
            updated_at=timezone.now(),  # .update() skips auto_now
            version=F("version") + 1,
            arml_opinion=opinion,
            arml_opinion_text=text.strip(),
            arml_opinion_on=timezone.localdate(),
            arml_opinion_by=membership.user,
        )
        file.refresh_from_db()
        log_step(
            file,
            actor=membership.user,
            actor_structure=membership.structure,
            comment=f"Avis de l'ARML : {ArmlOpinion(opinion).label}. {text.strip()}",
        )
    return file


def awaits_arml_opinion(file: LabelFile) -> bool:
    """A Mission Locale's audit request waiting for its ARML's opinion (ARMLs and the UNML have none)."""
    return (
        file.stage == Stage.AUDIT_REQUESTED
        and file.structure.type == StructureType.ML
        and file.structure.parent_id is not None
        and not file.arml_opinion
    )


# The end of a label


def expire_labels(today: datetime.date | None = None) -> list[LabelFile]:
    """Labels past their end date and not renewed: "expired" (run by the daily command)."""
    today = today or timezone.localdate()
    expired = []
    for file in LabelFile.objects.filter(stage=Stage.LABELLED, valid_until__lt=today):
        expired.append(
            move(
                file,
                Stage.EXPIRED,
                actor=None,
                actor_structure=None,
                comment=f"Label arrivé à échéance le {file.valid_until:%d/%m/%Y} sans renouvellement",
                follow_up_due_on=None,
            )
        )
    return expired
