"""The JSON endpoints: same numbers as the indicators module, scoping per role, bad input, query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.api.openapi import openapi_document
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.observatory import indicators as engine

from ..factories import make_structure
from ..observatory.factories import SAMPLE_EXPECTED, acte, import_rows, jeune, sample_rows
from .helpers import api_get, issue, schema_validator

INDICATORS_URL = "api:observatory_indicators"
DOCUMENT = openapi_document("http://testserver/api/v1")

REGION_A = {"ARML-A", "ML-A1", "ML-A2"}
ML_ROLES = [Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF]
ARML_ROLES = [Role.ARML_REFERENT, Role.ARML_STAFF]


def _region_a_only(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {kind: [row for row in table if row["structure"] in REGION_A] for kind, table in rows.items()}


@pytest.fixture
def sample(world, tmp_path):
    """2023 for the three MLs of the world; 2022 for region A only (so evolutions exist there)."""
    import_rows(2022, directory=tmp_path / "2022", **_region_a_only(sample_rows(2022)))
    import_rows(2023, directory=tmp_path / "2023", **sample_rows(2023))
    return world


def _as_json(data: dict) -> dict:
    """What the engine's dict becomes once serialised (tuples as lists, and so on)."""
    return json.loads(json.dumps(data))


def _get(client, world, role, name, **params):
    _, secret = issue(world, role)
    return api_get(client, reverse(name), secret, **params)


def _assert_error(response, status: int, fragment: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    schema_validator(DOCUMENT, "Error").validate(body)
    assert fragment in body["detail"], body["detail"]


# --- /structures/ -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.NATIONAL_ADMIN, ["UNML", "ARML-A", "ARML-B", "ML-A1", "ML-A2", "ML-B1"]),
        (Role.ARML_REFERENT, ["ARML-A", "ML-A1", "ML-A2"]),
        (Role.ARML_STAFF, ["ARML-A", "ML-A1", "ML-A2"]),
        (Role.ML_DIRECTOR, ["ML-A1"]),
        (Role.ML_QUALITY, ["ML-A1"]),
        (Role.ML_STAFF, ["ML-A1"]),
        ("OTHER_ARML_REFERENT", ["ARML-B", "ML-B1"]),
        ("OTHER_ML_DIRECTOR", ["ML-B1"]),
    ],
)
def test_structures_of_the_perimeter(role, expected, world, client):
    response = _get(client, world, role, "api:structures")
    assert response.status_code == 200
    body = response.json()
    schema_validator(DOCUMENT, "StructureList").validate(body)
    assert [row["code"] for row in body["results"]] == expected


def test_structures_carry_registry_fields_and_no_personal_data(world, client):
    Structure.objects.filter(pk=world.ml.pk).update(
        director_name="Jeanne Dupont", president_name="Paul Martin", email="direction@ml-a1.example"
    )
    response = _get(client, world, Role.ML_DIRECTOR, "api:structures")
    assert response.json()["results"] == [
        {
            "code": "ML-A1",
            "type": "ML",
            "name": "Mission Locale Alpha Un",
            "parent": "ARML-A",
            "region": "Région Alpha",
            "department": "14",
            "closed_on": None,
        }
    ]
    content = response.content.decode()
    assert "Dupont" not in content and "Martin" not in content and "direction@" not in content


def test_structures_query_count_does_not_grow_with_the_network(world, client):
    _, secret = issue(world, Role.NATIONAL_ADMIN)
    api_get(client, reverse("api:structures"), secret)  # the first use is recorded (one UPDATE)
    with CaptureQueriesContext(connection) as few:
        assert len(api_get(client, reverse("api:structures"), secret).json()["results"]) == 6
    for index in range(8):
        make_structure(f"ML-A{index + 3}", StructureType.ML, world.arml)
    with CaptureQueriesContext(connection) as many:
        assert len(api_get(client, reverse("api:structures"), secret).json()["results"]) == 14
    assert len(many) == len(few)


# --- /observatoire/annees/ ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "structure", "years"),
    [
        (Role.NATIONAL_ADMIN, None, [2022, 2023]),
        (Role.ARML_STAFF, "ARML-A", [2022, 2023]),
        (Role.ML_QUALITY, "ML-A1", [2022, 2023]),
        ("OTHER_ARML_REFERENT", "ARML-B", [2023]),
        ("OTHER_ML_DIRECTOR", "ML-B1", [2023]),
    ],
)
def test_years_of_the_perimeter(role, structure, years, sample, client):
    response = _get(client, sample, role, "api:observatory_years")
    assert response.status_code == 200
    schema_validator(DOCUMENT, "Years").validate(response.json())
    assert response.json() == {"structure": structure, "years": years}


def test_years_without_any_import(world, client):
    assert _get(client, world, Role.ML_STAFF, "api:observatory_years").json() == {
        "structure": "ML-A1",
        "years": [],
    }


