"""Choices of the programmes of action."""

from django.db import models


class ProgrammeKind(models.TextChoices):
    NATIONAL = "national", "Programme national (PNAE)"
    REGIONAL = "regional", "Programme régional (PRAE)"


class ActionStatus(models.TextChoices):
    TO_LAUNCH = "a_lancer", "À lancer"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "realisee", "Réalisée"
    SUSPENDED = "suspendue", "Suspendue"


class Territory(models.TextChoices):
    REGIONAL = "regionale", "Régionale"
    INTERREGIONAL = "interregionale", "Interrégionale"
    NATIONAL = "nationale", "Nationale"
    DOM = "dom", "DOM"
    INTER_DOM = "inter_dom", "Inter-DOM"


class MilestoneStatus(models.TextChoices):
    PLANNED = "prevu", "Prévu"
    DONE = "atteint", "Atteint"
    CANCELLED = "annule", "Annulé"


class EntryKind(models.TextChoices):
    COMMENT = "commentaire", "Commentaire"
    CHANGE = "modification", "Modification"
