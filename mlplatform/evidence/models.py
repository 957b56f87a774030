"""A structure's evidence library: files (every version kept) and links.

Files are stored under random names (``evidence/<structure id>/<uuid4 hex>``, nothing taken from
what the person uploaded) and served only by the scoped download view, never from MEDIA_URL.
Every change goes through ``services.py``; ``version`` guards against concurrent changes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.perimeter import ScopedQuerySet


class EvidenceKind(models.TextChoices):
    FILE = "FILE", "Fichier"
    LINK = "LINK", "Lien"


class EvidenceQuerySet(ScopedQuerySet):
    def active(self) -> EvidenceQuerySet:
        return self.filter(archived=False)

    def search(self, query: str) -> EvidenceQuerySet:
        """Title, description, link or the name of any version of the file (case-insensitive)."""
        query = query.strip()
        if not query:
            return self
        in_files = EvidenceFile.objects.filter(evidence=OuterRef("pk"), original_name__icontains=query)
        return self.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(url__icontains=query)
            | Exists(in_files)
        )

    def for_listing(self) -> EvidenceQuerySet:
        return self.select_related("current_file", "created_by")

    def counts(self) -> dict[str, int]:
        """Active files, active links and archived items, in one query."""
        return self.aggregate(
            files=Count("pk", filter=Q(kind=EvidenceKind.FILE, archived=False)),
            links=Count("pk", filter=Q(kind=EvidenceKind.LINK, archived=False)),
            archived=Count("pk", filter=Q(archived=True)),
        )


class Evidence(models.Model):
    """A piece of evidence of a structure: a file (with its versions) or a link."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField("type", max_length=4, choices=EvidenceKind.choices)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    url = models.URLField("adresse du lien", max_length=2000, blank=True)
    # The latest version of the file (None for a link); kept by services.py.
    current_file = models.ForeignKey(
        "EvidenceFile",
        verbose_name="version actuelle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ajoutée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("ajoutée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    archived = models.BooleanField("archivée", default=False)
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)
    # Incremented by every change (new version, edit, archive), so that concurrent changes are detected.
    version = models.PositiveIntegerField("version", default=1)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "preuve"
        verbose_name_plural = "preuves"
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["structure", "archived", "-updated_at"], name="evidence_listing_idx"),
            models.Index(fields=["structure", "title"], name="evidence_title_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=EvidenceKind.FILE) & Q(url="")) | (Q(kind=EvidenceKind.LINK) & ~Q(url="")),
                name="evidence_url_only_for_links",
                violation_error_message="Un lien a une adresse ; un fichier n'en a pas.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:detail", kwargs={"code": self.structure.code, "pk": self.pk})

    @property
    def is_file(self) -> bool:
        return self.kind == EvidenceKind.FILE

    @property
    def is_link(self) -> bool:
        return self.kind == EvidenceKind.LINK

    def download_url(self) -> str:
        """The scoped download of the current version ("" for a link)."""
        if not self.is_file:
            return ""
        return reverse("evidence:download", kwargs={"code": self.structure.code, "pk": self.pk})


def evidence_file_path(instance: EvidenceFile, filename: str) -> str:
    """A random name in the structure's folder; the uploaded name is deliberately ignored."""
    return f"evidence/{instance.evidence.structure_id}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """One version of an evidence file. Versions are never removed; the latest is ``current_file``."""

    scope_path = "evidence__structure"

    evidence = models.ForeignKey(
        Evidence, verbose_name="preuve", on_delete=models.CASCADE, related_name="files"
    )
    number = models.PositiveIntegerField("version n°")
    file = models.FileField("fichier", upload_to=evidence_file_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=200)
    size = models.PositiveBigIntegerField("taille (octets)")
    content_type = models.CharField("type de contenu", max_length=120)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "version de fichier"
        verbose_name_plural = "versions de fichiers"
        ordering = ["evidence", "-number"]
        indexes = [models.Index(fields=["sha256"], name="evidence_file_sha256_idx")]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_file_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="evidence_file_number_positive"),
            models.CheckConstraint(condition=Q(size__gte=1), name="evidence_file_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (version {self.number})"

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]

    def download_url(self) -> str:
        return reverse(
            "evidence:download_version",
            kwargs={"code": self.evidence.structure.code, "pk": self.evidence_id, "number": self.number},
        )
