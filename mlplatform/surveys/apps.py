from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "mlplatform.surveys"
    label = "surveys"
    verbose_name = "Baromètres de satisfaction"
