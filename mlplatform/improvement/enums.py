"""Codes of the continuous-improvement plan."""

from django.db import models


class Priority(models.TextChoices):
    HIGH = "HIGH", "Haute"
    MEDIUM = "MEDIUM", "Moyenne"
    LOW = "LOW", "Basse"


class Status(models.TextChoices):
    PLANNED = "PLANNED", "À lancer"
    IN_PROGRESS = "IN_PROGRESS", "En cours"
    DONE = "DONE", "Réalisée"
    ABANDONED = "ABANDONED", "Abandonnée"


# Actions still to be carried out: only these can be overdue.
OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

# Rank used to sort by priority (highest first).
PRIORITY_RANK = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
