from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "mlplatform.observatory"
    label = "observatory"
    verbose_name = "Observatoire"
