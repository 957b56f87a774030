"""``python manage.py reports build --year Y [--structure CODE]``: render the PDFs of the published
activity reports of a year in the background (Django's task framework, one task per report: as many
workers as are running share them), follow their progress, and print the path of each PDF written."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mlplatform.activity_reports.models import ActivityReport
from mlplatform.activity_reports.public_views import latest_editions
from mlplatform.activity_reports.tasks import build_report_pdf
from mlplatform.core.french import counted

POLL_SECONDS = 0.5
WORKER_HINT_AFTER = 30


def _where(report: ActivityReport) -> str:
    """The PDF's path on disk (the file storage), or its name where files are not on a disk."""
    try:
        return report.pdf.path
    except NotImplementedError:
        return report.pdf.name


class Command(BaseCommand):
    help = "Rapports d'activité : produire les PDF des rapports publiés d'une année (en tâche de fond)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        build = commands.add_parser("build", help="Produire les PDF des rapports publiés d'une année.")
        build.add_argument("--year", type=int, required=True, help="Année des rapports, par exemple 2022.")
        build.add_argument("--structure", help="Code d'une structure (toutes par défaut).")
        build.add_argument(
            "--timeout",
            type=int,
            default=3600,
            help="Abandonner le suivi après ce nombre de secondes (3600).",
        )

    def handle(self, *args: object, **options: object) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Année invalide : {year} (attendu : entre 2000 et 2100).")
        reports = ActivityReport.objects.published().filter(year=year).select_related("structure")
        if options["structure"]:
            reports = reports.filter(structure__code=options["structure"])
        targets = latest_editions(reports)
        if not targets:
            where = f" pour la structure « {options['structure']} »" if options["structure"] else ""
            raise CommandError(f"Aucun rapport d'activité publié en {year}{where}.")
        ids = [report.pk for report in targets]
        started = timezone.now()
        ActivityReport.objects.filter(pk__in=ids).update(pdf_error="")
        self.stdout.write(f"{counted(len(ids), 'rapport')} à produire : tâches mises en file.")
        for pk in ids:
            try:
                build_report_pdf.enqueue(pk)
            except Exception as error:  # the immediate backend (tests, --settings) runs it here
                ActivityReport.objects.filter(pk=pk).update(
                    pdf_error=f"{type(error).__name__}: {error}"[:300]
                )
        self._follow(ids, started, options["timeout"])

    def _follow(self, ids: list[int], started, timeout: int) -> None:
        seen: set[int] = set()
        failed: list[str] = []
        last_progress = begin = time.monotonic()
        hinted = False
        while len(seen) < len(ids):
            # Only what the progress needs (the frozen figures are large): one light query a poll.
            rows = (
                ActivityReport.objects.filter(pk__in=ids)
                .exclude(pk__in=seen)
                .select_related("structure")
                .only("pk", "pdf", "pdf_built_at", "pdf_error", "structure__code", "structure__sort_name")
                .order_by("structure__sort_name")
            )
            for report in rows:
                if report.pdf_built_at and report.pdf_built_at >= started and report.pdf:
                    seen.add(report.pk)
                    self.stdout.write(f"[{len(seen)}/{len(ids)}] {report.structure.code} : {_where(report)}")
                elif report.pdf_error:
                    seen.add(report.pk)
                    failed.append(f"{report.structure.code} : {report.pdf_error}")
                    self.stderr.write(
                        f"[{len(seen)}/{len(ids)}] {report.structure.code} : échec ({report.pdf_error})"
                    )
                else:
                    continue
                last_progress = time.monotonic()
            if len(seen) == len(ids):
                break
            now = time.monotonic()
            if not hinted and now - last_progress > WORKER_HINT_AFTER:
                self.stderr.write("Aucun progrès : un worker tourne-t-il ? (python manage.py db_worker)")
                hinted = True
            if now - begin > timeout:
                raise CommandError(
                    f"Suivi abandonné après {timeout} s : {len(seen)} sur {len(ids)} produits."
                )
            time.sleep(POLL_SECONDS)
        if failed:
            raise CommandError(
                f"{counted(len(failed), 'PDF non produit', 'PDF non produits')} :\n" + "\n".join(failed)
            )
        self.stdout.write(
            self.style.SUCCESS(f"Terminé : {len(ids)} PDF produits en {time.monotonic() - begin:.1f} s.")
        )
