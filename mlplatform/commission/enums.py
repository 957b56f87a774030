from django.db import models


class SessionStatus(models.TextChoices):
    PLANNED = "PLANNED", "Programmée"
    CLOSED = "CLOSED", "Close"


class Outcome(models.TextChoices):
    LABELLED = "LABELLED", "Labellisation"
    DEFERRED = "DEFERRED", "Ajournement"
    WITHDRAWN = "WITHDRAWN", "Retrait du label"