# --- /observatoire/indicateurs/ -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "top"),
    [
        (Role.NATIONAL_ADMIN, None),
        *((role, "arml") for role in ARML_ROLES),
        *((role, "ml") for role in ML_ROLES),
        ("OTHER_ARML_REFERENT", "other_arml"),
        ("OTHER_ML_DIRECTOR", "other_ml"),
    ],
)
def test_indicators_default_to_the_top_of_the_perimeter(role, top, sample, client):
    structure = getattr(sample, top) if top else None
    response = _get(client, sample, role, INDICATORS_URL, annee=2023)
    assert response.status_code == 200
    body = response.json()
    assert body == _as_json(engine.indicators(2023, structure))
    schema_validator(DOCUMENT, "Indicators").validate(body)
    code = structure.code if structure else None
    assert body["structure"] == code and body["year"] == 2023
    # The hand-computed figures of the sample (ARML-B has a single ML, ML-B1: the same figures).
    expected = SAMPLE_EXPECTED["ML-B1" if code == "ARML-B" else code]
    for indicator, value in expected.items():
        assert body["indicators"][indicator] == value, indicator


def test_indicators_have_the_issue_shape(sample, client):
    body = _get(client, sample, Role.ARML_REFERENT, INDICATORS_URL, annee=2023).json()
    assert list(body)[:7] == [
        "structure",
        "year",
        "indicators",
        "breakdowns",
        "exits_by_reason",
        "objectives",
        "evolution",
    ]
    assert body["breakdowns"]["sexe"] == {"F": 2, "H": 3}
    assert set(body["exits_by_reason"]) == {"CEJ", "GJ", "PACEA"}
    assert {"structure": "ARML-A", "dispositifs": "CEJ+GJ", "valeur": 4, "realise": 2, "taux": 0.5} in body[
        "objectives"
    ]
    # Region A imported 2022 too: evolutions exist; they are the engine's.
    assert body["evolution"] and "jeunes_accompagnes" in body["evolution"]


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.NATIONAL_ADMIN, "ML-B1"),
        (Role.NATIONAL_ADMIN, "ARML-A"),
        (Role.ARML_REFERENT, "ML-A2"),
        (Role.ARML_STAFF, "ML-A1"),
        (Role.ARML_STAFF, "ARML-A"),
        (Role.ML_STAFF, "ML-A1"),
        ("OTHER_ARML_REFERENT", "ML-B1"),
    ],
)
def test_indicators_of_a_structure_inside_the_perimeter(role, code, sample, client):
    response = _get(client, sample, role, INDICATORS_URL, annee=2023, structure=code)
    assert response.status_code == 200
    assert response.json() == _as_json(engine.indicators(2023, Structure.objects.get(code=code)))


def test_the_unml_code_gives_the_national_total(sample, client):
    response = _get(client, sample, Role.NATIONAL_ADMIN, INDICATORS_URL, annee=2023, structure="UNML")
    assert response.json() == _as_json(engine.indicators(2023, None))
    assert response.json()["structure"] is None


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.ML_DIRECTOR, "ML-A2"),  # the other ML of the region
        (Role.ML_QUALITY, "ARML-A"),  # its own ARML
        (Role.ML_STAFF, "UNML"),
        (Role.ARML_REFERENT, "ML-B1"),  # another region
        (Role.ARML_STAFF, "ARML-B"),
        (Role.ARML_REFERENT, "UNML"),
        ("OTHER_ARML_REFERENT", "ML-A1"),
        ("OTHER_ML_DIRECTOR", "ML-A1"),
        (Role.NATIONAL_ADMIN, "ML-ZZ"),  # no such structure
    ],
)
def test_structure_outside_the_perimeter_is_404(role, code, sample, client):
    response = _get(client, sample, role, INDICATORS_URL, annee=2023, structure=code)
    _assert_error(response, 404, "introuvable dans le périmètre de votre jeton")
    assert "jeunes_accompagnes" not in response.content.decode()


def test_year_without_data_is_404(sample, client):
    response = _get(client, sample, "OTHER_ML_DIRECTOR", INDICATORS_URL, annee=2022)
    _assert_error(response, 404, "Années disponibles : 2023")
    response = _get(client, sample, Role.NATIONAL_ADMIN, INDICATORS_URL, annee=2021)
    _assert_error(response, 404, "Aucune donnée de l'observatoire pour 2021 pour le réseau national")


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "Le paramètre « annee » est obligatoire"),
        ({"annee": ""}, "Le paramètre « annee » est obligatoire"),
        ({"annee": "20x3"}, "Année invalide : « 20x3 »"),
        ({"annee": "23"}, "Année invalide"),
        ({"annee": ["2023", "2022"]}, "donné plusieurs fois"),
        ({"year": "2023"}, "Paramètre inconnu : year"),
        ({"annee": "2023", "structure": "ML-A1", "format": "csv"}, "Paramètre inconnu : format"),
    ],
)
def test_bad_parameters_are_400(params, fragment, sample, client):
    _assert_error(_get(client, sample, Role.NATIONAL_ADMIN, INDICATORS_URL, **params), 400, fragment)


