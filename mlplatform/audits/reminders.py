"""The audits' reminder for the label's daily job (``label.reminders``, through ``label.hooks``):
an auditors' evidence request still open past its due date, or older than
``REQUEST_UNANSWERED_DAYS`` days without one. Sent to the structure's direction and quality
referents, once per request."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.core.french import de
from mlplatform.label.reminders import Reminder

from .enums import AuditStatus, RequestStatus
from .models import EvidenceRequest

REQUEST_UNANSWERED_DAYS = 14
EVIDENCE_REQUEST = "evidence_request"
KINDS = {EVIDENCE_REQUEST: "Demande de preuves sans réponse"}


def request_reminders(today: datetime.date) -> list[Reminder]:
    cutoff = today - datetime.timedelta(days=REQUEST_UNANSWERED_DAYS)
    requests = (
        EvidenceRequest.objects.filter(status=RequestStatus.OPEN, audit__status=AuditStatus.SCHEDULED)
        .filter(Q(due_on__lt=today) | Q(due_on__isnull=True, created_at__date__lte=cutoff))
        .select_related("audit__file__structure")
        .order_by("created_at", "pk")
    )
    reminders = []
    for request in requests:
        structure = request.audit.file.structure
        late = (
            f"attendue avant le {request.due_on:%d/%m/%Y}"
            if request.due_on
            else f"sans réponse depuis {REQUEST_UNANSWERED_DAYS} jours"
        )
        reminders.append(
            Reminder(
                EVIDENCE_REQUEST,
                (str(request.pk),),
                structure,
                f"Demande de preuves en attente : {request.subject}",
                f"Les auditeurs {de(structure)} attendent une réponse à leur demande "
                f"« {request.subject} » ({late}).",
                [f"Demande envoyée le {timezone.localtime(request.created_at):%d/%m/%Y}"],
                reverse("label:audit_request", kwargs={"pk": request.audit_id, "request_pk": request.pk}),
            )
        )
    return reminders
