from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mlplatform.training"
    label = "training"
    verbose_name = "Professionnalisation"
