"""The network registry: UNML > ARML > ML > reception sites."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from mlplatform.core.collation import sort_key

from .enums import LegalStatus, SiteType, StructureType
from .perimeter import ScopedQuerySet

STRUCTURE_CODE_RE = r"^[A-Z0-9-]{2,20}$"
DEPARTMENT_CODE_RE = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$"


class StructureQuerySet(ScopedQuerySet):
    def arml(self) -> StructureQuerySet:
        return self.filter(type=StructureType.ARML)

    def ml(self) -> StructureQuerySet:
        return self.filter(type=StructureType.ML)

    def open(self) -> StructureQuerySet:
        return self.filter(closed_on__isnull=True)


class Structure(models.Model):
    scope_path = ""

    code = models.CharField(
        "code", max_length=20, unique=True, validators=[RegexValidator(STRUCTURE_CODE_RE)]
    )
    type = models.CharField("type", max_length=4, choices=StructureType.choices)
    name = models.CharField("nom officiel", max_length=200)
    # The name as lists sort it (``core.collation.sort_key``), kept up to date on every save.
    sort_name = models.CharField("nom pour le tri", max_length=200, editable=False, default="", db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="structure de rattachement",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    region = models.CharField("région", max_length=100, blank=True)
    department = models.CharField(
        "département", max_length=3, blank=True, validators=[RegexValidator(DEPARTMENT_CODE_RE)]
    )
    legal_status = models.CharField("statut juridique", max_length=11, choices=LegalStatus.choices)
    address = models.CharField("adresse", max_length=300, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    website = models.CharField("site web", max_length=200, blank=True)

    # Governance (not part of the registry exchange format: kept up to date on the platform).
    president_name = models.CharField("président·e", max_length=150, blank=True)
    president_mandate = models.CharField(
        "mandat de l'élu·e qui préside",
        max_length=200,
        blank=True,
        help_text="Par exemple : maire de Vire Normandie, vice-président·e du conseil départemental.",
    )
    director_name = models.CharField("directeur·rice", max_length=150, blank=True)
    governance_notes = models.TextField(
        "instances de gouvernance",
        blank=True,
        help_text=(
            "Composition du conseil d'administration et de ses collèges, dates des dernières instances."
        ),
    )

    is_demo = models.BooleanField(
        "donnée de démonstration", default=False, help_text="Structure fictive générée pour la démonstration."
    )
    closed_on = models.DateField("fermée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Incremented on every edit through the platform, so that concurrent edits are detected.
    version = models.PositiveIntegerField("version", default=1)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["type", "region", "sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["type"], condition=models.Q(type="UNML"), name="network_single_unml"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.refresh_sort_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:structure", kwargs={"code": self.code})

    def refresh_sort_name(self) -> None:
        """Set ``sort_name`` from ``name`` (bulk creations and updates call it themselves)."""
        self.sort_name = sort_key(self.name)[:200]

    @property
    def is_unml(self) -> bool:
        return self.type == StructureType.UNML

    @property
    def is_arml(self) -> bool:
        return self.type == StructureType.ARML

    @property
    def is_ml(self) -> bool:
        return self.type == StructureType.ML

    @property
    def arml_id(self) -> int | None:
        """The ARML this structure belongs to (itself for an ARML)."""
        if self.is_arml:
            return self.pk
        if self.is_ml:
            return self.parent_id
        return None


class SiteQuerySet(ScopedQuerySet):
    pass


class Site(models.Model):
    """A reception site (lieu d'accueil) of a Mission Locale."""

    scope_path = "structure"

    structure = models.ForeignKey(
        Structure, verbose_name="Mission Locale", on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=10, choices=SiteType.choices)
    town = models.CharField("commune", max_length=150)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["structure", "type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "name"], name="network_site_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"
