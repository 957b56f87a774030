"""Codes of the network registry (spec observatoire-format-v1, section 2)."""

from django.db import models


class StructureType(models.TextChoices):
    UNML = "UNML", "UNML"
    ARML = "ARML", "ARML"
    ML = "ML", "Mission Locale"


class LegalStatus(models.TextChoices):
    ASSOCIATION = "ASSOCIATION", "Association (loi 1901 ou 1908)"
    GIP = "GIP", "Groupement d'intérêt public"


class SiteType(models.TextChoices):
    SIEGE = "SIEGE", "Siège"
    ANTENNE = "ANTENNE", "Antenne"
    PERMANENCE = "PERMANENCE", "Permanence"


# The parent type each structure type must have.
PARENT_TYPE = {
    StructureType.UNML: None,
    StructureType.ARML: StructureType.UNML,
    StructureType.ML: StructureType.ARML,
}
