"""What the home page says to auditors and commission members (called by mlplatform/core/next_steps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User

from .enums import AuditStatus, SessionStatus, Stage
from .models import Audit, CommissionSession, LabelFile
from .services import lead_auditor

if TYPE_CHECKING:
    from mlplatform.core.next_steps import Step


def auditor_steps(user: User, membership: Membership) -> list[Step]:
    from mlplatform.core.next_steps import Step

    steps = []
    mine = Audit.objects.filter(
        Q(external_auditor=user) | Q(network_auditor=user), status=AuditStatus.SCHEDULED
    )
    count = mine.count()
    upcoming = (
        mine.filter(starts_on__gte=timezone.localdate())
        .order_by("starts_on")
        .select_related("file__structure")
    )
    first = upcoming.first()
    if count:
        text = f"{count} audit{'s' if count > 1 else ''} en cours ou à venir."
        if first is not None:
            text += f" Prochain : {first.file.structure.name}, à partir du {first.starts_on:%d/%m/%Y}."
        steps.append(Step("Vos audits", text, reverse("label:audit_list"), "Mes audits"))
    else:
        steps.append(
            Step(
                "Vos audits",
                "Aucun audit en cours ne vous est attribué. Les audits qui vous seront confiés s'afficheront "
                "ici avec leurs dates et leurs documents.",
                reverse("label:audit_list"),
                "Mes audits",
            )
        )
    if lead_auditor(membership):
        waiting = LabelFile.objects.filter(stage=Stage.AUDIT_REQUESTED).count()
        if waiting:
            steps.append(
                Step(
                    "Audits à affecter",
                    f"Demandes d'audit en attente d'un binôme d'auditeurs : {waiting}.",
                    reverse("label:audit_queue"),
                    "Affecter les audits",
                )
            )
    return steps


def commission_steps(user: User, membership: Membership) -> list[Step]:
    from mlplatform.core.next_steps import Step

    sessions = (
        CommissionSession.objects.filter(members=user, status=SessionStatus.PLANNED)
        .annotate(files=Count("agenda"))
        .order_by("date")
    )
    first = sessions.first()
    if first is None:
        return [
            Step(
                "Séances de la commission",
                "Aucune séance à venir ne vous est attribuée. Les dossiers inscrits à l'ordre du jour de vos "
                "séances s'afficheront ici.",
                reverse("label:sessions"),
                "Mes séances",
            )
        ]
    return [
        Step(
            "Prochaine séance de la commission",
            f"{first.title}, le {first.date:%d/%m/%Y}. Dossiers à l'ordre du jour : {first.files}.",
            reverse("label:sessions"),
            "Mes séances",
        )
    ]


def structure_steps(user: User, membership: Membership) -> list[Step]:
    """The structure's own file; for the ARML referent, the opinions its MLs wait for."""
    from mlplatform.core.next_steps import Step

    steps = []
    structure = membership.structure
    if membership.leads_quality_of(structure):
        file = LabelFile.objects.filter(structure=structure).first()
        if file is None or file.stage in (Stage.EXPIRED, Stage.WITHDRAWN):
            steps.append(
                Step(
                    "Démarche de labellisation",
                    f"{structure.name} n'est pas engagée dans la démarche de labellisation. "
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


def label_steps(user: User, membership: Membership) -> list[Step]:
    if membership.role == Role.AUDITOR:
        return auditor_steps(user, membership)
    if membership.role == Role.COMMISSION_MEMBER:
        return commission_steps(user, membership)
    return structure_steps(user, membership)
