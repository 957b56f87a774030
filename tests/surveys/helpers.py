"""Questionnaires, campaigns and responses for the surveys tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.network.models import Site, Structure
from mlplatform.surveys import answering
from mlplatform.surveys.campaigns import open_campaign
from mlplatform.surveys.enums import Channel
from mlplatform.surveys.loader import DATA_DIR, load_file
from mlplatform.surveys.models import Campaign, CollectionLink

from ..factories import World

YOUTH_ANSWERS = {
    "ANCIENNETE": "3-12-mois",
    "ACCUEIL": "4",
    "DELAI": "3",
    "ECOUTE": "4",
    "REPONSES": "3",
    "PROBLEME": "non",
    "GLOBAL": "4",
    "RECOMMANDATION": "9",
}


def youth_campaign(
    world: World | None = None, *, code: str = "jeunes-test", closed: bool = False
) -> Campaign:
    questionnaire = load_file(DATA_DIR / "jeunes.yaml").version
    today = timezone.localdate()
    opens = today - datetime.timedelta(days=60 if closed else 5)
    closes = today - datetime.timedelta(days=1) if closed else today + datetime.timedelta(days=30)
    return open_campaign(
        code=code,
        title="Baromètre jeunes (essai)",
        questionnaire=questionnaire,
        owner=Structure.objects.get(code="UNML"),
        opens_on=opens,
        closes_on=closes,
    )


def link_of(campaign: Campaign, structure: Structure, site: Site | None = None) -> CollectionLink:
    return CollectionLink.objects.get(campaign=campaign, structure=structure, site=site)


def add_responses(
    campaign: Campaign, structure: Structure, count: int, *, site: Site | None = None, **overrides: str
) -> None:
    """``count`` responses stored as paper entry would (``store``: closed campaigns too)."""
    answers = {**YOUTH_ANSWERS, **overrides}
    for _ in range(count):
        answering.store(campaign, structure, dict(answers), channel=Channel.PAPER, site=site)


def post_data(**overrides) -> dict:
    return {**YOUTH_ANSWERS, **overrides}
