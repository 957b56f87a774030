from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "mlplatform.assessments"
    label = "assessments"
    verbose_name = "Auto-évaluation"

    def ready(self) -> None:
        from mlplatform.core import background, next_steps
        from mlplatform.evidence.usage import register_usage_provider

        from .evidence_links import requirements_using
        from .jobs import recent_jobs
        from .steps import assessment_steps

        register_usage_provider(requirements_using)
        next_steps.register(assessment_steps, order=30)
        background.register_jobs(recent_jobs)
