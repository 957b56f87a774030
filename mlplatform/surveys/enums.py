"""Questionnaire question types, audiences and collection channels."""

from django.db import models


class QuestionType(models.TextChoices):
    SINGLE = "single", "Choix unique"
    MULTIPLE = "multiple", "Choix multiple"
    SCALE = "scale", "Échelle de satisfaction (4 niveaux)"
    NPS = "nps", "Recommandation de 0 à 10"
    NUMBER = "number", "Nombre"
    SHORT_TEXT = "short_text", "Texte court"
    LONG_TEXT = "long_text", "Texte long"


TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})
CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE})

# The four levels of every satisfaction scale, lowest first; the two last ones count as "satisfied".
SCALE_OPTIONS: list[tuple[str, str]] = [
    ("1", "Pas du tout satisfait·e"),
    ("2", "Plutôt pas satisfait·e"),
    ("3", "Plutôt satisfait·e"),
    ("4", "Très satisfait·e"),
]
SATISFIED_LEVELS = frozenset({"3", "4"})
NPS_OPTIONS: list[tuple[str, str]] = [(str(n), str(n)) for n in range(11)]
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000


class Audience(models.TextChoices):
    YOUTH = "youth", "Jeunes accompagnés par la Mission Locale"
    EMPLOYERS = "employers", "Employeurs partenaires de la Mission Locale"
    ML_FOR_ARML = "ml_arml", "Missions Locales (satisfaction à l'égard de leur ARML)"
    ML_FOR_UNML = "ml_unml", "Missions Locales (satisfaction à l'égard de l'UNML)"
    THEMATIC = "thematic", "Public d'une enquête thématique"


class Channel(models.TextChoices):
    ONLINE = "online", "En ligne"
    INVITATION = "invitation", "Invitation personnelle"
    PAPER = "paper", "Saisie d'un questionnaire papier"
