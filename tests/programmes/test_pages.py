"""The programme pages: follow-up forms (bad input changes nothing, stale forms), declinations,
the UNML's matrix, exports, home steps, and query counts independent of the data size."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.programmes import services
from mlplatform.programmes.enums import ActionStatus
from mlplatform.programmes.models import Action, Entry, Indicator, Milestone, Programme

from ..factories import login, make_structure
from .world import pnae, prae, prae_action

pytestmark = pytest.mark.django_db


def _follow_up_url(action: Action) -> str:
    code = action.programme_version.programme.code
    return reverse("programmes:follow_up", kwargs={"code": code, "number": action.number})


def test_an_arml_records_progress_indicators_and_milestones(world, client):
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    url = _follow_up_url(action)
    response = client.post(
        url,
        {"formulaire": "suivi", "suivi-version": action.version, "suivi-status": "en_cours",
         "suivi-progress": "30", "suivi-comment": "Premier comité tenu."},
    )  # fmt: skip
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 30)
    client.post(
        url,
        {"formulaire": "indicateur", "indicateur-version": action.version, "indicateur-label": "Réunions",
         "indicateur-unit": "réunions", "indicateur-observatory_code": ""},
    )  # fmt: skip
    action.refresh_from_db()
    indicator = action.indicators.get()
    client.post(
        url,
        {"formulaire": "valeur", "valeur-version": action.version, "valeur-indicator": indicator.pk,
         "valeur-year": "2019", "valeur-target": "12", "valeur-actual": "7,5"},
    )  # fmt: skip
    value = indicator.values.get()
    assert (value.year, float(value.target), float(value.actual)) == (2019, 12.0, 7.5)
    action.refresh_from_db()
    client.post(
        url,
        {"formulaire": "jalon", "jalon-version": action.version, "jalon-title": "Séminaire régional",
         "jalon-due_on": "2019-05-01"},
    )  # fmt: skip
    assert action.milestones.get().title == "Séminaire régional"
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Premier comité tenu." in page and "Séminaire régional" in page and "réalisé 7,50" in page
    assert Entry.objects.filter(action=action).count() == 6  # with the declination's creation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"formulaire": "suivi", "suivi-status": "en_cours", "suivi-progress": "140"}, "nombre de 0 à 100"),
        (
            {"formulaire": "suivi", "suivi-status": "inconnu", "suivi-progress": "10"},
            "Sélectionnez un choix valide",
        ),
        ({"formulaire": "jalon", "jalon-title": "X", "jalon-due_on": "31/02/2019"}, "Date invalide"),
        ({"formulaire": "indicateur", "indicateur-label": ""}, "Nommez l&#x27;indicateur."),
    ],
)
def test_bad_input_gets_a_french_message_and_changes_nothing(world, client, data, message):
    action = prae_action(world)
    login(client, world.user(Role.ARML_STAFF))
    prefix = data["formulaire"]
    response = client.post(_follow_up_url(action), {**data, f"{prefix}-version": action.version})
    assert response.status_code == 200
    assert message in response.content.decode()
    fresh = Action.objects.get(pk=action.pk)
    assert (fresh.version, fresh.status, fresh.progress) == (action.version, action.status, action.progress)
    assert not Milestone.objects.exists() and not Indicator.objects.exists()


def test_a_stale_form_saves_nothing_and_keeps_the_input(world, client):
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    stale_version = action.version
    services.save_follow_up(
        action, user=None, expected_version=stale_version, status=ActionStatus.IN_PROGRESS, progress=50
    )
    response = client.post(
        _follow_up_url(action),
        {"formulaire": "suivi", "suivi-version": stale_version, "suivi-status": "realisee",
         "suivi-progress": "100", "suivi-comment": "Ma saisie"},
    )  # fmt: skip
    assert response.status_code == 409
    content = response.content.decode()
    assert "Quelqu&#x27;un a modifié le suivi" in content and "Ma saisie" in content
    assert "avancement 50 %" in content
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 50)


def test_an_arml_declines_national_actions_and_adds_its_own(world, client):
    programme = prae(world)
    login(client, world.user(Role.ARML_REFERENT))
    url = reverse("programmes:add_action", kwargs={"code": programme.code})
    page = client.get(url).content.decode()
    assert "4. Développer les partenariats" in page and ">1. Favoriser" not in page  # already declined
    response = client.post(
        url,
        {
            "formulaire": "decliner",
            "decliner-national_action": "4",
            "decliner-adaptation": "Club entreprises.",
        },
    )
    assert response.status_code == 302
    refused = client.post(
        url, {"formulaire": "decliner", "decliner-national_action": "4", "decliner-adaptation": ""}
    )
    assert "Dites comment la région décline cette action." in refused.content.decode()
    client.post(url, {"formulaire": "propre", "propre-title": "Mobilité rurale", "propre-context": ""})
    actions = list(programme.versions.get().actions.order_by("number"))
    assert [(a.number, a.declines.number if a.declines else None) for a in actions] == [
        (1, 1),
        (2, 4),
        (3, None),
    ]


def test_an_arml_creates_its_prae(world, client):
    pnae(world)
    login(client, world.user("OTHER_ARML_REFERENT"))
    response = client.post(
        reverse("programmes:create"), {"start_year": "2018", "end_year": "2020", "year": "2025"}
    )
    assert "L&#x27;année de la version doit être comprise entre 2017 et 2020." in response.content.decode()
    assert not Programme.objects.filter(owner=world.other_arml).exists()
    response = client.post(
        reverse("programmes:create"), {"start_year": "2018", "end_year": "2020", "year": "2019"}
    )
    assert response.status_code == 302
    assert Programme.objects.get(owner=world.other_arml).code == "PRAE-ARML-B"


def test_an_ml_reads_its_region_prae_and_the_pnae_only(world, client):
    prae(world)
    login(client, world.user(Role.ML_STAFF))
    content = client.get(reverse("programmes:list")).content.decode()
    assert "PRAE-ARML-A" in content and "/programmes/PNAE/" in content
    login(client, world.user("OTHER_ML_DIRECTOR"))
    content = client.get(reverse("programmes:list")).content.decode()
    assert "PRAE-ARML-A" not in content and "/programmes/PNAE/" in content


def _grow(world, armls: int, declined: int, start: int = 0) -> None:
    """``armls`` ARMLs, each with a PRAE declining national actions 1..declined, with indicators."""
    national = services.current_version(pnae(world))
    for index in range(start, start + armls):
        arml = make_structure(f"ARML-Q{index}", StructureType.ARML, world.unml, name=f"ARML Q{index}")
        programme = services.create_prae(arml, user=None, start_year=2018, end_year=2020, year=2019)
        version = programme.versions.get()
        for number in range(1, declined + 1):
            action = services.decline_action(
                version, national.actions.get(number=number), user=None, adaptation=f"Q{index}"
            )
            indicator = services.add_indicator(
                action, user=None, expected_version=action.version, label="Réunions"
            )
            services.set_indicator_value(
                indicator, user=None, expected_version=action.version, year=2019, target=3, actual=None
            )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_matrix_and_overview_query_counts_do_not_grow_with_actions_and_armls(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    _grow(world, armls=1, declined=1)
    matrix = reverse("programmes:matrix", kwargs={"code": "PNAE"})
    overview = reverse("programmes:overview", kwargs={"code": "PNAE"})
    regional = reverse("programmes:overview", kwargs={"code": "PRAE-ARML-Q0"})
    small = [_count(client, url) for url in (matrix, overview, regional)]
    _grow(world, armls=3, declined=5, start=1)
    version = Programme.objects.get(code="PRAE-ARML-Q0").versions.get()
    national = services.current_version(pnae(world))
    for number in range(2, 8):
        services.decline_action(version, national.actions.get(number=number), user=None, adaptation="plus")
    large = [_count(client, url) for url in (matrix, overview, regional)]
    assert large == small
    content = client.get(matrix).content.decode()
    assert "ARML Q3" in content and "Indicateurs communs" in content and "Réunions" in content


def test_the_unml_sees_the_declinations_in_the_matrix(world, client):
    action = prae_action(world)
    services.save_follow_up(
        action, user=None, expected_version=action.version, status="en_cours", progress=25
    )
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(reverse("programmes:matrix", kwargs={"code": "PNAE"})).content.decode()
    row = content.split("ARML Alpha")[1].split("</tr>")[0]
    assert "En cours" in row and "25 %" in row
    assert client.get(reverse("programmes:matrix", kwargs={"code": "PRAE-ARML-A"})).status_code == 403


def test_exports(world, client):
    action = prae_action(world)
    indicator = services.add_indicator(action, user=None, expected_version=action.version, label="=1+1")
    action.refresh_from_db()
    services.set_indicator_value(
        indicator, user=None, expected_version=action.version, year=2019, target=5, actual=2
    )
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.get(reverse("programmes:xlsx", kwargs={"code": "PRAE-ARML-A"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "N°" and rows[0][12] == "Indicateur"
    row_2019 = next(r for r in rows[1:] if r[14] == 2019)
    assert row_2019[12] == "=1+1"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # text, never a formula
    assert (row_2019[15], row_2019[16]) in ((5, 2), (5.0, 2.0))
    pdf = client.get(reverse("programmes:pdf", kwargs={"code": "PNAE"}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    one = client.get(reverse("programmes:action_pdf", kwargs={"code": "PNAE", "number": 6}))
    assert one.content.startswith(b"%PDF")
    printable = client.get(reverse("programmes:action_print", kwargs={"code": "PNAE", "number": 6}))
    text = printable.content.decode()
    assert "Format privilégié :" in text and "groupe de travail interrégional." in text
    assert "DGEFP" in text  # acronyms shown as written


def test_overdue_milestones_on_the_home_page_of_the_people_concerned(world, client):
    action = prae_action(world)
    services.add_milestone(
        action, user=None, expected_version=action.version, title="Comité de pilotage régional",
        due_on=datetime.date.today() - datetime.timedelta(days=2),
    )  # fmt: skip
    for key, shown in ((Role.ARML_STAFF, True), (Role.ML_DIRECTOR, False), ("OTHER_ARML_REFERENT", False)):
        login(client, world.user(key))
        content = client.get("/").content.decode()
        assert ("Comité de pilotage régional" in content) is shown, key
    national = services.current_version(pnae(world)).actions.get(number=3)
    services.add_milestone(
        national, user=None, expected_version=national.version, title="Tutoriel alternance",
        due_on=datetime.date.today() - datetime.timedelta(days=1),
    )  # fmt: skip
    login(client, world.user(Role.NATIONAL_ADMIN))
    assert "Tutoriel alternance" in client.get("/").content.decode()
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert "Tutoriel alternance" not in client.get("/").content.decode()
    national.referent_structures.add(world.other_arml)
    assert "Tutoriel alternance" in client.get("/").content.decode()
