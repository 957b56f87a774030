"""What the audits add to the label's pages, through ``label.hooks`` (registered in ``AuditsConfig.ready()``):
the audits of a file with their links, the assignment link, the audit under way on the regional
dashboard, the auditors' entry links."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.services import acts_for_structure, is_national_admin

from .enums import AuditStatus
from .models import Audit
from .services import lead_auditor


def file_audits(file: LabelFile, membership: Membership | None) -> list[Audit]:
    """The file's audits, each with the links to the audit pages its reader may open."""
    audits = list(
        file.audits.select_related("external_auditor", "network_auditor").order_by("-starts_on", "-pk")
    )
    responder = acts_for_structure(membership, file.structure)
    for audit in audits:
        delivered = audit.is_delivered
        candidates = (
            ("Détail de l'audit", "label:audit_detail", audit.status != AuditStatus.CANCELLED),
            ("Plan d'audit (PDF)", "label:audit_plan_pdf", audit.plan_sent_at is not None),
            ("Rapport d'audit", "label:audit_report", delivered),
            ("Rapport d'audit (PDF)", "label:audit_report_pdf", delivered),
            (
                "Répondre au rapport",
                "label:audit_respond",
                delivered and responder and not audit.structure_response,
            ),
        )
        audit.links = [(text, reverse(name, args=[audit.pk])) for text, name, shown in candidates if shown]
        audit.under_way = audit.status == AuditStatus.SCHEDULED
    return audits


def assign_url(file: LabelFile, membership: Membership | None) -> str | None:
    """The national admin assigns a pair from the file of a structure that asked for its audit."""
    if file.stage == Stage.AUDIT_REQUESTED and is_national_admin(membership):
        return reverse("label:audit_assign", args=[file.pk])
    return None


def row_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "label_file__audits",
            queryset=Audit.objects.filter(status=AuditStatus.SCHEDULED).order_by("starts_on", "pk"),
            to_attr="open_audits",
        )
    ]


def row_facts(file: LabelFile) -> dict:
    return {"audit": file.open_audits[0] if file.open_audits else None}


def role_links(membership: Membership) -> list[tuple[str, str]]:
    """An auditor's entry links: their audits; for the lead auditor, the queue and the pool."""
    if membership.role != Role.AUDITOR:
        return []
    links = [("Mes audits", reverse("label:audit_list"))]
    if lead_auditor(membership):
        links += [
            ("Audits à affecter (auditeur·rice référent·e)", reverse("label:audit_queue")),
            ("Vivier des auditeur·rices", reverse("label:audit_pool")),
        ]
    return links
