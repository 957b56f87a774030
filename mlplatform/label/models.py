"""The label file of a structure (its stage in the label cycle), the log of its steps, the reminders sent.

The file's ``stage`` only changes through ``label.transitions`` (which checks the move and logs it
in ``LabelTransition``). Dates that must follow each other are checked by the database. The audits
(``mlplatform.audits``) and the commission's sessions and decisions (``mlplatform.commission``) are
apps built on this one: they point to a ``LabelFile``, never the reverse.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mlplatform.core.french import de
from mlplatform.frameworks.models import Framework
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import ArmlOpinion, Stage

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
