"""What the audit plan and the audit report show, on the page and in their PDF
(rendered by the one PDF pipeline, ``mlplatform.reports.pdf``)."""

from __future__ import annotations

from django.utils import timezone

from .models import Audit, AuditorProfile
from .work import finding_counts, findings_by_commitment, framework_version_of


def _pair(audit: Audit) -> list[dict]:
    profiles = {
        profile.user_id: profile
        for profile in AuditorProfile.objects.filter(
            user_id__in=[audit.external_auditor_id, audit.network_auditor_id]
        ).select_related("home_structure")
    }
    return [
        {"user": user, "role": role, "profile": profiles.get(user.pk)}
        for user, role in (
            (audit.external_auditor, "Auditeur·rice certifié·e externe"),
            (audit.network_auditor, "Auditeur·rice du réseau"),
        )
    ]


def plan_context(audit: Audit) -> dict:
    return {
        "audit": audit,
        "structure": audit.file.structure,
        "framework_version": framework_version_of(audit),
        "pair": _pair(audit),
        "generated_at": timezone.now(),
    }


def report_context(audit: Audit) -> dict:
    return {
        **plan_context(audit),
        "blocks": findings_by_commitment(audit),
        "counts": finding_counts(audit),
    }
