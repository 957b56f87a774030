"""Results: the small-group rule everywhere (structures, sites, benchmarks), scoping, the command."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import SiteType, StructureType
from mlplatform.network.models import Site
from mlplatform.surveys.results import counts, median_rate, site_breakdown

from ..factories import login, make_structure
from .helpers import add_responses, youth_campaign

pytestmark = pytest.mark.django_db


def _results(client, campaign, structure):
    return client.get(reverse("surveys:results", kwargs={"code": campaign.code, "structure": structure.code}))


def test_nothing_is_shown_under_ten_responses(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 9, SUGGESTION="Un commentaire")
    login(client, world.user(Role.ML_QUALITY))
    page = _results(client, campaign, world.ml).content.decode()
    assert "moins de 10 réponses" in page
    assert "Taux de satisfaction globale" not in page and "Un commentaire" not in page
    out = StringIO()
    call_command("surveys", "results", campaign.code, "--structure", world.ml.code, stdout=out)
    data = json.loads(out.getvalue())
    assert data["suppressed"] is True and "responses" not in data
    assert all("distribution" not in q for q in data["questions"])
    add_responses(campaign, world.ml, 1, GLOBAL="2")
    page = _results(client, campaign, world.ml).content.decode()
    assert "10 réponses" in page and "Un commentaire" in page
    out = StringIO()
    call_command("surveys", "results", campaign.code, "--structure", world.ml.code, stdout=out)
    data = json.loads(out.getvalue())
    assert data["suppressed"] is False and data["responses"] == 10
    overall = next(q for q in data["questions"] if q["code"] == "GLOBAL")
    assert overall["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 9}
    assert overall["satisfaction_rate"] == 0.9 and overall["mean"] == 3.8


def test_site_breakdown_hides_small_sites_and_protects_them_from_subtraction(world):
    campaign = youth_campaign(world)
    main = world.ml.sites.get()
    other = Site.objects.create(structure=world.ml, name="Antenne", type=SiteType.ANTENNE, town="Bayeux")
    third = Site.objects.create(structure=world.ml, name="Permanence", type=SiteType.PERMANENCE, town="Vire")
    add_responses(campaign, world.ml, 30, site=main)
    add_responses(campaign, world.ml, 12, site=other)
    add_responses(campaign, world.ml, 3, site=third)
    rows = {
        row.name: row
        for row in site_breakdown(
            counts(campaign), world.ml, {main.pk: main.name, other.pk: "Antenne", third.pk: "Permanence"}
        )
    }
    assert rows["Permanence"].result is None
    assert rows["Antenne"].result is None  # hidden too: total minus the others would give Permanence
    assert rows[main.name].result.responses == 30


def test_benchmarks_need_five_structures_above_the_threshold(world):
    extra = [
        make_structure(f"ML-A{n}", StructureType.ML, world.arml, name=f"ML Alpha {n}") for n in range(3, 7)
    ]
    campaign = youth_campaign(world, code="jeunes-bench")
    for index, structure in enumerate([world.ml, world.ml2, *extra[:3]]):
        add_responses(campaign, structure, 10, GLOBAL="4" if index % 2 else "1")
    add_responses(campaign, extra[3], 9, GLOBAL="4")  # below the threshold: not in the median
    ids = {world.ml.pk, world.ml2.pk, *(s.pk for s in extra)}
    data = counts(campaign)
    assert median_rate(data, ids, "GLOBAL") == 0.0  # 3 at 0 %, 2 at 100 %: the median is 0 %
    data = counts(campaign)
    data.cells = {key: cell for key, cell in data.cells.items() if key[0] != world.ml.pk}
    assert median_rate(data, ids, "GLOBAL") is None  # only 4 structures left above the threshold


def test_an_ml_sees_its_results_and_benchmarks_never_another_mls(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml2, 12, SUGGESTION="Secret de ML-A2")
    login(client, world.user(Role.ML_QUALITY))
    assert _results(client, campaign, world.ml2).status_code == 404
    assert _results(client, campaign, world.other_ml).status_code == 404
    overview = client.get(reverse("surveys:campaign", kwargs={"code": campaign.code})).content.decode()
    assert world.ml2.name not in overview and "Votre structure" in overview


def test_free_texts_are_for_the_structure_and_its_arml_only(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 10, SUGGESTION="Texte libre de ML-A1")
    for role, sees in ((Role.ML_DIRECTOR, True), (Role.ARML_REFERENT, True), (Role.NATIONAL_ADMIN, False)):
        client.logout()
        login(client, world.user(role))
        page = _results(client, campaign, world.ml).content.decode()
        assert ("Texte libre de ML-A1" in page) is sees, role


def test_the_results_page_query_count_does_not_grow_with_data(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 10)
    login(client, world.user(Role.ML_QUALITY))
    with CaptureQueriesContext(connection) as small:
        _results(client, campaign, world.ml)
    add_responses(campaign, world.ml, 40, SUGGESTION="encore")
    add_responses(campaign, world.ml2, 25)
    with CaptureQueriesContext(connection) as large:
        _results(client, campaign, world.ml)
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as overview:
        client.get(reverse("surveys:campaign", kwargs={"code": campaign.code}))
    add_responses(campaign, world.other_ml, 15)
    with CaptureQueriesContext(connection) as overview_large:
        client.get(reverse("surveys:campaign", kwargs={"code": campaign.code}))
    assert len(overview_large) == len(overview)


def test_attach_results_as_evidence(world, client):
    from mlplatform.evidence.models import Evidence

    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 10, GLOBAL="1")
    login(client, world.user(Role.ML_QUALITY))
    page = _results(client, campaign, world.ml).content.decode()
    assert "créer une action d&#x27;amélioration" in page or "créer une action d'amélioration" in page
    response = client.post(
        reverse("surveys:attach", kwargs={"code": campaign.code, "structure": world.ml.code})
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(structure=world.ml)
    assert evidence.title.startswith("Résultats")
    client.post(reverse("surveys:attach", kwargs={"code": campaign.code, "structure": world.ml.code}))
    assert Evidence.objects.filter(structure=world.ml).count() == 1


def test_cli_campaigns_and_links(world):
    campaign = youth_campaign(world)
    out = StringIO()
    call_command("surveys", "campaigns", stdout=out)
    assert json.loads(out.getvalue()) == [
        {"code": campaign.code, "title": campaign.title, "audience": "youth", "status": "open"}
    ]
    out = StringIO()
    call_command("surveys", "links", campaign.code, "--structure", world.ml.code, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all("/q/" in line for line in lines)  # the ML's link and its site's


def test_open_data_uses_the_observatory_secrecy_and_never_free_texts(world, client):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 30, SUGGESTION="Texte privé")
    add_responses(campaign, world.other_ml, 12, GLOBAL="1")
    login(client, world.user(Role.ARML_REFERENT))
    response = client.get(reverse("surveys:opendata", kwargs={"code": campaign.code}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Texte privé" not in text and "SUGGESTION" not in text
    rows = {tuple(line.split(";")[1:5]): line.split(";")[5] for line in text.splitlines()[1:]}
    assert rows[("NATIONAL", "", "", "reponses")] == "42"
    assert rows[("ARML-A", "GLOBAL", "scale", "4")] == "30"
    # 12 young people of ARML-B all said "1": publishing it would be fine (12 > 10), but the
    # zero cells beside are fine too; the level-1 count of ARML-A is 0 (published), ARML-B's is 12.
    assert rows[("ARML-B", "GLOBAL", "scale", "1")] == "12"
    # 3-12 months: 30 + 12, but any count from 1 to 10 is secret, with its complement.
    add_responses(campaign, world.other_ml, 3, ANCIENNETE="plus-1-an")
    from django.core.cache import cache

    cache.clear()
    text = client.get(reverse("surveys:opendata", kwargs={"code": campaign.code})).content.decode()
    rows = {tuple(line.split(";")[1:5]): line.split(";")[5] for line in text.splitlines()[1:]}
    assert rows[("ARML-B", "ANCIENNETE", "single", "plus-1-an")] == "secret"
    assert rows[("NATIONAL", "ANCIENNETE", "single", "plus-1-an")] == "secret"
    open_campaign = youth_campaign(world, code="ouverte")
    assert client.get(reverse("surveys:opendata", kwargs={"code": open_campaign.code})).status_code == 404
