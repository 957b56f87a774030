"""The audits of label files: the auditors' pool, each audit (its pair, plan and report), its findings,
and the evidence requests with their threads of messages and files.

Split from the label app: the tables keep their names (``label_audit``...), so that the split moved no
row (migration ``0001_initial`` only takes the models over in Django's state). An audit points to its
``LabelFile``; the file's stage changes only through ``label.transitions``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mlplatform.frameworks.models import Commitment, Requirement
from mlplatform.label.models import LabelFile
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import AuditKind, AuditMode, AuditorKind, AuditStatus, FindingKind, RequestStatus

USER = settings.AUTH_USER_MODEL


class AuditorProfile(models.Model):
    """A member of the auditors' pool: certified external auditor, or auditor from the network."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="auditor_profile")
    kind = models.CharField("type", max_length=10, choices=AuditorKind.choices)
    # A network auditor works in a structure of the network: never audits it nor its region.
    home_structure = models.ForeignKey(
        Structure,
        verbose_name="structure d'origine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    certification = models.CharField("certification", max_length=200, blank=True)
    is_lead = models.BooleanField("auditeur·rice référent·e (affecte les audits)", default=False)
    is_active = models.BooleanField("actif·ve", default=True)

    class Meta:
        db_table = "label_auditorprofile"  # the table of the label app it was split from
        verbose_name = "auditeur·rice"
        verbose_name_plural = "vivier des auditeur·rices"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AuditorKind.EXTERNAL) | Q(home_structure__isnull=False),
                name="network_auditor_has_a_home_structure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class Audit(models.Model):
    file = models.ForeignKey(LabelFile, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(
        "type d'audit", max_length=10, choices=AuditKind.choices, default=AuditKind.INITIAL
    )
    status = models.CharField(
        "état", max_length=10, choices=AuditStatus.choices, default=AuditStatus.SCHEDULED
    )
    external_auditor = models.ForeignKey(
        USER,
        verbose_name="auditeur·rice certifié·e",
        on_delete=models.PROTECT,
        related_name="external_audits",
    )
    network_auditor = models.ForeignKey(
        USER, verbose_name="auditeur·rice du réseau", on_delete=models.PROTECT, related_name="network_audits"
    )
    assigned_by = models.ForeignKey(
        USER, verbose_name="affecté par", on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("affecté le", default=timezone.now)
    # The audit plan.
    starts_on = models.DateField("premier jour")
    ends_on = models.DateField("dernier jour")
    mode = models.CharField("modalité", max_length=10, choices=AuditMode.choices, default=AuditMode.ON_SITE)
    location = models.CharField("lieu", max_length=300, blank=True)
    people_met = models.TextField("personnes rencontrées", blank=True)
    agenda = models.TextField("déroulé", blank=True)
    plan_sent_at = models.DateTimeField("plan transmis le", null=True, blank=True)
    # The report.
    overall_opinion = models.TextField("avis global", blank=True)
    delivered_at = models.DateTimeField("rapport remis le", null=True, blank=True)
    delivered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    structure_response = models.TextField("réponse écrite de la structure", blank=True)
    structure_response_at = models.DateTimeField("réponse reçue le", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    scope_path = "file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "label_audit"  # the table of the label app it was split from
        verbose_name = "audit"
        verbose_name_plural = "audits"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="audit_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(external_auditor=F("network_auditor")), name="audit_pair_is_two_people"
            ),
            models.CheckConstraint(
                condition=Q(status=AuditStatus.DELIVERED, delivered_at__isnull=False)
                | (~Q(status=AuditStatus.DELIVERED) & Q(delivered_at__isnull=True)),
                name="audit_delivered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file.structure.name}"

    @property
    def is_delivered(self) -> bool:
        return self.status == AuditStatus.DELIVERED


class AuditFinding(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    commitment = models.ForeignKey(
        Commitment, verbose_name="engagement", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("nature", max_length=12, choices=FindingKind.choices)
    text = models.TextField("constat")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "audit__file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "label_auditfinding"  # the table of the label app it was split from
        verbose_name = "constat d'audit"
        verbose_name_plural = "constats d'audit"
        ordering = ["commitment__position", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.text[:60]}"


class EvidenceRequest(models.Model):
    """A request of the auditors to the structure, with its thread of messages and files."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="evidence_requests")
    requirement = models.ForeignKey(
        Requirement,
        verbose_name="exigence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField("objet", max_length=200)
    status = models.CharField(
        "état", max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    due_on = models.DateField("réponse attendue avant le", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    scope_path = "audit__file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "label_evidencerequest"  # the table of the label app it was split from
        verbose_name = "demande de preuves"
        verbose_name_plural = "demandes de preuves"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class RequestMessage(models.Model):
    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    author_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField("message")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "label_requestmessage"  # the table of the label app it was split from
        verbose_name = "message d'une demande"
        verbose_name_plural = "messages des demandes"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    return f"audits/{instance.message.request.audit_id}/{uuid.uuid4().hex}"


class RequestAttachment(models.Model):
    """A file sent with a message, in either direction; stored under a random name."""

    message = models.ForeignKey(RequestMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=200)
    size = models.PositiveBigIntegerField("taille")
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)

    class Meta:
        db_table = "label_requestattachment"  # the table of the label app it was split from
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return self.original_name
