"""Professionalisation: staff headcounts, the ARMLs' regional training plans (actions and their
sessions), registrations of the MLs' staff and attendance per half-day.

Every record reaches a structure (``scope_path``) and is read through ``Model.objects.for_user``:
an action and its sessions belong to the ARML that organises them (its MLs read the catalogue
through ``access.py``); a registration belongs to the participant's structure, so names and
e-mails are read by that structure, its ARML and the UNML only.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import Format, Priority, Status, Theme


class Headcount(models.Model):
    """A structure's staff headcount for a year: the denominator of the share of staff trained."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="training_headcounts"
    )
    year = models.PositiveSmallIntegerField("année")
    total = models.PositiveIntegerField("effectif total (personnes)")
    # By job family, if known (each optional; their sum never exceeds the total).
    advisers = models.PositiveIntegerField("conseiller·es", null=True, blank=True)
    reception = models.PositiveIntegerField("chargé·es d'accueil", null=True, blank=True)
    management = models.PositiveIntegerField("direction et encadrement", null=True, blank=True)
    administrative = models.PositiveIntegerField("administratif et fonctions support", null=True, blank=True)
    other = models.PositiveIntegerField("autres emplois", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "effectif"
        verbose_name_plural = "effectifs"
        ordering = ["structure__sort_name", "-year"]
        constraints = [models.UniqueConstraint(fields=["structure", "year"], name="training_headcount_year")]

    def __str__(self) -> str:
        return f"{self.structure_id} {self.year} : {self.total}"

    @property
    def families(self) -> list[tuple[str, int | None]]:
        """(label, headcount or None when not declared) per job family."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in JOB_FAMILIES]


# The job families of a headcount, in the order of forms, imports and exports.
JOB_FAMILIES = ("advisers", "reception", "management", "administrative", "other")


class TrainingAction(models.Model):
    """An action of a regional training plan (one ARML, one year)."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="organisateur", on_delete=models.PROTECT, related_name="training_actions"
    )
    year = models.PositiveSmallIntegerField("année du plan")
    title = models.CharField("intitulé", max_length=200)
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    objectives = models.TextField("objectifs", blank=True)
    content = models.TextField("contenu", blank=True)
    provider = models.CharField("organisme de formation", max_length=200, blank=True)
    format = models.CharField("modalité", max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    duration_days = models.DecimalField("durée (jours)", max_digits=4, decimal_places=1)
    target_public = models.CharField("public visé", max_length=300, blank=True)
    cost = models.DecimalField("coût (euros)", max_digits=10, decimal_places=2, null=True, blank=True)
    funder = models.CharField("financeur", max_length=150, blank=True, help_text="Par exemple l'OPCO.")
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "action de formation"
        verbose_name_plural = "actions de formation"
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["structure", "year"], name="training_action_plan_idx")]

    def __str__(self) -> str:
        return self.title


def new_evaluation_key() -> str:
    return secrets.token_urlsafe(24)


class Session(models.Model):
    """A session of an action: dates, place or link, capacity, and its number of half-days."""

    scope_path = "action__structure"

    action = models.ForeignKey(
        TrainingAction, verbose_name="action", on_delete=models.CASCADE, related_name="sessions"
    )
    starts_on = models.DateField("premier jour")
    ends_on = models.DateField("dernier jour")
    half_days = models.PositiveSmallIntegerField("nombre de demi-journées")
    place = models.CharField("lieu ou lien", max_length=300)
    capacity = models.PositiveSmallIntegerField("places")
    # The public link of the session's anonymous evaluation form (given in the convocation).
    evaluation_key = models.CharField(
        "clé du questionnaire", max_length=40, unique=True, default=new_evaluation_key
    )
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.starts_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("training:session", kwargs={"code": self.action.structure.code, "pk": self.pk})

    @property
    def days(self) -> float:
        return self.half_days / 2


