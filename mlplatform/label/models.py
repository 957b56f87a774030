"""The label cycle: a label file per structure, its audits, the commission's sessions and decisions.

The file's ``stage`` only changes through ``label.transitions`` (which checks the move and logs it
in ``LabelTransition``). Dates that must follow each other are checked by the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mlplatform.core.french import de
from mlplatform.frameworks.models import Commitment, Framework, Requirement
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import (
    ArmlOpinion,
    AuditKind,
    AuditMode,
    AuditorKind,
    AuditStatus,
    FindingKind,
    Outcome,
    RequestStatus,
    SessionStatus,
    Stage,
)

USER = settings.AUTH_USER_MODEL


def _after(later: str, earlier: str, name: str) -> models.CheckConstraint:
    """``later`` is on or after ``earlier`` whenever both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
    )


class LabelFile(models.Model):
    structure = models.OneToOneField(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="label_file"
    )
    framework = models.ForeignKey(
        Framework, verbose_name="référentiel", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("étape", max_length=20, choices=Stage.choices, default=Stage.ENROLLED)
    enrolled_on = models.DateField("engagée le")
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name="auto-évaluation retenue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    self_assessed_on = models.DateField("auto-évaluation soumise le", null=True, blank=True)
    audit_requested_on = models.DateField("audit demandé le", null=True, blank=True)
    readiness_statement = models.TextField("attestation de la structure", blank=True)
    arml_opinion = models.CharField("avis de l'ARML", max_length=20, choices=ArmlOpinion.choices, blank=True)
    arml_opinion_text = models.TextField("motivation de l'avis", blank=True)
    arml_opinion_on = models.DateField("avis donné le", null=True, blank=True)
    arml_opinion_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField("labellisée le", null=True, blank=True)
    valid_until = models.DateField("label valable jusqu'au", null=True, blank=True)
    follow_up_due_on = models.DateField("audit de suivi attendu avant le", null=True, blank=True)
    updated_at = models.DateTimeField("dernière modification", auto_now=True)
    version = models.PositiveIntegerField(default=1)

    scope_path = "structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de labellisation"
        verbose_name_plural = "dossiers de labellisation"
        ordering = ["structure__sort_name"]
        constraints = [
            _after("self_assessed_on", "enrolled_on", "label_self_assessed_after_enrolment"),
            _after("audit_requested_on", "self_assessed_on", "label_audit_requested_after_self_assessment"),
            _after("arml_opinion_on", "audit_requested_on", "label_arml_opinion_after_request"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=False, valid_until__gt=F("valid_from")),
                name="label_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due_on__isnull=True)
                | Q(
                    valid_from__isnull=False,
                    follow_up_due_on__gt=F("valid_from"),
                    follow_up_due_on__lt=F("valid_until"),
                ),
                name="label_follow_up_within_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"Dossier {de(self.structure)}"

    @property
    def is_labelled(self) -> bool:
        return self.stage == Stage.LABELLED


class LabelTransition(models.Model):
    """The log of every step of a label file: who, acting for which structure, when, why."""

    file = models.ForeignKey(LabelFile, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField("étape de départ", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("nouvelle étape", max_length=20, choices=Stage.choices)
    # None: the platform itself (the daily job, e.g. a label reaching its end date).
    actor = models.ForeignKey(
        USER, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_structure = models.ForeignKey(
        Structure,
        verbose_name="au titre de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("le", default=timezone.now)
    comment = models.TextField("commentaire", blank=True)

    scope_path = "file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "étape du dossier"
        verbose_name_plural = "étapes des dossiers"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"


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
        verbose_name = "message d'une demande"
        verbose_name_plural = "messages des demandes"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    import uuid

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
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return self.original_name


class CommissionSession(models.Model):
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date de la séance")
    status = models.CharField(
        "état", max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    members = models.ManyToManyField(USER, verbose_name="membres", related_name="commission_sessions")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "séance de la commission"
        verbose_name_plural = "séances de la commission"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SessionStatus.CLOSED, closed_at__isnull=False)
                | Q(status=SessionStatus.PLANNED, closed_at__isnull=True),
                name="session_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def is_closed(self) -> bool:
        return self.status == SessionStatus.CLOSED


class AgendaItem(models.Model):
    session = models.ForeignKey(CommissionSession, on_delete=models.PROTECT, related_name="agenda")
    file = models.ForeignKey(LabelFile, on_delete=models.PROTECT, related_name="agenda_items")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveIntegerField("ordre", default=0)
    added_at = models.DateTimeField(default=timezone.now)

    scope_path = "file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier inscrit"
        verbose_name_plural = "ordre du jour"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "file"], name="file_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session} : {self.file.structure.name}"


class Decision(models.Model):
    """The commission's decision on a file. Final once its session is closed: never edited then,
    only followed by a new decision (``supersedes``)."""

    file = models.ForeignKey(LabelFile, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(CommissionSession, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    outcome = models.CharField("décision", max_length=10, choices=Outcome.choices)
    reasons = models.TextField("motifs")
    conditions = models.TextField("à faire avant une nouvelle demande", blank=True)
    valid_from = models.DateField("label valable du", null=True, blank=True)
    valid_until = models.DateField("au", null=True, blank=True)
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    is_final = models.BooleanField("définitive", default=False)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1)

    scope_path = "file__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "décision de la commission"
        verbose_name_plural = "décisions de la commission"
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.LABELLED)
                | Q(valid_from__isnull=False, valid_until__isnull=False, valid_until__gt=F("valid_from")),
                name="labelled_decision_has_validity",
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="decision_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} — {self.file.structure.name}"


class ReminderSent(models.Model):
    """One row per reminder sent, so that the daily command never sends the same one twice."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField()

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
