"""Network life: meetings (governing bodies, working groups), events, thematic referents,
partnerships and the shared practices catalogue.

Every record belongs to the structure that records it (``scope_path = "structure"``) and is read
through ``Model.objects.for_user(user)``. Files (minutes, practice files) are checked like evidence
(``evidence.checks``) and stored under random names through the storage API, served only by
scoped views. Editable records carry a ``version`` (conditional updates in ``services.py``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import (
    AgreementLevel,
    Body,
    College,
    EvaluationOutcome,
    EventKind,
    EventLevel,
    MeetingKind,
    PartnerType,
    Theme,
)


def minutes_path(instance: Meeting, filename: str) -> str:
    """A random name in the structure's folder; the uploaded name is deliberately ignored."""
    return f"animation/{instance.structure_id}/{uuid.uuid4().hex}"


def practice_path(instance: Practice, filename: str) -> str:
    return f"animation/{instance.structure_id}/{uuid.uuid4().hex}"


class StoredFileMixin(models.Model):
    """What is kept beside a checked file (as for an evidence file)."""

    file_name = models.CharField("nom du fichier", max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField("taille", default=0)
    file_content_type = models.CharField("type du fichier", max_length=150, blank=True)
    file_sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)

    class Meta:
        abstract = True


class Meeting(StoredFileMixin):
    """A meeting a structure ran (``organised``) or attended outside the network's records.

    Meetings run by a structure list the network structures that took part (``participants``):
    those count them as attended, so a meeting is recorded once, by the structure that ran it.
    """

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="meetings"
    )
    organised = models.BooleanField("animée par la structure", default=True)
    organiser_name = models.CharField(
        "organisée par",
        max_length=200,
        blank=True,
        help_text="Pour une réunion à laquelle la structure a participé.",
    )
    kind = models.CharField("type", max_length=30, choices=MeetingKind.choices)
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    participants = models.ManyToManyField(
        Structure, verbose_name="structures participantes", related_name="meetings_joined", blank=True
    )
    participant_count = models.PositiveIntegerField("nombre de participants", null=True, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    decisions = models.TextField("décisions", blank=True)
    follow_up = models.TextField("actions de suivi", blank=True)
    minutes = models.FileField("compte rendu", upload_to=minutes_path, max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["structure", "date"], name="animation_meeting_year_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("animation:meeting", kwargs={"code": self.structure.code, "pk": self.pk})


class Event(models.Model):
    """An event a structure ran or co-organised (job fair, forum, professional day)."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="network_events"
    )
    level = models.CharField("portée", max_length=10, choices=EventLevel.choices)
    kind = models.CharField("type", max_length=30, choices=EventKind.choices)
    title = models.CharField("intitulé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    young_people = models.PositiveIntegerField("jeunes", default=0)
    employers = models.PositiveIntegerField("employeurs", default=0)
    professionals = models.PositiveIntegerField("professionnels", default=0)
    partners = models.TextField("partenaires", blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="animation_event_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Referent(models.Model):
    """The staff contact of a structure for a theme (personal data: read inside the perimeter only)."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="referents"
    )
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    name = models.CharField("nom", max_length=150)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "référent·e thématique"
        verbose_name_plural = "référent·es thématiques"
        ordering = ["theme", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "theme", "name"], name="animation_referent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_theme_display()})"


class BodyMember(models.Model):
    """A seat in one of a structure's governing bodies: its college, holder and office."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="body_members"
    )
    body = models.CharField("instance", max_length=30, choices=Body.choices)
    college = models.CharField("collège", max_length=30, choices=College.choices)
    name = models.CharField("nom", max_length=150)
    organisation = models.CharField("représente", max_length=200, blank=True)
    office = models.CharField(
        "fonction dans l'instance", max_length=100, blank=True, help_text="Présidente, trésorier, secrétaire…"
    )
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'une instance"
        verbose_name_plural = "membres des instances"
        ordering = ["body", "college", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_body_display()})"


class Partnership(models.Model):
    """An agreement (convention) of a structure with a partner, possibly declining a wider one."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="partnerships"
    )
    partner_name = models.CharField("partenaire", max_length=200)
    partner_type = models.CharField("type de partenaire", max_length=20, choices=PartnerType.choices)
    title = models.CharField("convention", max_length=200)
    level = models.CharField("niveau", max_length=10, choices=AgreementLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="déclinaison de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declinations",
    )
    signed_on = models.DateField("signée le", null=True, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    signatories = models.TextField("signataires", blank=True)
    objectives = models.TextField("objectifs", blank=True)
    indicators = models.TextField("indicateurs", blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "partenariat"
        verbose_name_plural = "partenariats"
        ordering = ["ends_on", "partner_name", "pk"]

    def __str__(self) -> str:
        return f"{self.partner_name} — {self.title}"


class PartnershipEvaluation(models.Model):
    """The yearly evaluation of a partnership: what was achieved, and whether it is kept."""

    scope_path = "partnership__structure"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("année")
    achieved = models.TextField("réalisations")
    outcome = models.CharField("suite donnée", max_length=10, choices=EvaluationOutcome.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "évaluation annuelle"
        verbose_name_plural = "évaluations annuelles"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="animation_evaluation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.year}"


def document_path(instance: PartnershipDocument, filename: str) -> str:
    return f"animation/{instance.partnership.structure_id}/{uuid.uuid4().hex}"


class PartnershipDocument(StoredFileMixin):
    """A document of a partnership (the signed agreement, an amendment, a review)."""

    scope_path = "partnership__structure"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier", upload_to=document_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "document de partenariat"
        verbose_name_plural = "documents de partenariat"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Practice(StoredFileMixin):
    """A practice or « kit action » a structure shares with the network (read by everyone signed in)."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="practices"
    )
    title = models.CharField("titre", max_length=200)
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    description = models.TextField("description")
    contact = models.CharField("contact", max_length=200, blank=True)
    file = models.FileField("fichier", upload_to=practice_path, max_length=200, blank=True)
    published_at = models.DateTimeField("publiée le", default=timezone.now)
    version = models.PositiveIntegerField("version", default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "pratique partagée"
        verbose_name_plural = "pratiques partagées"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ChangeLog(models.Model):
    """Every change to a network-life record: who, when, what."""

    scope_path = "structure"

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    record = models.CharField("enregistrement", max_length=30)
    record_id = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    summary = models.CharField("modification", max_length=300)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "modification"
        verbose_name_plural = "journal des modifications"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record", "record_id"], name="animation_log_record_idx")]

    def __str__(self) -> str:
        return self.summary
