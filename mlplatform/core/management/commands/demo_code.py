"""Print the current TOTP code of a demo account (development and demonstrations only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.accounts.demo import DEMO_EMAIL_DOMAIN
from mlplatform.accounts.models import User
from mlplatform.accounts.twofactor import confirmed_device, current_code


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment d'un compte de démonstration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="Adresse électronique du compte de démonstration (…@demo.test).")

    def handle(self, *args: object, **options: object) -> None:
        email = str(options["email"]).strip().lower()
        if not settings.DEBUG:
            raise CommandError(
                "DEBUG est désactivé : cette commande n'est disponible qu'en développement "
                "ou en démonstration."
            )
        if not email.endswith(DEMO_EMAIL_DOMAIN):
            raise CommandError(
                "Cette commande ne sert que pour les comptes de démonstration "
                f"(adresse en {DEMO_EMAIL_DOMAIN})."
            )
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(
                f"Aucun compte {email}. Lancez d'abord « .venv/bin/python manage.py setup_demo »."
            )
        device = confirmed_device(user)
        if device is None:
            raise CommandError(f"Le compte {email} n'a pas d'application d'authentification enregistrée.")
        self.stdout.write(current_code(device))