def test_indicators_query_count_does_not_grow_with_the_data(world, client, tmp_path):
    rows = sample_rows(2023)
    import_rows(2023, directory=tmp_path / "small", **rows)
    _, secret = issue(world, Role.NATIONAL_ADMIN)
    api_get(client, reverse(INDICATORS_URL), secret, annee=2023)  # the first use is recorded
    with CaptureQueriesContext(connection) as few:
        api_get(client, reverse(INDICATORS_URL), secret, annee=2023)
    extra = [make_structure(f"ML-A{index + 3}", StructureType.ML, world.arml) for index in range(5)]
    more = {
        "jeunes": [jeune(s.code, f"{s.code}-jeune-{n:02}") for s in extra for n in range(4)],
        "evenements": [acte(s.code, f"{s.code}-jeune-{n:02}", "2023-05-02") for s in extra for n in range(4)],
    }
    import_rows(2023, directory=tmp_path / "more", **more)
    with CaptureQueriesContext(connection) as many:
        body = api_get(client, reverse(INDICATORS_URL), secret, annee=2023).json()
    assert body["indicators"]["jeunes_accompagnes"] == SAMPLE_EXPECTED[None]["jeunes_accompagnes"] + 20
    assert len(many) == len(few)


# --- /observatoire/structures/ ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.NATIONAL_ADMIN, [None, "ARML-A", "ARML-B", "ML-A1", "ML-A2", "ML-B1"]),
        (Role.ARML_STAFF, ["ARML-A", "ML-A1", "ML-A2"]),
        (Role.ML_DIRECTOR, ["ML-A1"]),
        ("OTHER_ARML_REFERENT", ["ARML-B", "ML-B1"]),
    ],
)
def test_indicators_of_every_structure_of_the_perimeter(role, expected, sample, client):
    response = _get(client, sample, role, "api:observatory_structures", annee=2023)
    assert response.status_code == 200
    body = response.json()
    schema_validator(DOCUMENT, "IndicatorsList").validate(body)
    assert body["year"] == 2023
    assert [item["structure"] for item in body["results"]] == expected
    for item in body["results"]:
        structure = Structure.objects.get(code=item["structure"]) if item["structure"] else None
        assert item == _as_json(engine.indicators(2023, structure))


def test_structures_indicators_filtered_by_type(sample, client):
    response = _get(client, sample, Role.NATIONAL_ADMIN, "api:observatory_structures", annee=2023, type="ML")
    assert [item["structure"] for item in response.json()["results"]] == ["ML-A1", "ML-A2", "ML-B1"]
    response = _get(client, sample, Role.ARML_REFERENT, "api:observatory_structures", annee=2023, type="ARML")
    assert [item["structure"] for item in response.json()["results"]] == ["ARML-A"]
    response = _get(client, sample, Role.ARML_REFERENT, "api:observatory_structures", annee=2023, type="UNML")
    _assert_error(response, 400, "Type de structure invalide")


def test_structures_indicators_need_a_year_with_data(sample, client):
    _assert_error(_get(client, sample, Role.NATIONAL_ADMIN, "api:observatory_structures"), 400, "obligatoire")
    response = _get(client, sample, "OTHER_ARML_REFERENT", "api:observatory_structures", annee=2022)
    _assert_error(response, 404, "Aucune donnée de l'observatoire pour 2022")


def test_structures_indicators_query_count_does_not_grow_with_the_network(world, client, tmp_path):
    import_rows(2023, directory=tmp_path / "small", **sample_rows(2023))
    _, secret = issue(world, Role.NATIONAL_ADMIN)
    url = reverse("api:observatory_structures")
    api_get(client, url, secret, annee=2023)  # the first use is recorded
    with CaptureQueriesContext(connection) as few:
        assert len(api_get(client, url, secret, annee=2023).json()["results"]) == 6
    arml = make_structure("ARML-C", StructureType.ARML, world.unml, region="Région Gamma")
    extra = [make_structure(f"ML-C{index}", StructureType.ML, arml) for index in range(6)]
    import_rows(
        2023,
        directory=tmp_path / "more",
        jeunes=[jeune(s.code, f"{s.code}-jeune-01") for s in extra],
        evenements=[acte(s.code, f"{s.code}-jeune-01", "2023-06-01") for s in extra],
    )
    with CaptureQueriesContext(connection) as many:
        results = api_get(client, url, secret, annee=2023).json()["results"]
    assert len(results) == 13
    assert (
        next(item for item in results if item["structure"] == "ARML-C")["indicators"]["jeunes_accompagnes"]
        == 6
    )
    assert len(many) == len(few)
