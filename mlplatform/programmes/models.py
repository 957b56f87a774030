"""Programmes of action: the national programme (PNAE, owned by the UNML) and the regional ones
(PRAE, each owned by an ARML), their yearly versions, themes, axes and action sheets, and the
follow-up of each action (status, indicators per year, milestones, journal).

A programme version is loaded once (the PNAE from its data file) or created by its ARML; the
action sheets of a version carry the seed's fields. A regional action that declines a national
one points to it (``declines``); when the national programme gets a new yearly version, the link
follows the action of the same number (``services.relink_declinations``).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, ScopedQuerySet, perimeter_for

from .enums import ActionStatus, EntryKind, MilestoneStatus, ProgrammeKind


def visible_q(user, path: str) -> models.Q:
    """Programmes (reached by ``path``) a person may read: the national programme for anyone with a
    place in the network, the regional programmes of the perimeter, and for an ML its region's."""
    perimeter = perimeter_for(user)
    prefix = f"{path}__" if path else ""
    if not perimeter.is_structural:
        return models.Q(pk__in=[])
    if perimeter.level == Level.NATIONAL:
        return models.Q()  # (``Q(...) | Q()`` would drop the empty side)
    q = models.Q(**{f"{prefix}kind": ProgrammeKind.NATIONAL}) | perimeter.q(f"{prefix}owner")
    if perimeter.level == Level.LOCAL:
        parents = Structure.objects.filter(pk=perimeter.structure_id).values("parent_id")
        q |= models.Q(**{f"{prefix}owner_id__in": parents})
    return q


class ProgrammeQuerySet(ScopedQuerySet):
    def for_user(self, user) -> ProgrammeQuerySet:
        return self.filter(visible_q(user, ""))


class Programme(models.Model):
    scope_path = "owner"

    code = models.CharField("code", max_length=30, unique=True)
    kind = models.CharField("type", max_length=8, choices=ProgrammeKind.choices)
    owner = models.ForeignKey(
        Structure, verbose_name="structure porteuse", on_delete=models.PROTECT, related_name="programmes"
    )
    title = models.CharField("intitulé", max_length=300)
    start_year = models.PositiveSmallIntegerField("première année")
    end_year = models.PositiveSmallIntegerField("dernière année")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "programme"
        ordering = ("kind", "code")

    def __str__(self) -> str:
        return f"{self.title} {self.start_year}-{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:overview", kwargs={"code": self.code})

    @property
    def is_national(self) -> bool:
        return self.kind == ProgrammeKind.NATIONAL

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class ProgrammeVersion(models.Model):
    """One yearly version of a programme (« N+1 se prépare durant N »)."""

    scope_path = "programme__owner"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    year = models.PositiveSmallIntegerField("année")
    adopted_by = models.CharField("adopté par", max_length=300, blank=True)
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    rubriques = models.JSONField("rubriques des thèmes", default=list, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    # A version prepared from the UI copies the previous year's (« N+1 se prépare durant N »).
    prepared_from = models.ForeignKey(
        "self", verbose_name="préparée à partir de", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "version de programme"
        ordering = ("programme", "year")
        constraints = [models.UniqueConstraint(fields=("programme", "year"), name="programme_version_year")]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.year}"

    @property
    def is_draft(self) -> bool:
        """Not adopted yet (a version is adopted once its date of adoption is recorded)."""
        return self.adopted_on is None


class Theme(models.Model):
    """An operational theme of a version, with its row of the themes' table: the label printed in the
    row and its cells (``[{"heading": column as printed, "items": [paragraphs]}]``)."""

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)
    table_label = models.CharField("libellé dans le tableau des thèmes", max_length=300, blank=True)
    table = models.JSONField("objectifs et propositions par rubrique", default=list, blank=True)

    class Meta:
        ordering = ("programme_version", "number")
        constraints = [models.UniqueConstraint(fields=("programme_version", "number"), name="theme_number")]

    def __str__(self) -> str:
        return f"Thème {self.number} : {self.title}"


class Axis(models.Model):
    """A structural axis of a version, with its objectives and actions."""

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)
    objectives = models.JSONField(default=list, blank=True)
    planned_actions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("programme_version", "number")
        constraints = [models.UniqueConstraint(fields=("programme_version", "number"), name="axis_number")]

    def __str__(self) -> str:
        return f"Axe {self.number} : {self.title}"


class Priority(models.Model):
    """A priority theme chosen by the conference, naming action numbers of the version."""

    programme_version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.CASCADE, related_name="priorities"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)
    action_numbers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("programme_version", "number")
        constraints = [
            models.UniqueConstraint(fields=("programme_version", "number"), name="priority_number")
        ]

    def __str__(self) -> str:
        return f"Priorité {self.number} : {self.title}"


class ActionQuerySet(ScopedQuerySet):
    def for_user(self, user) -> ActionQuerySet:
        return self.filter(visible_q(user, "programme_version__programme"))


