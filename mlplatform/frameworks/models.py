"""Label frameworks (référentiels) as versioned, immutable data.

A version, once loaded, is never edited: a new version is loaded beside it, with an optional
mapping from the previous version's requirement references to its own.
"""

from __future__ import annotations

from django.db import models

from .enums import Addressee


class Framework(models.Model):
    code = models.CharField("code", max_length=20, unique=True)

    class Meta:
        verbose_name = "référentiel"
        verbose_name_plural = "référentiels"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


# The default rating scale of a self-assessment: a level per requirement, plus "not applicable".
DEFAULT_RATING_SCALE: list[dict] = [
    {"value": 0, "label": "Non mis en œuvre"},
    {"value": 1, "label": "Partiellement mis en œuvre"},
    {"value": 2, "label": "Mis en œuvre"},
    {"value": 3, "label": "Mis en œuvre et évalué"},
]


def default_rating_scale() -> list[dict]:
    return [dict(level) for level in DEFAULT_RATING_SCALE]


class FrameworkVersionQuerySet(models.QuerySet):
    def latest_per_framework(self) -> FrameworkVersionQuerySet:
        return self.order_by("framework__code", "-version")

    def in_force(self) -> FrameworkVersion | None:
        """The version in force: the latest adopted one. A version never adopted (the demo's
        fictitious one, a draft) is only taken when no version of the framework is adopted."""
        return self.order_by(models.F("adopted_on").desc(nulls_last=True), "-version", "-loaded_at").first()


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name="référentiel", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField("version", max_length=20)
    title = models.CharField("titre", max_length=300)
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    source = models.CharField("source", max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="version précédente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    content_hash = models.CharField("empreinte du fichier", max_length=64)
    # Levels 0..n with their labels, for the self-assessment; "not applicable" always exists beside them.
    rating_scale = models.JSONField("échelle de cotation", default=default_rating_scale)
    loaded_at = models.DateTimeField("chargée le", auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de référentiel"
        verbose_name_plural = "versions de référentiel"
        ordering = ["framework__code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="frameworks_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def code(self) -> str:
        return self.framework.code

    @property
    def max_level(self) -> int:
        return max(level["value"] for level in self.rating_scale)

    def level_label(self, value: int | None) -> str:
        return next((level["label"] for level in self.rating_scale if level["value"] == value), "")


class PreambleEntry(models.Model):
    """Founding text, values and principles: read, never assessed."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="preamble")
    position = models.PositiveIntegerField()
    title = models.CharField("titre", max_length=300)
    text = models.TextField("texte")

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "texte du préambule"
        verbose_name_plural = "textes du préambule"

    def __str__(self) -> str:
        return self.title


class Part(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveIntegerField()
    number = models.CharField("numéro", max_length=10)
    title = models.CharField("titre", max_length=300)
    intro = models.TextField("introduction", blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "partie"
        verbose_name_plural = "parties"
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="frameworks_unique_part")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Section(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    number = models.CharField("numéro", max_length=10)
    title = models.CharField("titre", max_length=300)

    class Meta:
        ordering = ["part", "position"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Commitment(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="commitments")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="commitments")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="commitments"
    )
    position = models.PositiveIntegerField("rang dans le référentiel")
    ref = models.CharField("référence", max_length=40, unique=True)
    title = models.TextField("engagement")
    reference_texts = models.JSONField("textes de référence", default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "engagement"
        verbose_name_plural = "engagements"

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class Requirement(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="requirements")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="requirements")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField("rang dans le référentiel")
    ref = models.CharField("référence", max_length=50, unique=True)
    text = models.TextField("exigence")
    addressee = models.CharField("destinataire", max_length=10, choices=Addressee.choices)
    examples = models.JSONField("exemples", default=list, blank=True)
    # Lower-case, accent-free copy of the text and examples, for searching on any database.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["version", "position"]
        verbose_name = "exigence"
        verbose_name_plural = "exigences"

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:80]}"


class RequirementMapping(models.Model):
    """How a requirement of the previous version carries over to this version.

    ``new`` is None when the data file says the old requirement is removed (``old: []``): its local
    reference then never pairs it with a new requirement that happens to reuse the number.
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="mappings")
    old = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    new = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = "correspondance entre versions"
        verbose_name_plural = "correspondances entre versions"
        constraints = [
            models.UniqueConstraint(fields=["version", "old", "new"], name="frameworks_unique_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.old.ref} → {self.new.ref if self.new else 'supprimée'}"
