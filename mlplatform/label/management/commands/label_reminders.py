"""Daily job of the label: e-mail reminders before deadlines, and labels past their end date expired.

Dry run by default (prints what would be sent); ``--send`` enqueues the day's work (labels
expired, reminders recorded once and sent) for the background worker: the entry point a daily
systemd timer calls (docs/deploiement.md).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus
from django.utils import timezone

from mlplatform.core.french import counted, plural
from mlplatform.label import reminders as label_reminders
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"Date invalide « {value} » : attendu AAAA-MM-JJ, par exemple 2026-11-23."
        ) from error


class Command(BaseCommand):
    help = (
        "Rappels de la labellisation (audit de suivi, fin de validité, label échu, demande de preuves sans "
        "réponse, action d'amélioration en retard). À lancer chaque jour. Simulation par défaut : ajoutez "
        "--send pour envoyer les courriels et faire passer les labels échus à « Label échu »."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Envoyer les rappels (sinon : simulation).")
        parser.add_argument(
            "--today", type=str, default="", help="Date du traitement, AAAA-MM-JJ (par défaut : aujourd'hui)."
        )

    def handle(self, *args: object, **options: object) -> None:
        today = _day(str(options["today"])) if options["today"] else timezone.localdate()
        send = bool(options["send"])
        self.stdout.write(
            f"Rappels de la labellisation du {today:%d/%m/%Y}"
            + ("." if send else " — simulation : aucun courriel n'est envoyé (ajoutez --send pour envoyer).")
        )
        if not send:
            due = LabelFile.objects.filter(stage=Stage.LABELLED, valid_until__lt=today).count()
            if due:
                self.stdout.write(
                    f"{counted(due, 'label arrivé', 'labels arrivés')} à échéance "
                    f"{plural(due, 'passerait', 'passeraient')} à « Label échu »."
                )
        reminders = label_reminders.due_reminders(today)
        if reminders:
            pending = (
                "à envoyer" if send else plural(len(reminders), "qui serait envoyé", "qui seraient envoyés")
            )
            self.stdout.write(f"{counted(len(reminders), 'rappel')} {pending} :")
            for reminder in reminders:
                to = (
                    ", ".join(reminder.recipients)
                    or "aucun destinataire sur la plateforme (rappel non envoyé)"
                )
                self.stdout.write(f"- [{reminder.kind_label}] {reminder.subject} → {to}")
        else:
            self.stdout.write("Aucun rappel à envoyer.")
        if send:
            self._enqueue(today)

    def _enqueue(self, today: datetime.date) -> None:
        result = label_reminders.run_daily.enqueue(today.isoformat())
        if result.status == TaskResultStatus.FAILED:
            raise CommandError("Le traitement du jour a échoué : voir la page des tâches en arrière-plan.")
        if result.status != TaskResultStatus.SUCCESSFUL:
            self.stdout.write(
                f"Traitement du jour mis en file d'attente (tâche {result.id}) : le worker l'exécute."
            )
            return
        done = result.return_value
        if done["expired"]:
            names = ", ".join(done["expired"])
            self.stdout.write(
                f"Labels arrivés à échéance, passés à « Label échu » : {len(done['expired'])} ({names})."
            )
        if done["sent"]:
            self.stdout.write(
                self.style.SUCCESS(f"{counted(done['sent'], 'rappel envoyé', 'rappels envoyés')}.")
            )
