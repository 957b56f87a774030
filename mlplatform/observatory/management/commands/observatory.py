"""``manage.py observatory``: import extracts, print indicators, recompute.

Imports submitted from the upload page run as background tasks (``manage.py db_worker``).

- ``observatory import --year Y DIR [--dry-run]``: import the spec files found in DIR (CSV or
  Parquet). Refused: the problems are printed in French on standard error and the command exits
  with a non-zero status; nothing changed.
- ``observatory indicators --year Y [--structure CODE]``: the indicators as JSON on standard
  output (``--structure`` omitted: the nation), in the shape of issue 6.
- ``observatory recompute --year Y``: recompute the stored aggregates from the Parquet files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.core.french import counted
from mlplatform.network.models import Structure
from mlplatform.observatory import engine
from mlplatform.observatory.importer import files_from_directory, import_dataset
from mlplatform.observatory.indicators import indicators


class Command(BaseCommand):
    help = "Observatoire : import des extraits, indicateurs, traitement des imports déposés."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="opérations")
        importer = sub.add_parser(
            "import",
            help="Importer les fichiers d'un dossier (jeunes, evenements, situations, dispositifs, "
            "objectifs).",
            description="Le jeu de données est accepté en entier ou refusé : en cas de problème, "
            "rien n'est modifié.",
        )
        importer.add_argument("--year", type=int, required=True, help="année de l'extrait")
        importer.add_argument(
            "directory", type=Path, help="dossier contenant les fichiers (.csv ou .parquet)"
        )
        importer.add_argument("--dry-run", action="store_true", help="vérifier sans rien importer")
        figures = sub.add_parser("indicators", help="Afficher les indicateurs d'une année en JSON.")
        figures.add_argument("--year", type=int, required=True, help="année")
        figures.add_argument("--structure", help="code de la structure (par défaut : le niveau national)")
        recompute = sub.add_parser("recompute", help="Recalculer les indicateurs d'une année.")
        recompute.add_argument("--year", type=int, required=True, help="année")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options: dict[str, Any]) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"Le dossier {directory} n'existe pas.")
        verbose = options["verbosity"] >= 2

        def progress(percent: int, step: str) -> None:
            if verbose:
                self.stderr.write(f"[{percent:3d} %] {step}")

        result = import_dataset(
            options["year"], files_from_directory(directory), progress=progress, dry_run=options["dry_run"]
        )
        if not result.accepted:
            self.stderr.write(result.report())
            raise CommandError(result.summary)
        self.stdout.write(result.summary)

    def _indicators(self, options: dict[str, Any]) -> None:
        structure = None
        if options.get("structure"):
            structure = Structure.objects.filter(code=options["structure"]).first()
            if structure is None:
                raise CommandError(f"Structure inconnue : {options['structure']}.")
        data = indicators(options["year"], structure)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _recompute(self, options: dict[str, Any]) -> None:
        count = engine.refresh_year(options["year"])
        self.stdout.write(
            f"Indicateurs {options['year']} recalculés pour "
            f"{counted(count, 'Mission Locale', 'Missions Locales')}."
        )
