from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "mlplatform.assessments"
    label = "assessments"
    verbose_name = "Auto-évaluation"

    def ready(self) -> None:
        from mlplatform.evidence.usage import register_usage_provider

        from .evidence_links import requirements_using

        register_usage_provider(requirements_using)
