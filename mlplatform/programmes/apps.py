from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mlplatform.programmes"
    label = "programmes"
    verbose_name = "Programmes d'animation et d'évaluation"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import programme_steps

        next_steps.register(programme_steps, order=45)
