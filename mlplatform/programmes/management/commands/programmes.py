"""python manage.py programmes load FILE... | load --all | export CODE [--version V]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.core.french import counted
from mlplatform.programmes.export import get_version, programme_as_dict
from mlplatform.programmes.loader import ProgrammeFileRefused, bundled_files, load_file


class Command(BaseCommand):
    help = "Charger ou exporter les programmes d'animation et d'évaluation (PNAE, PRAE)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Charger un ou plusieurs fichiers de programme (YAML).")
        load.add_argument("files", nargs="*", type=Path)
        load.add_argument(
            "--all", action="store_true", help="Charger les programmes fournis avec la plateforme."
        )
        export = sub.add_parser("export", help="Afficher une version d'un programme en JSON.")
        export.add_argument("code")
        export.add_argument("--version", dest="programme_version")

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            self._load(options["files"], options["all"])
        else:
            self._export(options["code"], options["programme_version"])

    def _load(self, files: list[Path], load_all: bool) -> None:
        if not files and not load_all:
            raise CommandError("Indiquez un fichier de programme ou --all.")
        files = list(files) + (bundled_files() if load_all else [])
        failed = False
        for path in files:
            if not path.is_file():
                self.stderr.write(f"{path} : fichier introuvable.")
                failed = True
                continue
            try:
                result = load_file(path)
            except ProgrammeFileRefused as refused:
                failed = True
                self.stderr.write(f"{path} refusé ({counted(len(refused.problems), 'problème')}) :")
                for problem in refused.problems:
                    self.stderr.write(f"  - {problem}")
                continue
            version = result.version
            if result.created:
                relinked = (
                    f", {counted(result.relinked, 'déclinaison reliée', 'déclinaisons reliées')}"
                    if result.relinked
                    else ""
                )
                self.stdout.write(
                    f"{version.programme.code} {version.year} chargé : "
                    f"{counted(result.actions, 'fiche action', 'fiches action')}{relinked}."
                )
            else:
                self.stdout.write(f"{version.programme.code} {version.year} déjà chargé, inchangé.")
        if failed:
            raise CommandError("Au moins un fichier a été refusé ; rien n'a été chargé pour ce fichier.")

    def _export(self, code: str, version: str | None) -> None:
        programme_version = get_version(code, version)
        if programme_version is None:
            raise CommandError(f"Programme « {code} »{f' version {version}' if version else ''} introuvable.")
        self.stdout.write(json.dumps(programme_as_dict(programme_version), ensure_ascii=False, indent=2))
