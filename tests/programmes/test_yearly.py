"""Yearly versions of a PRAE from the pages (N+1 prepared from N as a draft, then adopted), the
programme's journal, and the PDF of a yearly review with its charts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.programmes import services, yearly
from mlplatform.programmes.models import Milestone, ProgrammeEntry
from mlplatform.programmes.review_pdf import review_charts
from mlplatform.programmes.reviews import programme_review, save_action_review

from ..factories import login
from .world import pnae, prae, prae_action

pytestmark = pytest.mark.django_db


def _versions_url(programme) -> str:
    return reverse("programmes:versions", kwargs={"code": programme.code})


def _follow_up(action, user):
    indicator = services.add_indicator(action, user=user, expected_version=action.version, label="Réunions")
    action.refresh_from_db()
    for year in (2019, 2020):
        services.set_indicator_value(
            indicator, user=user, expected_version=action.version, year=year, target=Decimal(10), actual=None
        )
        action.refresh_from_db()
    services.add_milestone(
        action,
        user=user,
        expected_version=action.version,
        title="Comité 2020",
        due_on=datetime.date(2020, 3, 1),
    )
    action.refresh_from_db()
    services.add_milestone(
        action,
        user=user,
        expected_version=action.version,
        title="Comité 2019",
        due_on=datetime.date(2019, 3, 1),
    )
    action.refresh_from_db()
    services.save_follow_up(
        action, user=user, expected_version=action.version, status="en_cours", progress=40
    )


def test_the_arml_prepares_the_next_version_then_records_its_adoption(world, client):
    programme = prae(world)
    referent = world.user(Role.ARML_REFERENT)
    action = prae_action(world)
    _follow_up(action, referent)
    login(client, referent)
    page = client.get(_versions_url(programme))
    assert page.status_code == 200 and "Préparer la version 2020" in page.content.decode()
    response = client.post(_versions_url(programme), {"formulaire": "preparer", "from_year": 2019})
    assert response.status_code == 302
    new = programme.versions.get(year=2020)
    assert new.is_draft and new.prepared_from.year == 2019 and new.created_by == referent
    copy = new.actions.get(number=1)
    assert copy.declines == action.declines and copy.title == action.title
    assert (copy.status, copy.progress) == ("en_cours", 40)
    assert [v.year for v in copy.indicators.get().values.all()] == [2020]
    assert list(Milestone.objects.filter(action=copy).values_list("title", flat=True)) == ["Comité 2020"]
    assert "reprise de la version 2019" in copy.entries.get().text
    # The version the person saw is no longer the latest: nothing is prepared twice.
    again = client.post(_versions_url(programme), {"formulaire": "preparer", "from_year": 2019})
    assert again.status_code == 409 and programme.versions.count() == 2
    adopted = client.post(
        _versions_url(programme),
        {"formulaire": "adopter", "adoption-year": 2020,
         "adoption-adopted_by": "le comité de pilotage régional", "adoption-adopted_on": "2019-12-10"},
    )  # fmt: skip
    assert adopted.status_code == 302
    new.refresh_from_db()
    assert not new.is_draft and new.adopted_on == datetime.date(2019, 12, 10)
    texts = list(ProgrammeEntry.objects.filter(programme=programme).values_list("text", flat=True))
    assert any(
        text.startswith("Version 2020 préparée à partir de la version 2019 (1 fiche reprise)")
        for text in texts
    )
    assert any("Version 2020 adoptée le 10/12/2019 par le comité de pilotage régional" in t for t in texts)
    journal = client.get(reverse("programmes:journal", kwargs={"code": programme.code}))
    assert journal.status_code == 200 and "Version 2020 adoptée" in journal.content.decode()
    # The last year of the period has no next version.
    assert "pas de version suivante à préparer" in client.get(_versions_url(programme)).content.decode()


def test_an_adoption_already_recorded_is_not_overwritten(world):
    programme = prae(world)
    referent = world.user(Role.ARML_REFERENT)
    version = programme.versions.get()
    yearly.adopt_version(version, user=referent, adopted_by="le comité", adopted_on=datetime.date(2019, 1, 5))
    with pytest.raises(services.StaleEdit):
        yearly.adopt_version(version, user=referent, adopted_by="autre", adopted_on=datetime.date(2019, 2, 1))
    version.refresh_from_db()
    assert version.adopted_by == "le comité"


def test_only_the_owner_arml_manages_versions(world, client):
    programme = prae(world)
    with pytest.raises(PermissionDenied):
        yearly.prepare_next_version(programme, user=world.user(Role.NATIONAL_ADMIN), from_year=2019)
    login(client, world.user(Role.ML_DIRECTOR))
    page = client.get(_versions_url(programme))
    assert page.status_code == 200 and "Préparer la version" not in page.content.decode()
    assert (
        client.post(_versions_url(programme), {"formulaire": "preparer", "from_year": 2019}).status_code
        == 403
    )
    national = pnae(world)
    login(client, world.user(Role.NATIONAL_ADMIN))
    assert (
        client.post(_versions_url(national), {"formulaire": "preparer", "from_year": 2018}).status_code == 403
    )
    assert programme.versions.count() == 1 and national.versions.count() == 1


def test_the_review_pdf_has_its_charts_and_their_tables(world, client):
    programme = prae(world)
    action = prae_action(world)
    _follow_up(action, world.user(Role.ARML_REFERENT))
    review = programme_review(programme.versions.get(), 2019)
    charts = review_charts(review)
    assert [chart.id for chart in charts] == ["avancement", "statuts", "indicateurs"]
    assert charts[0].table.rows[0][0] == "n° 1" and "40" in charts[0].table.rows[0][1][0]
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.get(reverse("programmes:review_pdf", kwargs={"code": programme.code, "year": 2019}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        client.get(
            reverse("programmes:review_pdf", kwargs={"code": programme.code, "year": 2030})
        ).status_code
        == 404
    )


def test_a_year_s_bilan_reads_that_year_s_version_once_the_next_one_is_prepared(world, client):
    programme = prae(world)
    referent = world.user(Role.ARML_REFERENT)
    action = prae_action(world)
    save_action_review(
        action, user=referent, expected_version=action.version, year=2019, results="Charte régionale adoptée."
    )
    yearly.prepare_next_version(programme, from_year=2019, user=referent)
    assert programme.versions.filter(year=2020).exists()
    login(client, referent)
    url = reverse("programmes:review", kwargs={"code": programme.code, "year": 2019})
    # Reached from the programme's page (showing version 2020) and from the other years' bilans.
    overview = client.get(reverse("programmes:overview", kwargs={"code": programme.code})).content.decode()
    assert f'href="{url}"' in overview
    later_url = reverse("programmes:review", kwargs={"code": programme.code, "year": 2020})
    assert f'href="{url}"' in client.get(later_url).content.decode()
    page = client.get(url).content.decode()
    assert "Charte régionale adoptée." in page and "version 2019" in page
    # The same bilan as the 2019 activity report's, and as the PDF's.
    assert programme_review(programme.versions.get(year=2019), 2019)["rows"][0]["review"] is not None
    pdf = client.get(reverse("programmes:review_pdf", kwargs={"code": programme.code, "year": 2019}))
    assert pdf.status_code == 200
    later = client.get(reverse("programmes:review", kwargs={"code": programme.code, "year": 2020}))
    assert "version 2020" in later.content.decode()
