"""Observatory records kept in the web database: datasets, what each covers, aggregates, objectives, jobs.

No row of a young person is ever stored here: the pseudonymised rows live as Parquet files under
``settings.OBSERVATORY_DIR`` (never served); the web database keeps, per Mission Locale and year,
the counts computed from them (``DatasetStructure.values``) and the contracted objectives.

- :class:`Dataset`: one accepted import (year, files' SHA-256, row counts, who, when). Datasets are
  never deleted: a later import for the same year and some of the same MLs supersedes them for
  those MLs only.
- :class:`DatasetStructure`: what a dataset holds for one structure and year (for an ML: its rows'
  aggregates and objectives; for an ARML: its objectives only). Exactly one is *current*
  (``superseded_by`` empty) per structure and year.
- :class:`Objective`: one contracted objective (``objectifs.csv``) of a structure.
- :class:`ImportJob`: an import submitted from the upload page, run in the background.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, Perimeter, ScopedQuerySet


class Dataset(models.Model):
    """One accepted import of observatory extracts for one reporting year."""

    year = models.PositiveSmallIntegerField("année")
    structures = models.ManyToManyField(
        Structure,
        through="DatasetStructure",
        through_fields=("dataset", "structure"),
        related_name="observatory_datasets",
        verbose_name="structures couvertes",
    )
    # {"jeunes": {"name": "jeunes.csv", "sha256": "...", "rows": 123, "format": "csv"}, ...}
    files = models.JSONField("fichiers", default=dict)
    # SHA-256 over the year and the files' digests: the same files twice are recognised.
    fingerprint = models.CharField("empreinte", max_length=64, db_index=True)
    # Folder (random name) under OBSERVATORY_DIR/datasets holding the pseudonymised Parquet files.
    storage = models.CharField("dossier de stockage", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("importé le", default=timezone.now)
    # Set once every structure of the dataset has been taken over by later datasets.
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="remplacé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField("résumé", blank=True)

    class Meta:
        verbose_name = "jeu de données de l'observatoire"
        verbose_name_plural = "jeux de données de l'observatoire"
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Jeu de données {self.year} n° {self.pk}"

    @property
    def row_counts(self) -> dict[str, int]:
        return {kind: info.get("rows", 0) for kind, info in self.files.items()}


class DatasetStructureQuerySet(ScopedQuerySet):
    def current(self) -> DatasetStructureQuerySet:
        return self.filter(superseded_by__isnull=True)


class DatasetStructure(models.Model):
    """What one dataset holds for one structure (an ML's aggregates, or an ARML's objectives)."""

    scope_path = "structure"

    class Kind(models.TextChoices):
        DATA = "DATA", "Activité et objectifs de la Mission Locale"
        OBJECTIVES = "OBJECTIVES", "Objectifs seulement"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="coverages")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="observatory_coverages"
    )
    year = models.PositiveSmallIntegerField("année")
    kind = models.CharField("contenu", max_length=10, choices=Kind.choices, default=Kind.DATA)
    # Rows of each file for this structure: {"jeunes": 120, "evenements": 900, ...}.
    rows = models.JSONField("lignes", default=dict)
    # The ML's aggregates for the year (flat counts, see engine.AGGREGATE_KEYS); empty for an ARML.
    values = models.JSONField("agrégats", default=dict)
    # When ``values`` were last written: at import, and when a recomputation changes them
    # (``engine.refresh_year``); the cached figures follow it (``cache.data_state``).
    computed_at = models.DateTimeField("calculé le", default=timezone.now)
    superseded_by = models.ForeignKey(
        Dataset,
        verbose_name="remplacé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_coverages",
    )

    objects = DatasetStructureQuerySet.as_manager()

    class Meta:
        verbose_name = "couverture d'un jeu de données"
        verbose_name_plural = "couvertures des jeux de données"
        ordering = ["year", "structure__code", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"],
                condition=models.Q(superseded_by__isnull=True),
                name="observatory_one_current_coverage",
            ),
            models.UniqueConstraint(fields=["dataset", "structure"], name="observatory_coverage_unique"),
        ]
        indexes = [models.Index(fields=["year", "superseded_by"], name="observatory_cov_year_current")]

    def __str__(self) -> str:
        return f"{self.structure_id} {self.year} ({self.dataset_id})"


class Objective(models.Model):
    """A contracted objective of an ML or an ARML (``objectifs.csv``)."""

    scope_path = "structure"

    coverage = models.ForeignKey(DatasetStructure, on_delete=models.CASCADE, related_name="objectives")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="observatory_objectives"
    )
    year = models.PositiveSmallIntegerField("année")
    indicator = models.CharField("indicateur", max_length=30, default="ENTREES_DISPOSITIF")
    programmes = models.CharField("dispositifs", max_length=40, help_text="Par exemple : CEJ+GJ.")
    value = models.PositiveIntegerField("valeur")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["year", "structure__code", "programmes", "pk"]

    def __str__(self) -> str:
        return f"{self.programmes} {self.year} : {self.value}"


class ImportJobQuerySet(ScopedQuerySet):
    def concerning(self, perimeter: Perimeter) -> ImportJobQuerySet:
        """The jobs submitted by the perimeter's structures, and the accepted imports whose data
        cover one of them (an ML's data imported by its ARML or by the national administration).
        Each job carries ``openable``: whether its page is in the perimeter (``for_user``)."""
        own = perimeter.q(self.model.scope_path)
        covered = DatasetStructure.objects.in_perimeter(perimeter).filter(
            dataset_id=models.OuterRef("dataset_id")
        )
        if perimeter.level == Level.NATIONAL:
            openable = models.Value(True)
        else:
            openable = models.Case(models.When(own, then=models.Value(True)), default=models.Value(False))
        return self.filter(own | models.Exists(covered)).annotate(openable=openable)


class ImportJob(models.Model):
    """An import submitted from the upload page; run by a worker thread or ``observatory work``."""

    scope_path = "structure"

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "En attente"
        RUNNING = "RUNNING", "En cours"
        SUCCEEDED = "SUCCEEDED", "Terminé"
        REFUSED = "REFUSED", "Refusé"
        FAILED = "FAILED", "Échec"

    year = models.PositiveSmallIntegerField("année")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    # The problems of a refused import: [{"rule", "message", "count", "examples": [{file, line, ...}]}].
    problems = models.JSONField("problèmes", default=list, blank=True)
    summary = models.TextField("résumé", blank=True)
    error = models.TextField("cause de l'échec", blank=True)
    # Uploaded files, stored under random names: [{"kind": "jeunes", "name": "jeunes.csv", "path": "..."}].
    files = models.JSONField("fichiers", default=list, blank=True)
    dataset = models.ForeignKey(
        Dataset, verbose_name="jeu de données", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The structure and perimeter level of the membership the files were submitted under.
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="observatory_jobs"
    )
    perimeter_level = models.CharField("périmètre", max_length=10)
    created_at = models.DateTimeField("déposé le", default=timezone.now)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    worker = models.CharField("exécutant", max_length=100, blank=True)

    objects = ImportJobQuerySet.as_manager()

    # A running job that gave no sign of life for this long is considered dead.
    STALE_AFTER = timedelta(minutes=5)

    class Meta:
        verbose_name = "import de l'observatoire"
        verbose_name_plural = "imports de l'observatoire"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="observatory_job_status")]

    def __str__(self) -> str:
        return f"Import {self.year} n° {self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.REFUSED, self.Status.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker stopped giving signs of life (the process probably died)."""
        if self.status != self.Status.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return timezone.now() - last > self.STALE_AFTER

    @property
    def problem_count(self) -> int:
        return sum(group.get("count", 0) for group in self.problems)
