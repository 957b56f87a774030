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

from .enums import Format, Status, Theme


class Headcount(models.Model):
    """A structure's staff headcount for a year: the denominator of the share of staff trained."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="training_headcounts"
    )
    year = models.PositiveSmallIntegerField("année")
    total = models.PositiveIntegerField("effectif total (personnes)")
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "effectif"
        verbose_name_plural = "effectifs"
        ordering = ["structure__sort_name", "-year"]
        constraints = [models.UniqueConstraint(fields=["structure", "year"], name="training_headcount_year")]

    def __str__(self) -> str:
        return f"{self.structure_id} {self.year} : {self.total}"


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
