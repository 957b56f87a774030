from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "mlplatform.evidence"
    label = "evidence"
    verbose_name = "Preuves"
