"""The demo holds, for ARML Normandie 2022, a regional plan shaped like seed 004's figures."""

from __future__ import annotations

import pytest

from mlplatform.network.demo import load_demo_network, load_reference_network
from mlplatform.network.models import Structure
from mlplatform.training.demo import load_demo
from mlplatform.training.models import TrainingAction
from mlplatform.training.review import review


@pytest.mark.django_db
def test_normandie_2022_matches_the_activity_report():
    assert load_reference_network().accepted
    load_demo_network()
    assert "357 participant" in load_demo()
    figures = review(Structure.objects.get(code="ARML-NOR"), 2022)
    assert (figures.actions, figures.sessions, figures.participants) == (19, 31, 357)
    assert figures.training_days == 87.0
    assert figures.staff_share == pytest.approx(0.41, abs=0.005)
    assert figures.mls_reached_share == 1.0 and figures.mls == 24
    assert figures.evaluations > 250 and 0.8 < figures.satisfied_share < 1
    regions = TrainingAction.objects.filter(year=2022).values("structure").distinct().count()
    assert regions == 3  # Normandie and two demo regions
    national = review(Structure.objects.get(type="UNML"), 2022)
    assert national.participants > 357 and national.actions > 19
    assert load_demo().endswith("déjà chargée.")


@pytest.mark.django_db
def test_the_demo_review_page_shows_the_figures_and_charts(client):
    from django.urls import reverse

    from mlplatform.accounts.enums import Role

    from ..factories import login, make_user

    assert load_reference_network().accepted
    load_demo()
    arml = Structure.objects.get(code="ARML-NOR")
    login(client, make_user("referent@arml-nor.test.example", Role.ARML_REFERENT, arml))
    page = client.get(reverse("training:review", args=["ARML-NOR"]) + "?annee=2022").content.decode()
    assert 'data-count="participants">357<' in page and 'data-count="training_days">87,0<' in page
    assert page.count("<svg") == 2 and "41,0" in page
