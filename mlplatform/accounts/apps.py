from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mlplatform.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from mlplatform.core import next_steps

        from .steps import invitation_steps

        next_steps.register(invitation_steps, order=90)
