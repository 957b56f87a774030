"""Annual activity report (PDF), XLSX of every indicator and open-data CSV: produced, complete, scoped."""

from __future__ import annotations

import csv
import io

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.network.models import Structure
from mlplatform.observatory import access
from mlplatform.observatory.opendata import SECRET
from mlplatform.observatory.views import report_context
from mlplatform.reports.charts import NBSP

from ..factories import login
from .factories import import_sample

YEAR = 2023


@pytest.fixture
def sample(world):
    import_sample(YEAR - 1)
    import_sample(YEAR)
    return world


def _laid_out_text(html: str) -> str:
    """The text WeasyPrint lays out on the PDF's pages (what a reader of the PDF sees)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    from mlplatform.reports.pdf import _fetcher

    document = HTML(string=html, url_fetcher=_fetcher(), base_url="static:").render()
    texts = []
    for page in document.pages:
        texts.extend(box.text for box in page._page_box.descendants() if isinstance(box, TextBox))
    return " ".join(texts)


def _pdf_context(code: str, user) -> dict:
    """The context the PDF view builds for ``user`` (components cut to the reader's perimeter)."""
    structure = Structure.objects.get(code=code)
    components = access.components(structure, user.active_membership())
    return report_context(structure, YEAR, components) | {"for_pdf": True}


def test_pdf_of_an_arml(sample, client):
    login(client, sample.user(Role.ARML_REFERENT))
    response = client.get(f"/observatoire/ARML-A/{YEAR}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-activite-2023-arml-a.pdf"'
    assert response.content.startswith(b"%PDF") and len(response.content) > 10_000
    # What the PDF shows: cover, key figures with charts, objectives, year over year, the MLs.
    context = _pdf_context("ARML-A", sample.user(Role.ARML_REFERENT))
    html = render_to_string("observatory/report_pdf.html", context)
    assert html.count("<svg") >= 6 and "<script" not in html
    text = _laid_out_text(html)
    for expected in (
        "Rapport d'activité 2023",
        "ARML Alpha",
        "Jeunes accompagnés",
        "Niveaux de qualification des jeunes accompagnés",
        "Entrées en dispositif : objectif et réalisé",
        f"50{NBSP}%",  # CEJ+GJ objective: 2 entries for 4
        "Évolution sur un an",
        "Mission Locale Alpha Un",
        "Mission Locale Alpha Deux",
    ):
        assert expected in text, expected


def test_pdf_of_an_ml_and_of_the_nation(sample, client):
    login(client, sample.user(Role.ML_STAFF))
    assert client.get(f"/observatoire/ML-A1/{YEAR}/rapport.pdf").content.startswith(b"%PDF")
    assert client.get(f"/observatoire/ML-A2/{YEAR}/rapport.pdf").status_code == 404
    context = _pdf_context("UNML", sample.user(Role.NATIONAL_ADMIN))
    html = render_to_string("observatory/report_pdf.html", context)
    assert "Réseau national des Missions Locales" in html
    assert "ARML Alpha" in html and "ARML Bêta" in html  # the regions of the nation


def _sheet(response):
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    return rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_xlsx_has_every_indicator_for_every_structure_of_the_perimeter(sample, client):
    login(client, sample.user(Role.ARML_STAFF))
    response = client.get(f"/observatoire/ARML-A/{YEAR}/indicateurs.xlsx")
    assert response.status_code == 200
    header, rows = _sheet(response)
    assert list(rows) == ["ARML-A", "ML-A2", "ML-A1"]  # the region, then its MLs by name
    assert rows["ARML-A"]["Jeunes accompagnés"] == 5
    assert rows["ML-A1"]["Jeunes accompagnés"] == 3 and rows["ML-A2"]["Jeunes accompagnés"] == 2
    assert rows["ML-A1"]["Heures de face-à-face"] == 5.0
    assert rows["ML-A1"]["Sexe : Hommes"] == 2
    assert rows["ML-A1"]["Sorties de CEJ : Emploi durable"] == 1
    assert rows["ML-A1"]["Taux de sorties positives du CEJ (%)"] == 100.0
    assert rows["ML-A1"]["Évolution (%) : Jeunes accompagnés"] == 0.0
    assert "Niveau de qualification : Inconnu" in header
    login(client, sample.user(Role.NATIONAL_ADMIN))
    _, rows = _sheet(client.get(f"/observatoire/UNML/{YEAR}/indicateurs.xlsx"))
    assert rows["NATIONAL"]["Jeunes accompagnés"] == 6
    assert {"ARML-A", "ARML-B", "ML-A1", "ML-A2", "ML-B1"} <= set(rows)


def _csv(response) -> dict[str, dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.DictReader(io.StringIO(response.content.decode()), delimiter=";")
    return {row["structure"]: row for row in reader}


def test_opendata_masks_small_counts_and_is_cut_to_the_perimeter(sample, client):
    login(client, sample.user(Role.ML_DIRECTOR))
    rows = _csv(client.get(f"/observatoire/ML-A1/{YEAR}/donnees-ouvertes.csv"))
    assert list(rows) == ["ML-A1"]
    row = rows["ML-A1"]
    # Every figure of this tiny sample is from 1 to 10: secret; zeros are published.
    assert row["jeunes_accompagnes"] == SECRET and row["entretiens"] == SECRET
    assert row["justice_1"] == SECRET and row["entrees_GJ"] == "0"
    assert row["part_sexe_F_pct"] == SECRET  # a share on fewer than 11 young people
    login(client, sample.user(Role.ARML_REFERENT))
    rows = _csv(client.get(f"/observatoire/ARML-A/{YEAR}/donnees-ouvertes.csv"))
    assert list(rows) == ["ARML-A", "ML-A2", "ML-A1"]  # the region, then its MLs by name
    login(client, sample.user(Role.NATIONAL_ADMIN))
    rows = _csv(client.get(f"/observatoire/UNML/{YEAR}/donnees-ouvertes.csv"))
    assert {"NATIONAL", "ARML-A", "ARML-B", "ML-A1", "ML-A2", "ML-B1"} == set(rows)
    assert all(cell != "6" for cell in rows["NATIONAL"].values())  # 6 young people: secret too
