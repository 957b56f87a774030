from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mlplatform.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"
