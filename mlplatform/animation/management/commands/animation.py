"""``python manage.py animation counts --year 2022 --structure CODE``: the yearly figures of a
structure's network life, as JSON (the same function as the page and the activity report)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.animation.counts import yearly_counts
from mlplatform.network.models import Structure


class Command(BaseCommand):
    help = (
        "Animation du réseau : chiffres annuels d'une structure "
        "(réunions, instances, événements, partenariats)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        counts = commands.add_parser("counts", help="Chiffres annuels d'une structure, en JSON.")
        counts.add_argument("--year", type=int, required=True, help="Année, par exemple 2022.")
        counts.add_argument("--structure", required=True, help="Code de la structure.")

    def handle(self, *args: object, **options: object) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Année invalide : {year} (attendu : entre 2000 et 2100).")
        structure = Structure.objects.filter(code=options["structure"]).first()
        if structure is None:
            raise CommandError(f"Aucune structure n'a le code « {options['structure']} ».")
        self.stdout.write(json.dumps(yearly_counts(structure, year).as_dict(), ensure_ascii=False, indent=2))
