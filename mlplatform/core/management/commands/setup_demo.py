"""Load the reference network, the fictitious rest of the network and the demo accounts.

Idempotent and fast on a second run: the registry imports update by code, the demo network is
skipped when already there, and accounts are fetched or created by e-mail.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from mlplatform.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_key
from mlplatform.accounts.models import Membership, User
from mlplatform.accounts.twofactor import DEVICE_NAME, secret_for_display
from mlplatform.activity_reports.demo import load_activity_reports_demo
from mlplatform.animation.demo import load_demo as load_animation_demo
from mlplatform.assessments.demo import load_demo as load_demo_assessments
from mlplatform.commission.demo import load_demo as load_label_demo
from mlplatform.frameworks.demo import load_demo_versions
from mlplatform.improvement.demo import load_demo_plans
from mlplatform.network.demo import load_demo_network, load_reference_network
from mlplatform.network.models import Structure
from mlplatform.network.registry import RegistryImportResult
from mlplatform.observatory.demo import load_demo as load_observatory_demo
from mlplatform.programmes.demo import load_demo as load_programmes_demo
from mlplatform.surveys.demo import load_demo as load_survey_demo
from mlplatform.surveys.demo import showcase_link as survey_showcase_link
from mlplatform.training.demo import load_demo as load_training_demo


def ensure_demo_accounts() -> list[User]:
    """Create the missing demo accounts, memberships and TOTP devices; never touch the others."""
    codes = sorted({code for account in DEMO_ACCOUNTS for _, code in account.memberships})
    structures = Structure.objects.in_bulk(codes, field_name="code")
    missing = [code for code in codes if code not in structures]
    if missing:
        raise CommandError(
            f"Structures introuvables pour les comptes de démonstration : {', '.join(missing)}."
        )
    existing = User.objects.in_bulk([account.email for account in DEMO_ACCOUNTS], field_name="email")
    # One hash for every new account: hashing is slow by design and these passwords are public.
    password_hash = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_ACCOUNTS) else ""
    users = []
    for account in DEMO_ACCOUNTS:
        user = existing.get(account.email)
        if user is None:
            user = User.objects.create(
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                job_title=account.job_title,
                password=password_hash,
            )
        first_membership = None
        for role, code in account.memberships:
            membership, _ = Membership.objects.get_or_create(user=user, structure=structures[code], role=role)
            first_membership = first_membership or membership
        if user.current_membership_id is None:
            user.current_membership = first_membership
            user.save(update_fields=["current_membership"])
        if account.two_factor and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=DEVICE_NAME, key=demo_totp_key(account.email), confirmed=True
            )
        users.append(user)
    return users


def describe_refusal(result: RegistryImportResult) -> str:
    """The problems of a refused import, one line per rule and its first rows."""
    lines = []
    for group in result.problems:
        lines.append(f"  - {group.message} : {group.count}")
        for problem in group.examples:
            where = ", ".join(
                part
                for part in (
                    problem.file,
                    f"ligne {problem.line}" if problem.line else "",
                    f"colonne {problem.column}" if problem.column else "",
                    f"valeur « {problem.value} »" if problem.value else "",
                    problem.detail,
                )
                if part
            )
            lines.append(f"      {where}")
    return "\n".join(lines)


def describe_counts(result: RegistryImportResult) -> str:
    parts = []
    kinds = (("structures", result.structures, "es"), ("lieux d'accueil", result.sites, "s"))
    for label, counts, ending in kinds:
        if counts.total:
            parts.append(
                f"{label} : {counts.created} créé{ending}, {counts.updated} modifié{ending}, "
                f"{counts.unchanged} inchangé{ending}"
            )
    return " ; ".join(parts) + "."


class Command(BaseCommand):
    help = (
        "Charge le réseau de référence (UNML, ARML Normandie et ses 24 Missions Locales), le reste "
        "fictif du réseau et les comptes de démonstration. Peut être relancée sans risque."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Exécuter même si DEBUG est désactivé (jamais en production : "
                "les mots de passe sont publics)."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG est désactivé : cette commande crée des comptes dont le mot de passe est public. "
                "Elle est réservée au développement et aux démonstrations (ajoutez --force si vous "
                "savez ce que vous faites, jamais en production)."
            )
        started = time.monotonic()
        with transaction.atomic():
            self._import("des données de référence (Normandie)", load_reference_network())
            demo = load_demo_network()
            if demo is None:
                self.stdout.write("Réseau fictif de démonstration : déjà chargé.")
            else:
                self._import("du réseau fictif de démonstration", demo)
            ensure_demo_accounts()
            self.stdout.write(load_demo_assessments())
            self.stdout.write(load_demo_plans())
            self.stdout.write(load_label_demo())
            self.stdout.write(load_animation_demo())
            self.stdout.write(load_survey_demo())
            self.stdout.write(load_programmes_demo())
            self.stdout.write(load_training_demo())
            # Last: the fictitious next version of the ML framework (the demo campaigns use 2022).
            self.stdout.write(load_demo_versions())
        self.stdout.write(load_observatory_demo(self.stdout))
        # After the observatory: the published demo report freezes its figures.
        self.stdout.write(load_activity_reports_demo())
        self._print_summary(time.monotonic() - started)

    def _import(self, label: str, result: RegistryImportResult) -> None:
        if not result.accepted:
            raise CommandError(f"Import {label} refusé, rien n'a été modifié :\n{describe_refusal(result)}")
        self.stdout.write(f"Import {label} : {describe_counts(result)}")

    def _print_summary(self, elapsed: float) -> None:
        structures = Structure.objects.all()
        self.stdout.write(
            f"\nRéseau : {structures.count()} structures, dont {structures.arml().count()} ARML et "
            f"{structures.ml().count()} Missions Locales ({structures.filter(is_demo=True).count()} "
            f"structures fictives, marquées « démonstration »)."
        )
        rows = [("Adresse électronique", "Rôle", "Structure")]
        memberships = (
            Membership.objects.filter(user__email__in=[account.email for account in DEMO_ACCOUNTS])
            .select_related("user", "structure")
            .order_by("pk")
        )
        order = {account.email: index for index, account in enumerate(DEMO_ACCOUNTS)}
        for membership in sorted(memberships, key=lambda m: (order[m.user.email], m.pk)):
            rows.append((membership.user.email, membership.get_role_display(), membership.structure.name))
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        lines = [
            " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "-+-".join("-" * width for width in widths))
        self.stdout.write(
            "\nComptes de démonstration (personnes fictives, y compris dans les structures réelles) :"
        )
        self.stdout.write("\n".join(lines))
        self.stdout.write(f"\nMot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        self.stdout.write(survey_showcase_link())
        two_factor = [account.email for account in DEMO_ACCOUNTS if account.two_factor]
        self.stdout.write(
            f"\nDouble authentification obligatoire pour {' et '.join(two_factor)}. "
            "Pour obtenir le code à 6 chiffres du moment :\n"
            f"  .venv/bin/python manage.py demo_code {two_factor[0]}"
        )
        devices = TOTPDevice.objects.filter(user__email__in=two_factor, confirmed=True).select_related("user")
        for device in devices.order_by("user__email"):
            self.stdout.write(
                f"  (clé à saisir dans une application d'authentification pour {device.user.email} : "
                f"{secret_for_display(device)})"
            )
        self.stdout.write(self.style.SUCCESS(f"\nDonnées de démonstration prêtes en {elapsed:.1f} s."))
