"""``python manage.py training review --year 2022 --structure ARML-NOR``: the review (bilan) of a
structure's training plan as JSON (the same function as the review page and its XLSX)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.core.french import counted
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.training.purge import purge
from mlplatform.training.review import review


class Command(BaseCommand):
    help = "Professionnalisation : bilan annuel du plan de formation d'une ARML (ou national pour l'UNML)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        figures = commands.add_parser("review", help="Bilan d'une année, en JSON (parts en fractions).")
        figures.add_argument("--year", type=int, required=True, help="Année, par exemple 2022.")
        figures.add_argument("--structure", required=True, help="Code de l'ARML ou de l'UNML.")
        purge = commands.add_parser(
            "purge", help="Anonymise les participant·es des plans plus anciens que TRAINING_RETENTION_YEARS."
        )
        purge.add_argument("--dry-run", action="store_true", help="Compte sans rien modifier.")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "purge":
            result = purge(dry_run=options["dry_run"])
            n = result.registrations
            if options["dry_run"]:
                done = f"{counted(n, 'inscription')} à anonymiser"
            else:
                done = counted(n, "inscription anonymisée", "inscriptions anonymisées")
            years = counted(settings.TRAINING_RETENTION_YEARS, "an")
            kept = f"conservation : {years} après l'année du plan"
            self.stdout.write(f"Plans de {result.last_year} et avant : {done} ({kept}).")
            return
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Année invalide : {year} (attendu : entre 2000 et 2100).")
        structure = Structure.objects.filter(code=options["structure"]).first()
        if structure is None:
            raise CommandError(f"Aucune structure n'a le code « {options['structure']} ».")
        if structure.type not in (StructureType.ARML, StructureType.UNML):
            raise CommandError(
                f"« {structure.code} » n'organise pas de plan régional : indiquez une ARML ou l'UNML."
            )
        self.stdout.write(json.dumps(review(structure, year).as_dict(), ensure_ascii=False, indent=2))
