"""Self-assessment: campaigns, one assessment per structure and campaign, answers and their history.

An answer row exists once someone has answered; ``version`` starts at 1 and grows with every save,
so that a save made from a stale page is detected (the page sends the version it was built from,
0 when no answer existed) instead of silently overwriting someone else's answer.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import AssessmentStatus, CampaignPhase, EventKind


class Campaign(models.Model):
    name = models.CharField("nom", max_length=200)
    year = models.PositiveSmallIntegerField("année")
    ml_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name="référentiel des Missions Locales",
        on_delete=models.PROTECT,
        related_name="ml_campaigns",
        null=True,
        blank=True,
    )
    network_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name="référentiel des ARML et de l'UNML",
        on_delete=models.PROTECT,
        related_name="network_campaigns",
        null=True,
        blank=True,
    )
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créée par"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "campagne d'auto-évaluation"
        verbose_name_plural = "campagnes d'auto-évaluation"
        ordering = ["-year", "-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="campaign_dates_ordered"),
            models.CheckConstraint(
                condition=Q(ml_version__isnull=False) | Q(network_version__isnull=False),
                name="campaign_has_a_framework",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def phase(self, today: datetime.date | None = None) -> CampaignPhase:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return CampaignPhase.UPCOMING
        if today > self.closes_on:
            return CampaignPhase.CLOSED
        return CampaignPhase.OPEN

    @property
    def is_open(self) -> bool:
        return self.phase() == CampaignPhase.OPEN

    def get_phase_display(self) -> str:
        return self.phase().label


class AssessmentQuerySet(ScopedQuerySet):
    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.SUBMITTED)


class Assessment(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="assessments"
    )
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="assessments"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, verbose_name="référentiel", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        "état", max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="soumise par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("dernière modification", auto_now=True)

    scope_path = "structure"
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "auto-évaluation"
        verbose_name_plural = "auto-évaluations"
        ordering = ["campaign", "structure__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "structure"], name="one_assessment_per_campaign"),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.IN_PROGRESS, submitted_at__isnull=True)
                | Q(status=AssessmentStatus.SUBMITTED, submitted_at__isnull=False),
                name="assessment_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.structure.name} — {self.campaign.name}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    @property
    def is_editable(self) -> bool:
        return not self.is_submitted and self.campaign.is_open


class AnswerQuerySet(ScopedQuerySet):
    def answered(self) -> AnswerQuerySet:
        return self.filter(Q(level__isnull=False) | Q(not_applicable=True))


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(
        Requirement, verbose_name="exigence", on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField("niveau", null=True, blank=True)
    not_applicable = models.BooleanField("non applicable", default=False)
    justification = models.TextField("justification de la non-applicabilité", blank=True)
    comment = models.TextField("commentaire", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="modifiée par"
    )
    updated_at = models.DateTimeField("modifiée le")

    scope_path = "assessment__structure"
    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "requirement"], name="one_answer_per_requirement"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | (Q(level__isnull=True) & ~Q(justification="")),
                name="answer_not_applicable_is_justified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.ref} : {self.level}"

    @property
    def is_answered(self) -> bool:
        return self.not_applicable or self.level is not None

    def snapshot(self) -> dict:
        """What the history keeps of an answer, before and after each change."""
        return {
            "level": self.level,
            "not_applicable": self.not_applicable,
            "justification": self.justification,
            "comment": self.comment,
        }


class AnswerChange(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    before = models.JSONField("avant", null=True)
    after = models.JSONField("après")

    class Meta:
        verbose_name = "modification de réponse"
        verbose_name_plural = "historique des réponses"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer_id} le {self.at:%d/%m/%Y %H:%M}"


class AssessmentEvent(models.Model):
    """The transition log: every submission and reopening, by whom, acting for which structure."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("étape", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name="au titre de"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "étape d'auto-évaluation"
        verbose_name_plural = "étapes d'auto-évaluation"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EventKind.REOPENED) | ~Q(reason=""), name="reopening_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} le {self.at:%d/%m/%Y %H:%M}"


