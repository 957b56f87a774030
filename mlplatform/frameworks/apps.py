from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "mlplatform.frameworks"
    label = "frameworks"
    verbose_name = "Référentiels du label"
