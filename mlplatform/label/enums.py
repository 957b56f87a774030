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


class ArmlOpinion(models.TextChoices):
    FAVOURABLE = "FAVOURABLE", "Favorable"
    RESERVED = "RESERVED", "Favorable avec réserves"
    UNFAVOURABLE = "UNFAVOURABLE", "Défavorable"
