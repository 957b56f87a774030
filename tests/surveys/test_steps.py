"""The home page's barometer steps: an open campaign (responses so far, the link), results ready."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.surveys import figures

from ..factories import login
from .helpers import add_responses, youth_campaign

pytestmark = pytest.mark.django_db


def _home(client, world, role=Role.ML_QUALITY) -> str:
    client.logout()
    login(client, world.user(role))
    return html.unescape(client.get(reverse("core:home")).content.decode())


def test_an_open_barometer_asks_to_spread_the_link(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 2)
    add_responses(campaign, world.ml2, 5)
    page = _home(client, world)
    assert f"Le baromètre « {campaign.title} » est ouvert jusqu'au" in page
    assert "2 réponses reçues" in page and "Diffusez le lien" in page
    assert reverse("surveys:results", kwargs={"code": campaign.code, "structure": world.ml.code}) in page
    assert "2 réponses reçues" in _home(client, world, Role.ML_DIRECTOR)
    assert "Baromètre ouvert" not in _home(client, world, Role.AUDITOR)


def test_results_are_announced_once_computed(world, client):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12)
    add_responses(campaign, world.ml2, 3)
    assert "Résultats disponibles" not in _home(client, world)  # not computed yet
    figures.store_figures(campaign)
    page = _home(client, world)
    assert "Résultats disponibles" in page and "12 réponses pour votre structure" in page
    assert "Baromètre ouvert" not in page
    campaign.opens_on -= datetime.timedelta(days=100)  # closed long ago
    campaign.closes_on = campaign.opens_on + datetime.timedelta(days=1)
    campaign.save()
    figures.store_figures(campaign)
    assert "Résultats disponibles" not in _home(client, world)


def test_small_structures_are_told_their_results_are_not_published(world, client):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 4)
    figures.store_figures(campaign)
    assert "moins de 10 réponses pour votre structure" in _home(client, world)


def test_the_home_page_query_count_does_not_grow_with_campaigns_and_responses(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 1)
    login(client, world.user(Role.ML_QUALITY))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("core:home"))
    closed = youth_campaign(world, code="close", closed=True)
    add_responses(closed, world.ml, 11)
    figures.store_figures(closed)
    other = youth_campaign(world, code="autre")
    add_responses(other, world.ml, 3)
    add_responses(campaign, world.ml, 5)
    with CaptureQueriesContext(connection) as large:
        page = html.unescape(client.get(reverse("core:home")).content.decode())
    assert page.count("Baromètre ouvert") == 2 and "Résultats disponibles" in page
    assert len(large) == len(small)
