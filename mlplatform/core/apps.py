from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mlplatform.core"
    label = "core"
    verbose_name = "Socle"
