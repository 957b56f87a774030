from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "mlplatform.network"
    label = "network"
    verbose_name = "Réseau"
