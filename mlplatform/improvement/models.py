"""The continuous-improvement plan of a structure: actions, their progress journal and change log.

The plan belongs to the structure, not to a self-assessment campaign: actions stay from one
campaign to the next. An action may be linked to requirements of any version of the framework
that applies to the structure.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mlplatform.frameworks.models import Requirement
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import OPEN_STATUSES, Priority, Status


class ImprovementActionQuerySet(ScopedQuerySet):
    def open(self) -> ImprovementActionQuerySet:
        """Actions still to be carried out (to launch or in progress)."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ImprovementActionQuerySet:
        """Open actions whose due date is past. Due today is not overdue."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def for_structure(self, structure: Structure) -> ImprovementActionQuerySet:
        return self.filter(structure=structure)


class ImprovementAction(models.Model):
    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    requirements = models.ManyToManyField(
        Requirement, verbose_name="exigences liées", blank=True, related_name="improvement_actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_improvement_actions",
    )
    due_on = models.DateField("échéance")
    priority = models.CharField("priorité", max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField("statut", max_length=11, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        "avancement (%)", default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField("réalisée le", null=True, blank=True)
    source = models.CharField(
        "origine",
        max_length=200,
        blank=True,
        help_text="Par exemple : auto-évaluation 2026, audit de labellisation, revue de direction.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Incremented on every change through the platform, so that concurrent edits are detected.
    version = models.PositiveIntegerField("version", default=1)
    # Set when a new version of the framework removed a linked requirement (relink.py): the structure
    # decides what becomes of the action; saving the action's form clears it.
    to_decide = models.CharField("à décider", max_length=300, blank=True)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action d'amélioration"
        verbose_name_plural = "actions d'amélioration"
        ordering = ["structure", "due_on", "pk"]
        indexes = [models.Index(fields=["structure", "status", "due_on"], name="improvement_plan_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="improvement_progress_0_100"
            ),
            models.CheckConstraint(
                condition=(models.Q(status=Status.DONE) & models.Q(completed_on__isnull=False))
                | (~models.Q(status=Status.DONE) & models.Q(completed_on__isnull=True)),
                name="improvement_completed_on_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvement:detail", kwargs={"code": self.structure.code, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date (an action due today is not overdue yet)."""
        return self.is_overdue_on(timezone.localdate())

    @property
    def days_overdue(self) -> int:
        """Days past the due date for an overdue action, 0 otherwise."""
        today = timezone.localdate()
        return (today - self.due_on).days if self.is_overdue_on(today) else 0

    @property
    def owner_name(self) -> str:
        return (self.owner.get_full_name() or self.owner.email) if self.owner else ""


class ActionNoteQuerySet(ScopedQuerySet):
    pass


class ActionNote(models.Model):
    """One entry of an action's progress journal."""

    scope_path = "action__structure"

    action = models.ForeignKey(
        ImprovementAction, verbose_name="action", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·rice",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField("point d'avancement")
    progress = models.PositiveSmallIntegerField(
        "avancement à cette date (%)", validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField("écrit le", default=timezone.now)

    objects = ActionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        ordering = ["action", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} — {timezone.localtime(self.created_at):%d/%m/%Y}"


class TrackedField(models.TextChoices):
    TITLE = "title", "Intitulé"
    STATUS = "status", "Statut"
    DUE_ON = "due_on", "Échéance"
    OWNER = "owner", "Responsable"
    PROGRESS = "progress", "Avancement"
    PRIORITY = "priority", "Priorité"
    REQUIREMENTS = "requirements", "Exigences liées"
    TO_DECIDE = "to_decide", "À décider"


class ActionChangeQuerySet(ScopedQuerySet):
    pass


class ActionChange(models.Model):
    """One field of an action changed: who, when, the value before and after (as shown to people)."""

    scope_path = "action__structure"

    action = models.ForeignKey(
        ImprovementAction, verbose_name="action", on_delete=models.CASCADE, related_name="changes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·rice",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField("modifié le", default=timezone.now)
    field = models.CharField("donnée modifiée", max_length=20, choices=TrackedField.choices)
    before = models.TextField("avant", blank=True)
    after = models.TextField("après", blank=True)

    objects = ActionChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "modification d'une action"
        verbose_name_plural = "modifications des actions"
        ordering = ["action", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} — {self.get_field_display()}"
