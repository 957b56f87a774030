from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "mlplatform.improvement"
    label = "improvement"
    verbose_name = "Plan d'amélioration continue"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import improvement_steps

        next_steps.register(improvement_steps, order=40)
