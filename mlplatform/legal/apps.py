from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "mlplatform.legal"
    label = "legal"
    verbose_name = "Informations légales"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the deployment checks)
