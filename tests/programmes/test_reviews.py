"""Budget, yearly reviews (the national bilan gathers the regional ones) and review snapshots."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.programmes import services
from mlplatform.programmes.models import BudgetLine, ProgrammeEntry, Review
from mlplatform.programmes.reviews import (
    programme_review,
    save_action_review,
    save_programme_review,
    take_snapshot,
)

from ..factories import login
from .world import pnae, prae, prae_action

pytestmark = pytest.mark.django_db


def test_budget_by_funder_is_version_checked_and_replaces_the_funder_line(world):
    action = prae_action(world)
    user = world.user(Role.ARML_REFERENT)
    services.save_budget_line(
        action, user=user, expected_version=action.version, year=2019, funder="État (DGEFP)",
        planned=Decimal(12000), spent=None, fte=Decimal("0.5"),
    )  # fmt: skip
    services.save_budget_line(
        action, user=user, expected_version=action.version, year=2019, funder="État (DGEFP)",
        planned=Decimal(12000), spent=Decimal(8000), fte=Decimal("0.5"),
    )  # fmt: skip
    line = BudgetLine.objects.get()
    assert (line.spent, line.fte) == (Decimal(8000), Decimal("0.5"))
    with pytest.raises(services.StaleEdit):
        services.save_budget_line(
            action, user=user, expected_version=action.version - 1, year=2019, funder="Région",
            planned=Decimal(1), spent=None, fte=None,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="période"):
        services.save_budget_line(
            action, user=user, expected_version=action.version, year=2031, funder="Région",
            planned=Decimal(1), spent=None, fte=None,
        )  # fmt: skip
    assert BudgetLine.objects.count() == 1


def test_the_national_bilan_gathers_the_regional_ones(world, client):
    regional = prae_action(world)  # declines national action 1
    save_action_review(
        regional, user=None, expected_version=regional.version, year=2019,
        results="Charte régionale adoptée.", outlook="Former les nouveaux conseillers.",
    )  # fmt: skip
    national = services.current_version(pnae(world))
    save_programme_review(
        national.programme, year=2019, expected_version=None, highlights="Conférence de juin."
    )
    data = programme_review(national, 2019)
    first = data["rows"][0]
    assert first["action"].number == 1 and [r.results for r in first["regional"]] == [
        "Charte régionale adoptée."
    ]
    assert data["review"].highlights == "Conférence de juin."
    login(client, world.user(Role.ML_STAFF))
    page = client.get(reverse("programmes:review", kwargs={"code": "PNAE", "year": 2019})).content.decode()
    assert "ARML Alpha" in page and "Charte régionale adoptée." in page and "Conférence de juin." in page
    assert 'name="results"' not in page  # an ML reads, it does not write the national bilan


def test_programme_bilan_form_refuses_empty_and_stale_input(world, client):
    programme = prae(world)
    login(client, world.user(Role.ARML_STAFF))
    url = reverse("programmes:review", kwargs={"code": programme.code, "year": 2019})
    empty = client.post(url, {"review_version": "0", "results": " "})
    assert "Le bilan est vide" in empty.content.decode() and not Review.objects.exists()
    assert client.post(url, {"review_version": "0", "results": "Trois comités tenus."}).status_code == 302
    review = Review.objects.get()
    save_programme_review(programme, year=2019, expected_version=review.version, results="Quatre comités.")
    stale = client.post(url, {"review_version": str(review.version), "results": "Ma version"})
    assert stale.status_code == 409 and "Ma version" in stale.content.decode()
    assert Review.objects.get().results == "Quatre comités."
    journal = ProgrammeEntry.objects.filter(programme=programme, text__startswith="Bilan")
    assert sorted(journal.values_list("text", flat=True)) == [
        "Bilan 2019 du programme modifié.",
        "Bilan 2019 du programme rédigé.",
    ]
    login(client, world.user(Role.ML_DIRECTOR))
    assert client.post(url, {"review_version": "2", "results": "x"}).status_code == 403


def test_a_snapshot_keeps_the_state_at_its_date(world, client):
    action = prae_action(world)
    services.save_follow_up(
        action, user=None, expected_version=action.version, status="en_cours", progress=30
    )
    version = action.programme_version
    snapshot = take_snapshot(version, user=None, label="Conférence des présidents du 12 juin")
    services.save_follow_up(
        action, user=None, expected_version=action.version, status="realisee", progress=100
    )
    snapshot.refresh_from_db()
    assert snapshot.actions[0]["status"] == "En cours" and snapshot.actions[0]["progress"] == 30
    referent = world.user(Role.ARML_REFERENT)
    login(client, referent)
    listing = reverse("programmes:snapshots", kwargs={"code": version.programme.code})
    response = client.post(listing, {"label": ""})
    assert "Indiquez l&#x27;occasion" in response.content.decode()
    response = client.post(listing, {"label": "Comité régional"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Comité régional" in page and "Réalisée" in page
    journal = list(ProgrammeEntry.objects.filter(programme=version.programme).values_list("text", "author"))
    assert ("État des lieux « Comité régional » enregistré (1 action, version 2019).", referent.pk) in journal
    login(client, world.user(Role.ML_STAFF))
    assert client.post(listing, {"label": "x"}).status_code == 403


def test_budget_and_bilan_forms_on_the_follow_up_page(world, client):
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    url = reverse(
        "programmes:follow_up", kwargs={"code": action.programme_version.programme.code, "number": 1}
    )
    bad = client.post(
        url, {"formulaire": "budget", "budget-version": action.version, "budget-year": "2019",
              "budget-funder": "Région", "budget-planned": "mille"},
    )  # fmt: skip
    assert "Indiquez un nombre" in bad.content.decode() and not BudgetLine.objects.exists()
    client.post(
        url, {"formulaire": "budget", "budget-version": action.version, "budget-year": "2019",
              "budget-funder": "Région", "budget-planned": "1500,50", "budget-fte": "0,2"},
    )  # fmt: skip
    assert BudgetLine.objects.get().planned == Decimal("1500.50")
    action.refresh_from_db()
    client.post(
        url, {"formulaire": "bilan", "bilan-version": action.version, "bilan-year": "2019",
              "bilan-highlights": "Séminaire régional."},
    )  # fmt: skip
    assert Review.objects.get(action=action).highlights == "Séminaire régional."
    page = client.get(action.get_absolute_url()).content.decode()
    assert "1500,50" in page and "Séminaire régional." in page
