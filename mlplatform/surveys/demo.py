"""Demo surveys: the four national questionnaires, a closed 2025 youth barometer with answers across
the network (Normandie's MLs above the threshold, a few small MLs below it, plausible spreads) and an
open 2026 barometer (its public link for ML Caen is printed with the demo accounts)."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from mlplatform.network.models import Site, Structure

from .campaigns import open_campaign, public_url
from .loader import DATA_DIR, load_file, national_files
from .models import Answer, Campaign, CollectionLink, Response

CLOSED_CODE = "barometre-jeunes-2025"
# The 2022 barometer of Normandie's Missions Locales, read by the demo's 2022 activity report.
REPORT_CODE = "barometre-jeunes-2022"
OPEN_CODE = "barometre-jeunes-2026"
SHOWCASE_ML = "ML-14-CAEN"
SMALL_EVERY = 17  # one ML in this many gets fewer than 10 answers (its results stay hidden)
SUGGESTIONS = [
    "Plus de rendez-vous le samedi.",
    "Un accueil très chaleureux, merci.",
    "Les délais pour un premier rendez-vous sont longs.",
    "Mieux expliquer les aides possibles.",
    "Des ateliers sur le logement seraient utiles.",
]


def _level(rng: random.Random, mood: float) -> str:
    """A satisfaction level (1-4) leaning on the ML's ``mood`` (0 to 1)."""
    roll = rng.random() * 0.7 + mood * 0.45
    return "4" if roll > 0.75 else "3" if roll > 0.4 else "2" if roll > 0.2 else "1"


def _answers(rng: random.Random, mood: float) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {
        "ANCIENNETE": rng.choice(["moins-3-mois", "3-12-mois", "3-12-mois", "plus-1-an"]),
        "CONNU_PAR": rng.sample(
            ["entourage", "france-travail", "ecole", "internet", "autre"], rng.randint(1, 2)
        ),
        "BESOINS": rng.sample(
            ["emploi", "formation", "logement", "sante", "mobilite", "droits"], rng.randint(1, 3)
        ),
        "PROBLEME": "oui" if rng.random() < 0.1 else "non",
        "RECOMMANDATION": str(min(10, max(0, round(rng.gauss(5 + mood * 4, 2))))),
    }
    for code in ("ACCUEIL", "DELAI", "ECOUTE", "REPONSES", "LOCAUX", "GLOBAL"):
        answers[code] = _level(rng, mood)
    if rng.random() < 0.15:
        answers["SUGGESTION"] = rng.choice(SUGGESTIONS)
    return answers


def _fill(campaign: Campaign, closes_on: datetime.date, region: str | None = None) -> int:
    """Answers for every ML of the campaign (of ``region``'s ARML only, when given), built in memory
    and written in bulk."""
    links = CollectionLink.objects.filter(campaign=campaign)
    if region is not None:
        links = links.filter(structure__parent__code=region)
    links = links.select_related("structure__parent", "site").order_by("structure__code", "pk")
    sites: dict[int, list[Site]] = {}
    for link in links:
        if link.site_id:
            sites.setdefault(link.structure_id, []).append(link.site)
    structures = sorted({link.structure for link in links}, key=lambda s: s.code)
    responses, answers = [], []
    for index, structure in enumerate(structures):
        rng = random.Random(f"{campaign.code}-{structure.code}")
        normandie = structure.parent is not None and structure.parent.code == "ARML-NOR"
        count = (
            rng.randint(3, 8)
            if (index % SMALL_EVERY == 5 and not normandie)
            else rng.randint(25, 60)
            if normandie
            else rng.randint(11, 30)
        )
        mood = rng.random()
        for _ in range(count):
            site = rng.choice(sites[structure.pk]) if structure.pk in sites and rng.random() < 0.8 else None
            day = closes_on - datetime.timedelta(days=rng.randint(0, 50))
            response = Response(
                campaign=campaign, structure=structure, site=site, channel="online", submitted_on=day
            )
            responses.append(response)
            for code, value in _answers(rng, mood).items():
                common = {
                    "response": response,
                    "campaign": campaign,
                    "structure": structure,
                    "site": site,
                    "question": code,
                }
                if isinstance(value, list):  # with the row counting the person (results.counts)
                    answers += [Answer(choice=item, **common) for item in ["", *value]]
                elif code == "SUGGESTION":
                    answers.append(Answer(text=value, **common))
                else:
                    answers.append(Answer(choice=value, **common))
    rng = random.Random(campaign.code)
    rng.shuffle(responses)  # insertion order tells nothing either
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(responses)


def load_demo() -> str:
    """Idempotent: questionnaires loaded once, campaigns created and filled once."""
    for path in national_files():
        load_file(path)
    unml = Structure.objects.filter(code="UNML").first()
    if unml is None or Campaign.objects.filter(code=CLOSED_CODE).exists():
        return "Baromètres de satisfaction de démonstration : déjà chargés."
    questionnaire = load_file(DATA_DIR / "jeunes.yaml").version
    today = timezone.localdate()
    with transaction.atomic():
        closed = open_campaign(
            code=CLOSED_CODE,
            title="Baromètre national de satisfaction des jeunes 2025",
            questionnaire=questionnaire,
            owner=unml,
            opens_on=datetime.date(2025, 10, 1),
            closes_on=datetime.date(2025, 11, 30),
        )
        count = _fill(closed, closed.closes_on)
        report_year = open_campaign(
            code=REPORT_CODE,
            title="Baromètre national de satisfaction des jeunes 2022",
            questionnaire=questionnaire,
            owner=unml,
            opens_on=datetime.date(2022, 10, 1),
            closes_on=datetime.date(2022, 11, 30),
        )
        count_2022 = _fill(report_year, report_year.closes_on, region="ARML-NOR")
        open_campaign(
            code=OPEN_CODE,
            title="Baromètre national de satisfaction des jeunes 2026",
            questionnaire=questionnaire,
            owner=unml,
            opens_on=today - datetime.timedelta(days=14),
            closes_on=today + datetime.timedelta(days=60),
            previous=closed,
        )
    return (
        f"Baromètres de satisfaction de démonstration : 4 questionnaires, {count} réponses en 2025, "
        f"{count_2022} en 2022 (Normandie), campagne 2026 ouverte."
    )


def showcase_link() -> str:
    """The line printed with the demo accounts: the open barometer's public link for ML Caen."""
    link = CollectionLink.objects.filter(
        campaign__code=OPEN_CODE, structure__code=SHOWCASE_ML, site=None
    ).first()
    if link is None:
        return ""
    return f"\nBaromètre des jeunes 2026, lien public de la Mission Locale de Caen : {public_url(link)}"
