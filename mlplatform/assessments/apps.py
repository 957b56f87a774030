from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "mlplatform.assessments"
    label = "assessments"
    verbose_name = "Auto-évaluation"
