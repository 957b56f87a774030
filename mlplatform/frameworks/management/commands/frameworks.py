"""python manage.py frameworks load FILE... | load --all | export CODE [--version V]
| migration-report CODE --from V1 --to V2"""

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
        report = sub.add_parser(
            "migration-report",
            help="Afficher en JSON ce qu'une campagne sur la nouvelle version reprendrait de l'ancienne.",
        )
        report.add_argument("code")
        report.add_argument("--from", dest="old", required=True, help="version de départ (ex. 2022)")
        report.add_argument("--to", dest="new", required=True, help="nouvelle version")

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            self._load(options["files"], options["all"])
        elif options["action"] == "migration-report":
            self._migration_report(options["code"], options["old"], options["new"])
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
        # One write: the command's output wrapper ends every write with a new line.
        self.stdout.write(json.dumps(framework_as_dict(framework_version), ensure_ascii=False, indent=2))

    def _migration_report(self, code: str, old: str, new: str) -> None:
        # The report reads the self-assessments: a command may assemble apps, as setup_demo does.
        from mlplatform.assessments.carryover import migration_report

        versions = {v: get_version(code, v) for v in (old, new)}
        missing = [v for v, found in versions.items() if found is None]
        if missing:
            raise CommandError(f"Référentiel « {code} » : version {', '.join(missing)} introuvable.")
        if versions[new].previous_id != versions[old].pk:
            # The carry-over always starts from the version that the new one follows: say so.
            previous = versions[new].previous
            follows = f"fait suite à la version {previous.version}" if previous else "ne suit aucune version"
            raise CommandError(
                f"Référentiel « {code} » : la version {new} {follows}, pas la version {old} ; une campagne "
                "sur une version reprend toujours les réponses de la version qu'elle suit."
            )
        report = migration_report(versions[old], versions[new])
        self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
