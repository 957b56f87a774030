"""The vocabularies of the annual activity report."""

from django.db import models


class State(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    REVIEW = "a_relire", "À relire"
    PROOFREAD = "relu", "Relu, à publier"
    PUBLISHED = "publie", "Publié"


class BlockKind(models.TextChoices):
    """The narrative blocks a section can hold (written by the structure)."""

    EDITORIAL = "editorial", "Éditorial"
    TEXT = "texte", "Texte"
    OBJECTIVES = "objectifs", "Objectifs"
    HIGHLIGHTS = "temps_forts", "Temps forts"
    ANIMATION = "animation", "Animation du réseau"
    OUTLOOK = "perspectives", "Perspectives"
