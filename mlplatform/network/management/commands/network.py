"""``manage.py network import structures.csv [sites.csv] [--dry-run]``: import the network registry."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.core.french import counted
from mlplatform.network.registry import Counts, RegistryImportResult, import_registry


def report_lines(result: RegistryImportResult) -> list[str]:
    """The import report, in French, one line per item (every problem is listed)."""
    if not result.accepted:
        lines = [f"Import refusé : {counted(result.problem_count, 'problème')}. Rien n'a été modifié.", ""]
        for group in result.problems:
            lines.append(f"{group.message} : {group.count}")
            for problem in group.problems:
                where = problem.file + (f", ligne {problem.line}" if problem.line else "")
                if problem.column:
                    where += f", colonne « {problem.column} »"
                text = f"  - {where}"
                if problem.value:
                    text += f" : « {problem.value} »"
                if problem.detail:
                    text += f" ({problem.detail})"
                lines.append(text)
            lines.append("")
        return lines
    if result.dry_run:
        lines = ["Simulation : les fichiers sont valides. Rien n'a été modifié ; l'import ferait ceci."]
    else:
        lines = ["Import terminé."]
    lines.append(_counts_line("Structures", result.structures, "e"))
    if result.sites_file is not None:
        lines.append(_counts_line("Lieux d'accueil", result.sites, ""))
    if result.absent_structures:
        lines.append(
            f"Structures de la plateforme absentes du fichier (conservées, à fermer à la main si besoin) : "
            f"{len(result.absent_structures)}"
        )
        lines.extend(f"  - {a.structure_code} ({a.type_label}) : {a.name}" for a in result.absent_structures)
    if result.absent_sites:
        lines.append(f"Lieux d'accueil absents du fichier (conservés) : {len(result.absent_sites)}")
        lines.extend(f"  - {a.structure_code} : {a.name} ({a.type_label})" for a in result.absent_sites)
    return lines


def _counts_line(label: str, counts: Counts, agreement: str) -> str:
    """``agreement`` is "e" for a feminine noun (structures), "" for a masculine one (lieux)."""
    e = agreement
    return (
        f"{label} : {counted(counts.created, f'créé{e}')}, {counted(counts.updated, f'modifié{e}')}, "
        f"{counted(counts.unchanged, f'inchangé{e}')}"
    )


class Command(BaseCommand):
    help = "Opérations sur le répertoire du réseau (UNML, ARML, Missions Locales, lieux d'accueil)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True, title="opérations")
        importer = subcommands.add_parser(
            "import",
            help="Importer structures.csv et, si fourni, sites.csv (CSV ou Parquet).",
            description="Tout le fichier est accepté ou rien : en cas de problème, rien n'est modifié.",
        )
        importer.add_argument("structures", type=Path, help="fichier des structures (structures.csv)")
        importer.add_argument("sites", type=Path, nargs="?", help="fichier des lieux d'accueil (sites.csv)")
        importer.add_argument(
            "--dry-run", action="store_true", help="vérifier et compter sans rien enregistrer (simulation)"
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "import":
            self._import(options)

    def _import(self, options: dict) -> None:
        result = import_registry(options["structures"], options.get("sites"), dry_run=options["dry_run"])
        lines = report_lines(result)
        if not result.accepted:
            self.stderr.write("\n".join(lines))
            raise CommandError(
                f"Import refusé : {counted(result.problem_count, 'problème')}. Rien n'a été modifié."
            )
        self.stdout.write("\n".join(lines))
