"""What the home page says about the structure's label file (registered with ``core.next_steps``,
order 20); for the ARML referent, the opinions its Missions Locales wait for."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import capfirst

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.french import le
from mlplatform.core.next_steps import Step

from . import hooks
from .enums import Stage
from .models import LabelFile


def structure_steps(user: User, membership: Membership) -> list[Step]:
    """The structure's own file; for the ARML referent, the opinions its MLs wait for."""
    steps = []
    structure = membership.structure
    file = LabelFile.objects.filter(structure=structure).first()
    if file is not None and membership.contributes_to(structure):
        steps += _audit_steps(file, membership)
    if membership.leads_quality_of(structure):
        if file is None or file.stage in (Stage.EXPIRED, Stage.WITHDRAWN):
            steps.append(
                Step(
                    "Démarche de labellisation",
                    f"{capfirst(le(structure))} n'est pas engagée dans la démarche de labellisation. "
                    "L'engagement ouvre son dossier : auto-évaluation, demande d'audit, commission.",
                    reverse("label:file", args=[structure.code]),
                    "Voir le dossier de labellisation",
                )
            )
        elif file.stage in (Stage.ENROLLED, Stage.SELF_ASSESSED, Stage.DEFERRED):
            steps.append(
                Step(
                    "Démarche de labellisation",
                    f"Dossier : {Stage(file.stage).label.lower()}. Prochaine étape : "
                    + (
                        "soumettre l'auto-évaluation."
                        if file.stage == Stage.ENROLLED
                        else "demander l'audit quand la structure est prête."
                    ),
                    reverse("label:file", args=[structure.code]),
                    "Voir le dossier de labellisation",
                )
            )
    if membership.role == Role.ARML_REFERENT:
        waiting = LabelFile.objects.filter(
            structure__parent=structure, stage=Stage.AUDIT_REQUESTED, arml_opinion=""
        ).count()
        if waiting:
            steps.append(
                Step(
                    "Avis de l'ARML attendus",
                    f"Demandes d'audit de vos Missions Locales en attente de votre avis : {waiting}.",
                    reverse("label:region", args=[structure.code]),
                    "Voir la labellisation de la région",
                )
            )
    return steps


def _audit_steps(file: LabelFile, membership: Membership) -> list[Step]:
    """Once the audit is requested: where the request stands; then what the apps built on label say
    (``label.hooks.file_steps``: the audit's dates and plan, the evidence requests waiting for the
    structure, the report to answer, the session); then the label."""
    file_url = reverse("label:file", args=[file.structure.code])
    stage = file.stage
    if stage == Stage.AUDIT_REQUESTED:
        if file.structure.type == "ML" and not file.arml_opinion:
            text = f"Audit demandé le {file.audit_requested_on:%d/%m/%Y} : en attente de l'avis de l'ARML."
        else:
            opinion = (
                f" (avis de l'ARML : {file.get_arml_opinion_display().lower()})" if file.arml_opinion else ""
            )
            text = (
                f"Audit demandé le {file.audit_requested_on:%d/%m/%Y}{opinion} : en attente de l'affectation "
                "d'un binôme d'auditeurs par l'auditrice ou l'auditeur référent."
            )
        return [Step("Demande d'audit", text, file_url, "Voir le dossier de labellisation")]
    steps = hooks.file_steps.collect(file, membership)
    if stage == Stage.LABELLED and file.valid_until:
        text = f"Labellisée jusqu'au {file.valid_until:%d/%m/%Y}."
        if file.follow_up_due_on:
            text += f" Audit de suivi attendu avant le {file.follow_up_due_on:%d/%m/%Y}."
        steps.append(Step("Label", text, file_url, "Voir le dossier de labellisation"))
    return steps


def label_steps(user: User, membership: Membership) -> list[Step]:
    """Registered with ``core.next_steps``; auditors and commission members get theirs from the
    audits and commission apps."""
    if membership.role in (Role.AUDITOR, Role.COMMISSION_MEMBER):
        return []
    return structure_steps(user, membership)