class Registration(models.Model):
    """A person of a structure registered to a session (staff are not platform users)."""

    scope_path = "structure"

    session = models.ForeignKey(
        Session, verbose_name="session", on_delete=models.CASCADE, related_name="registrations"
    )
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="training_registrations"
    )
    name = models.CharField("nom et prénom", max_length=150)
    email = models.EmailField("adresse électronique")
    job = models.CharField("emploi", max_length=150, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField("inscrit·e le", default=timezone.now)
    convened_at = models.DateTimeField("convoqué·e le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "email"], name="training_registration_once")
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """A half-day a registered person attended (a row means present)."""

    scope_path = "registration__structure"

    registration = models.ForeignKey(
        Registration, verbose_name="inscription", on_delete=models.CASCADE, related_name="attendances"
    )
    half_day = models.PositiveSmallIntegerField("demi-journée")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        ordering = ["registration", "half_day"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "half_day"], name="training_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} : demi-journée {self.half_day}"


class Evaluation(models.Model):
    """A participant's anonymous opinion of a session: no link to a registration or an account,
    the day only. Scores from 1 (not at all) to 4 (very)."""

    scope_path = "session__action__structure"

    session = models.ForeignKey(
        Session, verbose_name="session", on_delete=models.CASCADE, related_name="evaluations"
    )
    satisfaction = models.PositiveSmallIntegerField("satisfaction")
    usefulness = models.PositiveSmallIntegerField("utilité pour le travail")
    answered_on = models.DateField("jour de la réponse", default=timezone.localdate)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "avis sur une session"
        verbose_name_plural = "avis sur les sessions"
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    satisfaction__gte=1, satisfaction__lte=4, usefulness__gte=1, usefulness__lte=4
                ),
                name="training_evaluation_scores",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} : {self.satisfaction}/{self.usefulness}"


class NeedsCollection(models.Model):
    """An ARML's yearly collection of its MLs' training needs (opened by the ARML)."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="ARML", on_delete=models.PROTECT, related_name="training_needs_collections"
    )
    year = models.PositiveSmallIntegerField("année du plan")
    closes_on = models.DateField("date limite de réponse", null=True, blank=True)
    opened_at = models.DateTimeField("ouverte le", default=timezone.now)
    closed_at = models.DateTimeField("close le", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "collecte des besoins de formation"
        verbose_name_plural = "collectes des besoins de formation"
        ordering = ["structure__sort_name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year"], name="training_needs_collection_year")
        ]

    def __str__(self) -> str:
        return f"{self.structure_id} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Need(models.Model):
    """A structure's training need in a collection: one theme, a number of people (no names)."""

    scope_path = "structure"

    collection = models.ForeignKey(
        NeedsCollection, verbose_name="collecte", on_delete=models.CASCADE, related_name="needs"
    )
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="training_needs"
    )
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    people = models.PositiveIntegerField("nombre de personnes concernées")
    priority = models.CharField("priorité", max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    comment = models.TextField("commentaire", blank=True)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin de formation"
        verbose_name_plural = "besoins de formation"
        ordering = ["theme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "structure", "theme"], name="training_need_theme_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure_id} : {self.get_theme_display()} ({self.people})"


class PlannedTraining(models.Model):
    """A line of a structure's own training plan for a year (ML-2022 5.3.2-5.3.3; ARML-UNML 3.2):
    an action of its regional plan, or a specific training outside it. Who is described by a
    public and a number of people, never by names."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="training_plan_lines"
    )
    year = models.PositiveSmallIntegerField("année du plan")
    action = models.ForeignKey(
        TrainingAction,
        verbose_name="action du plan régional",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_by",
    )
    title = models.CharField("intitulé (formation spécifique)", max_length=200, blank=True)
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    public = models.CharField("public concerné", max_length=200, help_text="Par exemple : conseiller·es.")
    people = models.PositiveIntegerField("nombre de personnes prévues")
    period = models.CharField("période prévue", max_length=100, help_text="Par exemple : 2e trimestre.")
    provider = models.CharField("organisme de formation", max_length=200, blank=True)
    cost = models.DecimalField("coût prévu (euros)", max_digits=10, decimal_places=2, null=True, blank=True)
    done = models.BooleanField("réalisée", default=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "formation prévue"
        verbose_name_plural = "formations prévues"
        ordering = ["structure__sort_name", "-year", "pk"]
        indexes = [models.Index(fields=["structure", "year"], name="training_own_plan_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.action.title if self.action_id and not self.title else self.title
