"""The national commission: its sessions, the files on their agenda, and its decisions.

Split from the label app: the tables keep their names (``label_commissionsession``...), so that the
split moved no row (migration ``0001_initial`` only takes the models over in Django's state). Items and
decisions point to a ``LabelFile``; the file's stage changes only through ``label.transitions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mlplatform.audits.models import Audit
from mlplatform.label.models import LabelFile
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import Outcome, SessionStatus

USER = settings.AUTH_USER_MODEL


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
        db_table = "label_commissionsession"  # the table of the label app it was split from
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
        db_table = "label_agendaitem"  # the table of the label app it was split from
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
        db_table = "label_decision"  # the table of the label app it was split from
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
