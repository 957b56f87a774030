from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mlplatform.api"
    label = "api"
    verbose_name = "API"
