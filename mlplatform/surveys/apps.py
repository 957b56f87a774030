from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "mlplatform.surveys"
    label = "surveys"
    verbose_name = "Baromètres de satisfaction"

    def ready(self) -> None:
        from mlplatform.core import background, next_steps

        from .figures import recent_jobs
        from .steps import survey_steps

        next_steps.register(survey_steps, order=55)
        background.register_jobs(recent_jobs)
