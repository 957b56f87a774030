from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mlplatform.training"
    label = "training"
    verbose_name = "Professionnalisation"

    def ready(self) -> None:
        from mlplatform.core import next_steps
        from mlplatform.network.registry import register_columns

        from .registry_columns import HEADCOUNT_COLUMNS
        from .steps import training_steps

        next_steps.register(training_steps, order=55)
        register_columns(HEADCOUNT_COLUMNS)
