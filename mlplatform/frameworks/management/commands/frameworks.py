"""python manage.py frameworks load FILE... | load --all | export CODE [--version V]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.core.french import counted
from mlplatform.frameworks.export import framework_as_dict, get_version
from mlplatform.frameworks.loader import FrameworkFileRefused, bundled_files, load_file


class Command(BaseCommand):
    help = "Charger ou exporter les référentiels du label."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Charger un ou plusieurs fichiers de référentiel (YAML).")
        load.add_argument("files", nargs="*", type=Path)
        load.add_argument(
            "--all", action="store_true", help="Charger les référentiels fournis avec la plateforme."
        )
        export = sub.add_parser("export", help="Afficher un référentiel en JSON.")
        export.add_argument("code")
        export.add_argument("--version", dest="framework_version")

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            self._load(options["files"], options["all"])
        else:
            self._export(options["code"], options["framework_version"])

    def _load(self, files: list[Path], load_all: bool) -> None:
        if not files and not load_all:
            raise CommandError("Indiquez un fichier de référentiel ou --all.")
        files = list(files) + (bundled_files() if load_all else [])
        failed = False
        for path in files:
            if not path.is_file():
                self.stderr.write(f"{path} : fichier introuvable.")
                failed = True
                continue
            try:
                result = load_file(path)
            except FrameworkFileRefused as refused:
                failed = True
                self.stderr.write(f"{path} refusé ({counted(len(refused.problems), 'problème')}) :")
                for problem in refused.problems:
                    self.stderr.write(f"  - {problem}")
                continue
            version = result.version
            if result.created:
                counts = ", ".join(f"{n} {label}" for label, n in result.counts.items())
                self.stdout.write(f"{version.framework.code} {version.version} chargé : {counts}.")
            else:
                self.stdout.write(f"{version.framework.code} {version.version} déjà chargé, inchangé.")
        if failed:
            raise CommandError("Au moins un fichier a été refusé ; rien n'a été chargé pour ce fichier.")

    def _export(self, code: str, version: str | None) -> None:
        framework_version = get_version(code, version)
        if framework_version is None:
            raise CommandError(
                f"Référentiel « {code} »{f' version {version}' if version else ''} introuvable."
            )
        json.dump(framework_as_dict(framework_version), self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("")
