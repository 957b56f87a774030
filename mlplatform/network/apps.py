from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "mlplatform.network"
    label = "network"
    verbose_name = "Réseau"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import network_steps

        next_steps.register(network_steps, order=10)
