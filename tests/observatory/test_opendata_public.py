"""Open data is public (issue 18): the page without account, the national and regional files,
the profiles' columns under the same statistical secrecy."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from mlplatform.observatory import opendata
from mlplatform.observatory.indicators import PROFILE_KEYS
from mlplatform.observatory.models import DatasetStructure

from .factories import dispositif, import_rows, import_sample, jeune, situation

pytestmark = pytest.mark.django_db


def _published(text: str) -> dict[str, dict[str, str]]:
    return {
        row["structure"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    }


def test_page_lists_the_files_of_each_year_without_login(world, client):
    import_sample(2022)
    import_sample(2023)
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Année 2023") < page.index("Année 2022")
    for year in (2022, 2023):
        assert reverse("opendata:file", kwargs={"year": year, "code": "NATIONAL"}) in page
        assert reverse("opendata:file", kwargs={"year": year, "code": "ARML-A"}) in page
        assert reverse("opendata:file", kwargs={"year": year, "code": "ARML-B"}) in page


def test_page_without_data(world, client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200 and "Aucune donnée n'est encore publiée." in response.content.decode()


def test_files_are_public_cut_from_the_national_table(world, client):
    import_sample(2023)
    response = client.get(reverse("opendata:file", kwargs={"year": 2023, "code": "NATIONAL"}))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    national = _published(response.content.decode("utf-8"))
    assert set(national) == {"NATIONAL", "ARML-A", "ARML-B", "ML-A1", "ML-A2", "ML-B1"}
    # Every count of the sample is from 1 to 10: masked, the profiles' columns too.
    assert national["NATIONAL"]["entrants_CEJ"] == opendata.SECRET
    assert national["ML-A1"]["contrats_CDI"] == opendata.SECRET
    assert national["ML-A1"]["justice_sexe_H"] == opendata.SECRET
    assert national["ML-A1"]["part_entrants_CEJ_sexe_F_pct"] == opendata.SECRET
    assert national["ML-A1"]["entrants_GJ"] == "0"
    region = _published(
        client.get(reverse("opendata:file", kwargs={"year": 2023, "code": "ARML-A"})).content.decode("utf-8")
    )
    assert set(region) == {"ARML-A", "ML-A1", "ML-A2"}
    assert region["ML-A1"] == national["ML-A1"]


@pytest.mark.parametrize(
    ("year", "code"),
    [(2023, "ML-A1"), (2023, "UNML"), (2023, "INCONNU"), (2021, "NATIONAL"), (2021, "ARML-A")],
)
def test_unknown_files_are_404(world, client, year, code):
    import_sample(2023)
    assert client.get(reverse("opendata:file", kwargs={"year": year, "code": code})).status_code == 404


def test_profile_groups_are_protected_by_secondary_secrecy(world):
    people = [jeune("ML-A1", f"jeune-cej-{i:02d}", justice="1" if i < 3 else "0") for i in range(15)]
    import_rows(
        2023,
        jeunes=people,
        dispositifs=[dispositif("ML-A1", p["jeune"], "CEJ", "2023-03-01") for p in people],
        situations=[situation("ML-A1", p["jeune"], "2023-05-01", "EMPLOI", "CDI") for p in people[:12]],
    )
    table = opendata.national_table(2023)
    published = _published(opendata.write_csv(table))
    ml = published["ML-A1"]
    assert ml["entrants_CEJ"] == "15"
    # 3 under justice: masked, and so is its complement (15 - 3).
    assert ml["entrants_CEJ_justice_1"] == opendata.SECRET and ml["entrants_CEJ_justice_0"] == opendata.SECRET
    assert ml["contrats_CDI"] == "12" and ml["part_contrats_CDI_pct"] == "100.0"
    assert not opendata.recomputable(table.secrecy_groups, table.secrecy.masked)


def test_missing_profiles_are_published_empty(world):
    import_sample(2023)
    coverage = DatasetStructure.objects.get(structure__code="ML-A2", year=2023)
    coverage.values = {k: v for k, v in coverage.values.items() if k not in PROFILE_KEYS}
    coverage.save(update_fields=["values"])
    published = _published(opendata.write_csv(opendata.national_table(2023)))
    assert published["ML-A2"]["entrants_CEJ"] == "" and published["ARML-A"]["contrats_CDI"] == ""
    assert published["NATIONAL"]["justice_sexe_F"] == ""
    assert published["ML-B1"]["entrants_CEJ"] == opendata.SECRET  # the others are there
