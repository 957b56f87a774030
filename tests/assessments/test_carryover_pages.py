"""The carry-over's pages: the answering page (panel, rows, confirming, keeping evidence), the migration
report, the campaign's progress and the national admin's page of background work."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.assessments.models import Answer, AnswerEvidence, CarryoverJob

from ..factories import login
from .carryover_world import answered_on_old_version, open_new_campaign, ref
from .factories import assessment_of

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def carried(world):
    return answered_on_old_version(world)


@pytest.fixture
def new_assessment(carried, world):
    return assessment_of(open_new_campaign(world, carried), world.ml)


def test_answering_page_shows_the_carry_over(carried, new_assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:assessment", args=[new_assessment.pk])
    content = client.get(url, {"partie": "1"}).content.decode()
    assert "Reprise de « Campagne 2030 »" in content
    assert (
        "Confirmer les reprises de la partie 1" in content
        and "Confirmer les reprises de la partie 2" in content
    )
    assert "Reprise de « Campagne 2030 », à confirmer" in content and "Confirmer la reprise" in content
    assert "Exigence modifiée depuis la version 2030" in content and "Garder cette preuve" in content
    assert "Ce qui disparaît" in content and "ML-2030-1.2.3" in content and "Preuve 1.2.3" in content
    part2 = client.get(url, {"partie": "2"}).content.decode()
    assert "Nouvelle exigence" in part2


def test_confirm_and_keep_from_the_page_go_back_where_they_were(carried, new_assessment, world, client):
    login(client, world.user(Role.ML_STAFF))
    page = reverse("assessments:assessment", args=[new_assessment.pk]) + "?partie=1"
    confirm_url = reverse("assessments:confirm_carried", args=[new_assessment.pk])
    requirement = ref(carried.pair.new, "1.1.3")
    response = client.post(confirm_url, {"exigence": requirement.pk, "retour": page})
    assert response.status_code == 302 and response.url == f"{page}#exigence-{requirement.pk}"
    assert Answer.objects.filter(assessment=new_assessment, requirement=requirement, level=2).exists()
    response = client.post(confirm_url, {"partie": "2", "retour": "https://ailleurs.example/"})
    assert response.url == reverse("assessments:assessment", args=[new_assessment.pk]) + "#reprise"
    assert Answer.objects.filter(assessment=new_assessment).count() == 8
    changed = ref(carried.pair.new, "1.1.2")
    keep = reverse("assessments:keep_evidence", args=[new_assessment.pk, changed.pk])
    assert client.post(keep, {"retour": page}).status_code == 302
    assert AnswerEvidence.objects.filter(assessment=new_assessment, requirement=changed).exists()
    content = client.get(page).content.decode()
    assert "Reprise de « Campagne 2030 » confirmée le" in content
    assert "1 preuve gardée pour l&#x27;exigence ML-2031-1.1.2." in content


def test_readers_see_the_carry_over_without_its_buttons(carried, new_assessment, world, client):
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(reverse("assessments:assessment", args=[new_assessment.pk])).content.decode()
    assert "Reprise de « Campagne 2030 »" in content
    assert "Confirmer la reprise" not in content and "Garder cette preuve" not in content


def _queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_answering_page_queries_do_not_grow_with_the_carry_over(world, client):
    """The same number of queries for a framework of 3 or 6 requirements a commitment."""
    counts = []
    for size, old, new in ((3, "2030", "2031"), (6, "2040", "2041")):
        carried = answered_on_old_version(world, size=size, old=old, new=new)
        assessment = assessment_of(open_new_campaign(world, carried), world.ml)
        login(client, world.user(Role.ML_QUALITY))
        counts.append(_queries(client, reverse("assessments:assessment", args=[assessment.pk]), partie="1"))
    assert counts[0] == counts[1]


def test_migration_report_page(carried, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("assessments:carryover_report", args=["ML"])
    response = client.get(url)
    content = response.content.decode()
    assert "Rapport de reprise du référentiel ML" in content and "ARML Alpha" in content
    row = re.search(r"<tfoot>.*?</tfoot>", content, re.S).group(0)
    assert [int(n) for n in re.findall(r'class="num">(\d+)<', row)] == [2, 26, 2, 4, 1, 1, 2, 1]
    assert "migration-report ML --from 2030 --to 2031" in content
    assert client.get(reverse("assessments:carryover_report", args=["ARML-UNML"])).status_code == 404


def test_migration_report_queries_do_not_grow_with_the_network(carried, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("assessments:carryover_report", args=["ML"])
    before = _queries(client, url)
    from .carryover_world import answered_on_old_version as again

    again(world, old="2050", new="2051")  # more answers, evidence and actions (on other versions)
    assert _queries(client, url, version="2031") == before


def test_campaign_page_shows_the_progress_and_polls_while_running(carried, new_assessment, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("assessments:campaign", args=[new_assessment.campaign.pk])
    content = client.get(url).content.decode()
    assert "Reprise des réponses de la version précédente" in content and "Terminée" in content
    assert "26 proposées à confirmer" in content and 'hx-trigger="every 2s"' not in content
    CarryoverJob.objects.update(status=CarryoverJob.Status.RUNNING, progress=40, step="Reprise en cours")
    fragment = client.get(url, **HTMX)
    assert "<html" not in fragment.content.decode() and 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "40 %" in fragment.content.decode()


def test_running_the_carry_over_again(carried, new_assessment, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("assessments:carryover_run", args=[new_assessment.campaign.pk])
    response = client.post(url, follow=True)
    assert "déjà reprises" in response.content.decode()
    assert CarryoverJob.objects.count() == 1


def test_background_page_lists_the_carry_over(carried, new_assessment, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(reverse("core:background")).content.decode()
    assert "Reprise des réponses — Campagne 2031" in content


def test_flagged_action_says_what_to_decide(carried, new_assessment, world, client):
    from .carryover_world import action

    orphan = action("Action orpheline")
    login(client, world.user(Role.ML_QUALITY))
    detail = client.get(reverse("improvement:detail", args=[world.ml.code, orphan.pk])).content.decode()
    assert "À décider :" in detail and "n&#x27;existe plus dans la version 2031" in detail
    plan = client.get(reverse("improvement:plan", args=[world.ml.code])).content.decode()
    assert "À décider" in plan


def test_results_page_across_versions(carried, new_assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    content = client.get(reverse("assessments:results", args=[new_assessment.pk])).content.decode()
    assert "Elle portait sur la version 2030 du référentiel" in content
    assert "Engagement modifié : 1 exigence modifiée." in content


def test_home_page_asks_the_structure_to_decide(carried, new_assessment, world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get(reverse("core:home")).content.decode()
    assert "Actions à décider" in content and "1 action du plan d&#x27;amélioration est liée" in content


def test_the_answering_page_filters_the_answers_to_confirm(carried, new_assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:assessment", args=[new_assessment.pk])
    everything = client.get(url, {"partie": "1"}).content.decode()
    match = re.search(r"Reprise à confirmer \((\d+)\)", everything)
    assert match and int(match.group(1)) > 0
    content = client.get(url, {"partie": "1", "filtre": "reprise-a-confirmer"}).content.decode()
    shown = re.findall(r'<article class="requirement-row', content)
    assert len(shown) == int(match.group(1))
    assert content.count("à confirmer</span>") == len(shown)


def test_without_carry_over_the_filter_is_not_offered(world, client):
    from .factories import load_ml_framework, open_campaign

    assessment = assessment_of(open_campaign(world, load_ml_framework("2035")), world.ml)
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:assessment", args=[assessment.pk])
    content = client.get(url, {"filtre": "reprise-a-confirmer"}).content.decode()
    assert "Reprise à confirmer" not in content
    assert content.count('<article class="requirement-row') > 0  # the unknown filter shows everything


def test_the_campaign_form_links_the_reports_of_the_frameworks_with_a_new_version(carried, world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(reverse("assessments:campaign_create")).content.decode()
    assert reverse("assessments:carryover_report", args=["ML"]) in content
    assert reverse("assessments:carryover_report", args=["ARML-UNML"]) not in content


def test_without_a_new_version_the_campaign_form_says_nothing_will_be_carried(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(reverse("assessments:campaign_create")).content.decode()
    assert "rien ne sera repris" in content
