"""What the home page says about audits (registered with ``core.next_steps``, order 21, and
``label.hooks.file_steps``): an auditor's audits and, on a structure's home, its audit under way,
the evidence requests waiting for it and the report to answer."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.next_steps import Step
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile

from .enums import AuditStatus
from .models import Audit
from .services import lead_auditor


def auditor_steps(user: User, membership: Membership) -> list[Step]:
    """An auditor's audits; for the lead auditor, the requests waiting for a pair."""
    if membership.role != Role.AUDITOR:
        return []
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


def file_steps(file: LabelFile, membership: Membership) -> list[Step]:
    """The structure's audit under way (its dates and plan, the evidence requests waiting for the
    structure) or its report delivered (to answer, then waiting for the commission)."""
    stage = file.stage
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
            f"Plan d'audit transmis le {timezone.localtime(audit.plan_sent_at):%d/%m/%Y}."
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
                    f"Le rapport d'audit a été remis le {timezone.localtime(audit.delivered_at):%d/%m/%Y}. "
                    "Vous pouvez y répondre avant son examen par la commission nationale de labellisation.",
                    reverse("label:audit_report", args=[audit.pk]),
                    "Lire le rapport et répondre",
                )
            )
        else:
            steps.append(
                Step(
                    "Rapport d'audit",
                    f"Rapport remis le {timezone.localtime(audit.delivered_at):%d/%m/%Y} : le dossier attend "
                    "son inscription à une séance de la commission nationale de labellisation.",
                    reverse("label:audit_report", args=[audit.pk]),
                    "Lire le rapport",
                )
            )
    return steps
