from django.db import models


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "IN_PROGRESS", "En cours"
    SUBMITTED = "SUBMITTED", "Soumise"


class EventKind(models.TextChoices):
    SUBMITTED = "SUBMITTED", "Soumission"
    REOPENED = "REOPENED", "Réouverture"


class CampaignPhase(models.TextChoices):
    UPCOMING = "UPCOMING", "À venir"
    OPEN = "OPEN", "Ouverte"
    CLOSED = "CLOSED", "Close"
