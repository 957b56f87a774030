from django.apps import AppConfig


class ActivityReportsConfig(AppConfig):
    name = "mlplatform.activity_reports"
    label = "activity_reports"
    verbose_name = "Rapports d'activité"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import report_steps

        next_steps.register(report_steps, order=60)
