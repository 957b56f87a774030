from django.db import models


class AuditKind(models.TextChoices):
    INITIAL = "INITIAL", "Audit de labellisation"
    FOLLOW_UP = "FOLLOW_UP", "Audit de suivi"
    RENEWAL = "RENEWAL", "Audit de renouvellement"


class AuditStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", "Planifié"
    DELIVERED = "DELIVERED", "Rapport remis"
    CANCELLED = "CANCELLED", "Annulé"


class AuditMode(models.TextChoices):
    ON_SITE = "ON_SITE", "Sur site"
    REMOTE = "REMOTE", "À distance (revue documentaire et visioconférence)"


class AuditorKind(models.TextChoices):
    EXTERNAL = "EXTERNAL", "Auditeur·rice certifié·e externe"
    NETWORK = "NETWORK", "Auditeur·rice du réseau"


class FindingKind(models.TextChoices):
    STRENGTH = "STRENGTH", "Point fort"
    IMPROVEMENT = "IMPROVEMENT", "Piste de progrès"
    ALERT = "ALERT", "Point d'alerte"


class RequestStatus(models.TextChoices):
    OPEN = "OPEN", "En attente de la structure"
    ANSWERED = "ANSWERED", "Réponse reçue"
    CLOSED = "CLOSED", "Close"
