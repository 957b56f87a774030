from django.db import models


class Stage(models.TextChoices):
    """Where a structure stands in the label cycle (the state of its label file)."""

    ENROLLED = "ENROLLED", "Engagée dans la démarche"
    SELF_ASSESSED = "SELF_ASSESSED", "Auto-évaluation soumise"
    AUDIT_REQUESTED = "AUDIT_REQUESTED", "Audit demandé"
    AUDIT_SCHEDULED = "AUDIT_SCHEDULED", "Audit planifié"
    AUDITED = "AUDITED", "Auditée (rapport remis)"
    ON_AGENDA = "ON_AGENDA", "Inscrite en commission"
    LABELLED = "LABELLED", "Labellisée"
    DEFERRED = "DEFERRED", "Ajournée"
    EXPIRED = "EXPIRED", "Label échu"
    WITHDRAWN = "WITHDRAWN", "Label retiré"


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


class ArmlOpinion(models.TextChoices):
    FAVOURABLE = "FAVOURABLE", "Favorable"
    RESERVED = "RESERVED", "Favorable avec réserves"
    UNFAVOURABLE = "UNFAVOURABLE", "Défavorable"


class SessionStatus(models.TextChoices):
    PLANNED = "PLANNED", "Programmée"
    CLOSED = "CLOSED", "Close"


class Outcome(models.TextChoices):
    LABELLED = "LABELLED", "Labellisation"
    DEFERRED = "DEFERRED", "Ajournement"
    WITHDRAWN = "WITHDRAWN", "Retrait du label"
