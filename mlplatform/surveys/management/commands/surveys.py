"""``python manage.py surveys load FILE|--all | campaigns | links CAMPAIGN --structure CODE |
results CAMPAIGN [--structure CODE] | open ... | figures [--campaign CODE]``"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mlplatform.network.models import Structure
from mlplatform.surveys import campaigns as campaign_services
from mlplatform.surveys import figures as closed_figures
from mlplatform.surveys.loader import QuestionnaireRefused, load_file, national_files
from mlplatform.surveys.models import Campaign, CollectionLink, QuestionnaireVersion
from mlplatform.surveys.pages import campaign_counts
from mlplatform.surveys.results import result_json


class Command(BaseCommand):
    help = "Baromètres de satisfaction : questionnaires, campagnes, liens, résultats."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="charger un questionnaire (YAML) ou --all")
        load.add_argument("file", nargs="?")
        load.add_argument("--all", action="store_true")
        sub.add_parser("campaigns", help="les campagnes, en JSON")
        links = sub.add_parser("links", help="les liens publics d'une structure")
        links.add_argument("campaign")
        links.add_argument("--structure", required=True)
        results = sub.add_parser("results", help="les résultats, en JSON")
        results.add_argument("campaign")
        results.add_argument("--structure")
        opened = sub.add_parser("open", help="ouvrir une campagne")
        opened.add_argument("code")
        opened.add_argument("--title", required=True)
        opened.add_argument("--questionnaire", required=True, help="CODE:VERSION")
        opened.add_argument("--owner", default="UNML", help="code de l'UNML ou d'une ARML")
        opened.add_argument("--from", dest="opens_on", required=True)
        opened.add_argument("--to", dest="closes_on", required=True)
        opened.add_argument("--previous")
        figures = sub.add_parser(
            "figures",
            help="calculer en arrière-plan les chiffres des campagnes closes (chaque jour)",
        )
        figures.add_argument("--campaign", help="recalculer les chiffres de cette campagne close")

    def handle(self, *args, **options) -> None:
        getattr(self, "_" + options["action"])(options)

    def _load(self, options: dict) -> None:
        if bool(options["file"]) == bool(options["all"]):
            raise CommandError("Donnez un fichier ou --all.")
        problems = []
        for path in national_files() if options["all"] else [options["file"]]:
            try:
                result = load_file(path)
            except QuestionnaireRefused as refusal:
                problems += [f"{path} : {p}" for p in refusal.problems]
                continue
            state = "chargé" if result.created else "déjà chargé"
            self.stdout.write(f"{result.version.code} version {result.version.version} : {state}")
        if problems:
            raise CommandError("Questionnaire refusé :\n" + "\n".join(f"  - {p}" for p in problems))

    def _campaigns(self, options: dict) -> None:
        items = [
            {"code": c.code, "title": c.title, "audience": c.audience, "status": c.status()}
            for c in Campaign.objects.order_by("-opens_on", "code")
        ]
        self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))

    def _campaign(self, code: str) -> Campaign:
        campaign = Campaign.objects.select_related("questionnaire").filter(code=code).first()
        if campaign is None:
            raise CommandError(f"Campagne inconnue : {code}.")
        return campaign

    def _links(self, options: dict) -> None:
        campaign = self._campaign(options["campaign"])
        links = CollectionLink.objects.filter(campaign=campaign, structure__code=options["structure"])
        links = list(links.select_related("site").order_by("site__name"))
        if not links:
            raise CommandError(f"Aucun lien pour {options['structure']} dans {campaign.code}.")
        for link in links:
            where = link.site.name if link.site else "toute la structure"
            self.stdout.write(f"{campaign_services.public_url(link)}\t{where}")

    def _results(self, options: dict) -> None:
        campaign = self._campaign(options["campaign"])
        data = campaign_counts(campaign)
        code = options["structure"]
        if code:
            structure = Structure.objects.filter(code=code).first()
            if structure is None:
                raise CommandError(f"Structure inconnue : {code}.")
            group = data.group(structure.name, data.keys_of({structure.pk}))
        else:
            group = data.group("Ensemble du réseau")
        self.stdout.write(json.dumps(result_json(campaign, group, code), ensure_ascii=False, indent=2))

    def _open(self, options: dict) -> None:
        code, _, version = options["questionnaire"].partition(":")
        questionnaire = QuestionnaireVersion.objects.filter(code=code, version=version).first()
        owner = Structure.objects.filter(code=options["owner"]).first()
        previous = Campaign.objects.filter(code=options["previous"]).first() if options["previous"] else None
        if questionnaire is None or owner is None or (options["previous"] and previous is None):
            raise CommandError("Questionnaire, structure ou campagne précédente inconnue.")
        try:
            dates = [datetime.date.fromisoformat(options[k]) for k in ("opens_on", "closes_on")]
        except ValueError as error:
            raise CommandError("Dates attendues au format AAAA-MM-JJ.") from error
        try:
            campaign = campaign_services.open_campaign(
                code=options["code"],
                title=options["title"],
                questionnaire=questionnaire,
                owner=owner,
                opens_on=dates[0],
                closes_on=dates[1],
                previous=previous,
            )
        except campaign_services.CampaignRefused as refusal:
            raise CommandError("\n".join(refusal.problems)) from refusal
        self.stdout.write(f"Campagne {campaign.code} ouverte ({campaign.links.count()} liens).")

    def _figures(self, options: dict) -> None:
        if options["campaign"]:
            campaign = self._campaign(options["campaign"])
            if campaign.status() != "closed":
                raise CommandError(
                    f"La campagne {campaign.code} n'est pas close : ses chiffres changent encore."
                )
            closed_figures.forget_figures(campaign)
            due = [campaign]
        else:
            due = closed_figures.due_campaigns()
        for campaign in due:
            closed_figures.compute_figures.enqueue(campaign.pk, campaign.closes_on.isoformat())
            self.stdout.write(f"{campaign.code} : calcul des chiffres mis en file d'attente.")
        if not due:
            self.stdout.write("Aucune campagne close sans ses chiffres.")
