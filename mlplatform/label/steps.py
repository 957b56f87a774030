"""What the home page says to auditors and commission members (called by mlplatform/core/next_steps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.french import le

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
    """Once the audit is requested: where the request stands, the audit's dates and plan, the
    evidence requests waiting for the structure, the report to answer, the session, the label."""
    from mlplatform.core.next_steps import Step

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
    audit = (
        Audit.objects.filter(file=file)
        .exclude(status=AuditStatus.CANCELLED)
        .annotate(open_requests=Count("evidence_requests", filter=Q(evidence_requests__status="OPEN")))
        .order_by("-assigned_at", "-pk")
        .first()
    )
    steps = []
    if audit is not None and audit.status == AuditStatus.SCHEDULED:
        detail_url = reverse("label:audit_detail", args=[audit.pk])
        text = f"{audit.get_kind_display()} du {audit.starts_on:%d/%m/%Y} au {audit.ends_on:%d/%m/%Y}"
        text += f" ({audit.get_mode_display().lower()}). "
        text += (
            f"Plan d'audit transmis le {audit.plan_sent_at:%d/%m/%Y}."
            if audit.plan_sent_at
            else "Le binôme vous transmettra le plan d'audit."
        )
        steps.append(Step("Audit", text, detail_url, "Voir l'audit et son plan"))
        if audit.open_requests:
            n = audit.open_requests
            steps.append(
                Step(
                    "Demandes de preuves",
                    f"{n} demande{'s' if n > 1 else ''} de preuves des auditeurs "
                    f"attend{'ent' if n > 1 else ''} votre réponse.",
                    reverse("label:audit_requests", args=[audit.pk]),
                    "Répondre aux demandes",
                )
            )
    elif audit is not None and audit.is_delivered and stage == Stage.AUDITED:
        if not audit.structure_response and membership.leads_quality_of(file.structure):
            steps.append(
                Step(
                    "Rapport d'audit",
                    f"Le rapport d'audit a été remis le {audit.delivered_at:%d/%m/%Y}. "
                    "Vous pouvez y répondre avant son examen par la commission nationale de labellisation.",
                    reverse("label:audit_report", args=[audit.pk]),
                    "Lire le rapport et répondre",
                )
            )
        else:
            steps.append(
                Step(
                    "Rapport d'audit",
                    f"Rapport remis le {audit.delivered_at:%d/%m/%Y} : le dossier attend son inscription "
                    "à une séance de la commission nationale de labellisation.",
                    reverse("label:audit_report", args=[audit.pk]),
                    "Lire le rapport",
                )
            )
    if stage == Stage.ON_AGENDA:
        item = file.agenda_items.select_related("session").order_by("-session__date").first()
        when = f", le {item.session.date:%d/%m/%Y}" if item is not None else ""
        steps.append(
            Step(
                "Commission nationale de labellisation",
                f"Le dossier est inscrit à l'ordre du jour d'une séance de la commission{when}.",
                file_url,
                "Voir le dossier de labellisation",
            )
        )
    elif stage == Stage.LABELLED and file.valid_until:
        text = f"Labellisée jusqu'au {file.valid_until:%d/%m/%Y}."
        if file.follow_up_due_on:
            text += f" Audit de suivi attendu avant le {file.follow_up_due_on:%d/%m/%Y}."
        steps.append(Step("Label", text, file_url, "Voir le dossier de labellisation"))
    return steps


def label_steps(user: User, membership: Membership) -> list[Step]:
    if membership.role == Role.AUDITOR:
        return auditor_steps(user, membership)
    if membership.role == Role.COMMISSION_MEMBER:
        return commission_steps(user, membership)
    return structure_steps(user, membership)