class Action(models.Model):
    """An action sheet (« fiche action ») and its follow-up."""

    scope_path = "programme_version__programme__owner"

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("objectif", max_length=400)
    seed_label = models.CharField("rattachement indiqué sur la fiche", max_length=300, blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    notes = models.JSONField(default=list, blank=True)
    context = models.JSONField("contexte", default=list, blank=True)
    stakes = models.JSONField("enjeux et attentes", default=list, blank=True)
    description_intro = models.JSONField(default=list, blank=True)
    description = models.JSONField("description des actions", default=list, blank=True)
    # Ticked, not ticked, or None: the source does not say (seed 003's boxes carry no mark).
    capitalisation = models.BooleanField("capitalisation", null=True, blank=True, default=None)
    essaimage = models.BooleanField("essaimage", null=True, blank=True, default=None)
    lead = models.JSONField("animation", default=list, blank=True)
    co_lead = models.JSONField("co-animation", default=list, blank=True)
    referent_armls = models.JSONField("ARML référentes", default=list, blank=True)
    concerned_armls = models.JSONField("ARML concernées", default=list, blank=True)
    actors = models.JSONField("acteurs concernés et/ou impliqués", default=list, blank=True)
    territorial_dimension = models.JSONField("dimension territoriale", default=list, blank=True)
    territorial_text = models.JSONField(default=list, blank=True)
    calendar = models.JSONField("calendrier prévisionnel", default=dict, blank=True)
    calendar_note = models.JSONField(default=list, blank=True)
    # A regional action declining a national one.
    declines = models.ForeignKey(
        "self",
        verbose_name="action nationale déclinée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declinations",
    )
    # The ARMLs (structures) referent of a national action: they may update its follow-up.
    referent_structures = models.ManyToManyField(
        Structure, verbose_name="ARML référentes (structures)", blank=True, related_name="referent_actions"
    )
    status = models.CharField(
        "statut", max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_LAUNCH
    )
    progress = models.PositiveSmallIntegerField(
        "avancement (%)", default=0, validators=[MaxValueValidator(100)]
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche action"
        ordering = ("programme_version", "number")
        constraints = [
            models.UniqueConstraint(fields=("programme_version", "number"), name="action_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "programmes:action",
            kwargs={"code": self.programme_version.programme.code, "number": self.number},
        )


class Indicator(models.Model):
    """An indicator of an action, with a target and an actual value per year.

    Bound to an observatory indicator (``observatory_code``), its actual values come from the
    observatory's figures of the programme owner's perimeter and are never typed in.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField("intitulé", max_length=200)
    unit = models.CharField("unité", max_length=40, blank=True)
    observatory_code = models.CharField("indicateur de l'observatoire", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("action", "label", "pk")

    def __str__(self) -> str:
        return self.label


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField("année")
    target = models.DecimalField("cible", max_digits=12, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("réalisé", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ("indicator", "year")
        constraints = [models.UniqueConstraint(fields=("indicator", "year"), name="indicator_value_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("jalon", max_length=200)
    due_on = models.DateField("échéance")
    status = models.CharField(
        "statut", max_length=8, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField("atteint le", null=True, blank=True)

    class Meta:
        ordering = ("action", "due_on", "pk")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == MilestoneStatus.PLANNED and self.due_on < (today or timezone.localdate())


class Entry(models.Model):
    """The follow-up journal of an action: comments and the log of every change."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField("texte")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("action", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.text[:60]


class ProgrammeEntry(models.Model):
    """The journal of a programme: yearly versions prepared and adopted, actions added, the
    programme's bilans written, review snapshots taken."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="entries")
    programme_version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField("texte")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("programme", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.text[:60]


class BudgetLine(models.Model):
    """The budget of an action for a year and a funder: planned, spent, full-time equivalents."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField("année")
    funder = models.CharField("financeur", max_length=120)
    planned = models.DecimalField("prévu (€)", max_digits=12, decimal_places=2)
    spent = models.DecimalField("dépensé (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    fte = models.DecimalField("ETP", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ("action", "year", "funder", "pk")
        constraints = [
            models.UniqueConstraint(fields=("action", "year", "funder"), name="budget_line_funder")
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.year}"


class Review(models.Model):
    """The yearly review (« bilan ») of an action, or of the whole programme when ``action`` is empty."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reviews")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField("année")
    results = models.TextField("résultats au regard des objectifs", blank=True)
    highlights = models.TextField("temps forts", blank=True)
    animation_figures = models.TextField("chiffres de l'animation", blank=True)
    outlook = models.TextField("perspectives pour l'année suivante", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("programme", "year", "action", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "action", "year"),
                condition=models.Q(action__isnull=False),
                name="review_action_year",
            ),
            models.UniqueConstraint(
                fields=("programme", "year"),
                condition=models.Q(action__isnull=True),
                name="review_programme_year",
            ),
        ]

    def __str__(self) -> str:
        return f"Bilan {self.year}"


class Snapshot(models.Model):
    """The state of every action of a version at a date (« un état des lieux est effectué lors de
    chaque réunion de la conférence »), kept as it was and printable."""

    programme_version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.CASCADE, related_name="snapshots"
    )
    label = models.CharField("occasion", max_length=200)
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actions = models.JSONField(default=list)

    class Meta:
        ordering = ("programme_version", "-taken_at", "-pk")

    def __str__(self) -> str:
        return f"{self.label} ({timezone.localtime(self.taken_at):%d/%m/%Y})"


def deliverable_path(instance: Deliverable, filename: str) -> str:
    """A random name in the action's folder; the uploaded name is deliberately ignored."""
    return f"programmes/{instance.action_id}/{uuid.uuid4().hex}"


class Deliverable(models.Model):
    """A deliverable of an action: a file checked like evidence (type by content, size, name)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField("intitulé", max_length=200)
    file = models.FileField("fichier", upload_to=deliverable_path, max_length=200)
    original_name = models.CharField(max_length=160)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("action", "-uploaded_at", "-pk")

    def __str__(self) -> str:
        return self.title