class RequirementComment(models.Model):
    """A conversation per requirement between the structure and its ARML referent (or the UNML)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name="au titre de"
    )
    text = models.TextField("message")
    created_at = models.DateTimeField(default=timezone.now)

    scope_path = "assessment__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "échange sur une exigence"
        verbose_name_plural = "échanges sur les exigences"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "requirement"])]

    def __str__(self) -> str:
        return self.text[:60]


class AnswerEvidence(models.Model):
    """A piece of the structure's evidence library supporting one requirement of an assessment.

    Attached to the (assessment, requirement) pair rather than to the answer row, so that attaching
    evidence never changes the answer's version (no false conflict for someone editing the level).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence_links")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    evidence = models.ForeignKey(
        "evidence.Evidence", verbose_name="preuve", on_delete=models.PROTECT, related_name="answer_links"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    scope_path = "assessment__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "preuve d'une exigence"
        verbose_name_plural = "preuves des exigences"
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement", "evidence"], name="evidence_linked_once_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id} ← {self.evidence_id}"


# Carry-over from the previous version of a framework (carryover.py)


class CarryKind(models.TextChoices):
    IDENTICAL = "IDENTICAL", "Identique"
    CHANGED = "CHANGED", "Modifiée"
    ADDED = "ADDED", "Nouvelle"
    REMOVED = "REMOVED", "Supprimée"


class Carryover(models.Model):
    """The carry-over into one assessment, done once: from the structure's last submitted assessment on
    the previous version of the framework (``source``), or from nothing when it has none."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="carryover")
    source = models.ForeignKey(
        Assessment,
        verbose_name="reprise de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("reprise le", default=timezone.now)

    scope_path = "assessment__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "reprise d'une auto-évaluation"
        verbose_name_plural = "reprises des auto-évaluations"
        ordering = ["assessment"]

    def __str__(self) -> str:
        return f"{self.assessment_id} ← {self.source_id}"


class CarriedAnswer(models.Model):
    """What the previous assessment said about a requirement, proposed in the new one.

    A snapshot: the previous assessment is never modified, and nothing here counts as an answer
    until someone confirms it (an identical requirement) or answers anew (a changed one). Evidence
    ids are the library items linked before (still in the library), attached on confirmation or
    with « garder les preuves ».
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="carried_answers")
    kind = models.CharField("changement", max_length=10, choices=CarryKind.choices)
    requirement = models.ForeignKey(
        Requirement,
        verbose_name="exigence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    previous_requirement = models.ForeignKey(
        Requirement,
        verbose_name="exigence de la version précédente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField("niveau", null=True, blank=True)
    not_applicable = models.BooleanField("non applicable", default=False)
    justification = models.TextField("justification de la non-applicabilité", blank=True)
    comment = models.TextField("commentaire", blank=True)
    evidence = models.JSONField("preuves", default=list, blank=True)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_kept_at = models.DateTimeField("preuves gardées le", null=True, blank=True)

    scope_path = "assessment__structure"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse reprise"
        verbose_name_plural = "réponses reprises"
        ordering = ["assessment", "pk"]
        indexes = [models.Index(fields=["assessment", "requirement"], name="carried_answer_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.previous_requirement_id} → {self.requirement_id}"

    @property
    def is_answered(self) -> bool:
        return self.not_applicable or self.level is not None


class CarryoverJob(models.Model):
    """The background carry-over of a campaign's assessments (jobs.py), with its progress."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "En attente"
        RUNNING = "RUNNING", "En cours"
        SUCCEEDED = "SUCCEEDED", "Terminée"
        FAILED = "FAILED", "Échec"

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="carryover_jobs"
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    # What was carried: the counts of the migration report (carryover.CarryoverCounts.as_dict()).
    summary = models.JSONField("bilan", default=dict, blank=True)
    error = models.TextField("cause de l'échec", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("demandée le", default=timezone.now)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    worker = models.CharField("exécutant", max_length=100, blank=True)

    # A running job that gave no sign of life for this long is considered dead.
    STALE_AFTER = datetime.timedelta(minutes=5)

    class Meta:
        verbose_name = "reprise d'une campagne"
        verbose_name_plural = "reprises des campagnes"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Reprise {self.campaign_id} n° {self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_stale(self) -> bool:
        beat = self.heartbeat_at or self.created_at
        return self.status == self.Status.RUNNING and beat < timezone.now() - self.STALE_AFTER
