from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "mlplatform.improvement"
    label = "improvement"
    verbose_name = "Plan d'amélioration continue"
