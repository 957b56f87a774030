"""An annual activity report: a structure's report for a year, its sections and narrative blocks,
and the journal of its workflow (draft → to proofread → proofread → published).

The person who proofreads is not the one who submitted. A published report is frozen: the figures
of its automatic blocks are stored with it (``frozen``), so that a later import changes nothing in
it; a new edition (``edition`` + 1) can be made from it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mlplatform.core.french import de
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .catalogue import SECTIONS_BY_KEY, annex_title
from .enums import BlockKind, State

USER = settings.AUTH_USER_MODEL


def pdf_path(instance: ActivityReport, filename: str) -> str:
    """A random name: the file of a published report is public, its name tells nothing."""
    return f"rapports-activite/{uuid.uuid4().hex}.pdf"


class ActivityReportQuerySet(ScopedQuerySet):
    def published(self) -> ActivityReportQuerySet:
        return self.filter(state=State.PUBLISHED)


class ActivityReport(models.Model):
    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="activity_reports"
    )
    year = models.PositiveSmallIntegerField("année")
    edition = models.PositiveSmallIntegerField("édition", default=1)
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField("soumis à relecture le", null=True, blank=True)
    proofread_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    proofread_at = models.DateTimeField("relu le", null=True, blank=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    frozen = models.JSONField("chiffres figés à la publication", null=True, blank=True)
    pdf = models.FileField("PDF", upload_to=pdf_path, max_length=200, blank=True)
    pdf_built_at = models.DateTimeField("PDF produit le", null=True, blank=True)
    pdf_error = models.CharField("erreur de production du PDF", max_length=300, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"
        ordering = ["-year", "structure__sort_name", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year", "edition"], name="activity_report_unique_edition"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="publie")
                | models.Q(published_at__isnull=False, frozen__isnull=False),
                name="activity_report_published_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"Rapport d'activité {self.year} {de(self.structure)}"

    def get_absolute_url(self) -> str:
        return reverse(
            "activity_reports:report",
            kwargs={"code": self.structure.code, "year": self.year, "edition": self.edition},
        )

    def public_url(self) -> str:
        return reverse(
            "activity_reports:public_report",
            kwargs={"code": self.structure.code, "year": self.year, "edition": self.edition},
        )

    def public_pdf_url(self) -> str:
        return reverse(
            "activity_reports:public_pdf",
            kwargs={"code": self.structure.code, "year": self.year, "edition": self.edition},
        )

    @property
    def title(self) -> str:
        return f"Rapport d'activité {self.year}"

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.state == State.DRAFT


class ReportSection(models.Model):
    scope_path = "report__structure"

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("section", max_length=40)
    position = models.PositiveSmallIntegerField("ordre")
    included = models.BooleanField("incluse", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "section de rapport"
        verbose_name_plural = "sections de rapport"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="activity_report_unique_section"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def definition(self):
        return SECTIONS_BY_KEY[self.key]

    @property
    def title(self) -> str:
        if self.key == "annexe":
            return annex_title(self.report.structure.type)
        return self.definition.title


class NarrativeBlock(models.Model):
    """A text written by the structure, in a small Markdown subset (see ``narrative``)."""

    scope_path = "section__report__structure"

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField("bloc", max_length=20, choices=BlockKind.choices)
    text = models.TextField("texte", blank=True)
    version = models.PositiveIntegerField("version", default=1)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "bloc rédigé"
        verbose_name_plural = "blocs rédigés"
        ordering = ["section", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "kind"], name="activity_report_unique_block"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.section.title}"


class ReportTransition(models.Model):
    """The journal of a report's workflow."""

    scope_path = "report__structure"

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField("de", max_length=10, choices=State.choices, blank=True)
    to_state = models.CharField("vers", max_length=10, choices=State.choices)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)
    comment = models.TextField("commentaire", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "étape de rapport"
        verbose_name_plural = "étapes de rapport"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display() or 'création'} → {self.get_to_state_display()}"
