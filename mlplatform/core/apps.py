from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mlplatform.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from .next_steps import register
        from .steps import background_steps

        register(background_steps, order=5)  # first: nothing reaches people while e-mails fail
