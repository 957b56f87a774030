"""Satisfaction barometers at national scale: 300,000 answered youth questionnaires across the network.

Measures the background task run when the campaign closes (its figures computed and stored), then the
server time (Django test client, real views and templates) of the national results page of the closed
campaign: the first visit after closing (cache emptied: the stored figures are read), computed from the
answers (figures and cache emptied: as before the task existed), from the cache (the following
visits); one ML's results page (benchmarks against the region and the nation, sites, free texts), and
the command line's national results. Goal: under 2 s for the national page. Tunable:
BENCH_SURVEY_RESPONSES (300000).

200 people answering at once against a production-like server: ``surveys_load``.
"""

from __future__ import annotations

import datetime
import os
import random
import time
import uuid
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.measure import Measure, timed
from bench.scenarios.assessment import _client

SCENARIO = "surveys"
RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", "300000"))
SCALES = ("ACCUEIL", "DELAI", "ECOUTE", "REPONSES", "LOCAUX", "GLOBAL")


def _setup():
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.network.demo import load_demo_network, load_reference_network
    from mlplatform.network.models import Site, Structure
    from mlplatform.surveys.campaigns import open_campaign
    from mlplatform.surveys.loader import DATA_DIR, load_file
    from mlplatform.surveys.models import Answer, Response

    load_reference_network()
    load_demo_network()
    unml = Structure.objects.get(type="UNML")
    admin = User.objects.create_user("bench.survey.admin@bench.test", "bench")
    Membership.objects.create(user=admin, structure=unml, role=Role.NATIONAL_ADMIN)
    caen = Structure.objects.get(code="ML-14-CAEN")
    quality = User.objects.create_user("bench.survey.qualite@bench.test", "bench")
    Membership.objects.create(user=quality, structure=caen, role=Role.ML_QUALITY)
    campaign = open_campaign(
        code="bench-jeunes",
        title="Baromètre jeunes (mesure)",
        questionnaire=load_file(DATA_DIR / "jeunes.yaml").version,
        owner=unml,
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
    )
    mls = list(Structure.objects.ml().order_by("code"))
    sites: dict[int, list[int]] = {}
    for site_id, structure_id in Site.objects.filter(structure__in=mls).values_list("pk", "structure_id"):
        sites.setdefault(structure_id, []).append(site_id)
    rng = random.Random(300_000)
    started = time.monotonic()
    batch_responses, batch_answers = [], []
    for n in range(RESPONSES):
        structure = mls[n % len(mls)]
        site_id = rng.choice(sites[structure.pk]) if structure.pk in sites else None
        response = Response(
            id=uuid.uuid4(),
            campaign=campaign,
            structure=structure,
            site_id=site_id,
            channel="online",
            submitted_on=campaign.closes_on - datetime.timedelta(days=rng.randint(0, 60)),
        )
        batch_responses.append(response)
        common = {"response": response, "campaign": campaign, "structure": structure, "site_id": site_id}
        for code in SCALES:
            batch_answers.append(Answer(question=code, choice=str(rng.choice("1233344444")), **common))
        batch_answers.append(Answer(question="RECOMMANDATION", choice=str(rng.randint(0, 10)), **common))
        batch_answers.append(
            Answer(
                question="ANCIENNETE", choice=rng.choice(["moins-3-mois", "3-12-mois", "plus-1-an"]), **common
            )
        )
        if n % 20 == 0:
            batch_answers.append(
                Answer(question="SUGGESTION", text="Plus de rendez-vous le samedi.", **common)
            )
        if len(batch_responses) >= 5000:
            Response.objects.bulk_create(batch_responses)
            Answer.objects.bulk_create(batch_answers, batch_size=5000)
            batch_responses, batch_answers = [], []
    Response.objects.bulk_create(batch_responses)
    Answer.objects.bulk_create(batch_answers, batch_size=5000)
    return campaign, admin, quality, caen, time.monotonic() - started


def run() -> list[Measure]:
    return measure(*_setup())


def measure(campaign, admin, quality, caen, load_seconds: float) -> list[Measure]:
    """The measures, on a campaign already filled (``_setup``)."""
    from mlplatform.surveys.figures import compute_figures, forget_figures
    from mlplatform.surveys.models import Answer

    rows = Answer.objects.filter(campaign=campaign).count()
    measures = [
        Measure(
            SCENARIO, "chargement des réponses", load_seconds, "s", f"{RESPONSES} réponses, {rows} lignes"
        ),
    ]
    national = _client(admin)
    url = reverse("surveys:campaign", kwargs={"code": campaign.code})

    def closing():
        forget_figures(campaign)
        result = compute_figures.call(campaign.pk, campaign.closes_on.isoformat())
        assert result.endswith("réponses"), result

    measures.append(
        Measure(
            SCENARIO,
            "clôture : calcul et stockage des chiffres (tâche de fond)",
            timed(closing, repeat=3),
            "ms",
        )
    )

    def cold():
        cache.clear()
        response = national.get(url)
        assert response.status_code == 200, response.status_code

    def computed():
        forget_figures(campaign)
        cold()

    def warm():
        assert national.get(url).status_code == 200

    measures.append(
        Measure(
            SCENARIO,
            "page nationale, 1er affichage après clôture (chiffres stockés)",
            timed(cold, repeat=3),
            "ms",
            "objectif < 2000 ms",
        )
    )
    measures.append(Measure(SCENARIO, "page nationale, campagne close en cache", timed(warm), "ms"))
    with CaptureQueriesContext(connection) as queries:
        cold()
    measures.append(Measure(SCENARIO, "page nationale : requêtes SQL", len(queries), "req"))
    measures.append(
        Measure(
            SCENARIO,
            "page nationale, calculée (sans chiffres stockés ni cache)",
            timed(computed, repeat=3),
            "ms",
        )
    )
    closing()
    ml = _client(quality)
    ml_url = reverse("surveys:results", kwargs={"code": campaign.code, "structure": caen.code})

    def ml_cold():
        cache.clear()
        assert ml.get(ml_url).status_code == 200

    measures.append(
        Measure(SCENARIO, "résultats d'une ML avec repères (cache vide)", timed(ml_cold, repeat=3), "ms")
    )

    def command():
        call_command("surveys", "results", campaign.code, stdout=StringIO())

    measures.append(Measure(SCENARIO, "commande surveys results (nationale)", timed(command, repeat=3), "ms"))
    return measures
