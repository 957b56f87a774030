"""Choices of the professionalisation records."""

from django.db import models


class Theme(models.TextChoices):
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement des jeunes"
    EMPLOI = "emploi", "Emploi et relations entreprises"
    FORMATION = "formation", "Formation et orientation"
    SANTE = "sante", "Santé, logement, vie sociale"
    NUMERIQUE = "numerique", "Numérique et outils"
    MANAGEMENT = "management", "Management et fonctions support"
    DISPOSITIFS = "dispositifs", "Dispositifs et programmes (CEJ, PACEA…)"
    QUALITE = "qualite", "Démarche qualité"
    AUTRE = "autre", "Autre"


class Format(models.TextChoices):
    IN_PERSON = "presentiel", "En présentiel"
    REMOTE = "distanciel", "À distance"
    MIXED = "mixte", "Mixte"


class Priority(models.TextChoices):
    HIGH = "haute", "Haute"
    MEDIUM = "moyenne", "Moyenne"
    LOW = "basse", "Basse"


class Status(models.TextChoices):
    REGISTERED = "inscrit", "Inscrit·e"
    CONFIRMED = "confirme", "Confirmé·e"
    WAITING = "attente", "Liste d'attente"
    CANCELLED = "annule", "Annulé·e"


# The registrations that take a seat of the session.
SEATED = (Status.REGISTERED, Status.CONFIRMED)
