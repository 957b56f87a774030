from django.apps import AppConfig


class LabelConfig(AppConfig):
    name = "mlplatform.label"
    label = "label"
    verbose_name = "Labellisation"
