"""The national and regional XLSX exports of a campaign's results: small groups suppressed, no free
text, formula-like names kept as text, each export linked from the campaign's page."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role

from ..factories import login
from .helpers import add_responses, youth_campaign

pytestmark = pytest.mark.django_db

TRAP = '=HYPERLINK("http://exemple.test/piege","Cliquez ici")'


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _by_code(rows: list[list]) -> dict[str, list]:
    return {row[2] or row[3]: row for row in rows[1:]}


@pytest.fixture
def answered(world):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 12, GLOBAL="4", RECOMMANDATION="10", SUGGESTION="Texte privé")
    add_responses(campaign, world.ml2, 4, GLOBAL="1")
    add_responses(campaign, world.other_ml, 10, GLOBAL="2", RECOMMANDATION="3")
    return campaign


def test_the_national_export_has_the_network_the_regions_and_every_structure(world, client, answered):
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("surveys:national_xlsx", kwargs={"code": answered.code})
    assert url in client.get(reverse("surveys:campaign", kwargs={"code": answered.code})).content.decode()
    rows = _sheet(client.get(url))
    header, by_code = rows[0], _by_code(rows)
    assert header[:8] == [
        "Niveau",
        "Région",
        "Code",
        "Structure",
        "Réponses",
        "Dont saisies papier",
        "Taux de satisfaction globale",
        "Score de recommandation (points)",
    ]
    assert by_code["Ensemble du réseau"][4:8] == [
        26,
        26,
        round(12 / 26, 4),
        round(100 * (16 - 10) / 26, 1),
    ]  # ML-A2 recommends (9)
    assert by_code["ARML-A"][:5] == ["Région", "Région Alpha", "ARML-A", "ARML Alpha", 16]
    assert by_code["ML-A1"][4:8] == [12, 12, 1.0, 100.0]
    assert by_code["ML-A2"][4:] == ["moins de 10 réponses"] + [None] * (len(header) - 5)
    assert by_code[world.other_ml.code][4:8] == [10, 10, 0.0, -100.0]
    assert "Texte privé" not in str(rows)


def test_the_regional_export_keeps_to_the_region(world, client, answered):
    login(client, world.user(Role.ARML_REFERENT))
    page = client.get(reverse("surveys:campaign", kwargs={"code": answered.code})).content.decode()
    url = reverse("surveys:regional_xlsx", kwargs={"code": answered.code, "region": world.arml.code})
    assert url in page and "surveys/resultats-national" not in page
    by_code = _by_code(_sheet(client.get(url)))
    assert set(by_code) == {"ARML-A", "ML-A1", "ML-A2"}
    assert by_code["ML-A2"][4] == "moins de 10 réponses"
    other = reverse("surveys:regional_xlsx", kwargs={"code": answered.code, "region": world.other_arml.code})
    assert client.get(other).status_code == 404
    assert client.get(reverse("surveys:national_xlsx", kwargs={"code": answered.code})).status_code == 403


def test_a_region_under_the_threshold_is_suppressed(world, client):
    campaign = youth_campaign(world)
    add_responses(campaign, world.other_ml, 9)
    login(client, world.user(Role.NATIONAL_ADMIN))
    url = reverse("surveys:regional_xlsx", kwargs={"code": campaign.code, "region": world.other_arml.code})
    by_code = _by_code(_sheet(client.get(url)))
    assert by_code["ARML-B"][4] == by_code[world.other_ml.code][4] == "moins de 10 réponses"


def test_formula_like_names_are_written_as_text(world, client, answered):
    world.ml.name = TRAP
    world.ml.save()
    login(client, world.user(Role.NATIONAL_ADMIN))
    response = client.get(reverse("surveys:national_xlsx", kwargs={"code": answered.code}))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == TRAP]
    assert cells and all(cell.data_type == "s" for cell in cells)
