"""Text typed by users never reaches a spreadsheet as a formula: every XLSX and CSV export.

The one rule is ``mlplatform.reports.cells``; the XLSX helper stores such text as a string cell
(with a quote prefix), the CSV helper puts an apostrophe before it. Each export is checked here with
a value that a spreadsheet would otherwise run.
"""

from __future__ import annotations

import csv
import io
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.assessments.models import Answer
from mlplatform.network.models import Structure
from mlplatform.reports.cells import is_formula_like, neutralise_csv
from mlplatform.reports.csvfile import csv_text
from mlplatform.reports.xlsx import build_xlsx

from ..assessments.factories import answer_all, assessment_of, open_campaign
from ..factories import login
from ..improvement.helpers import load_ml_framework, ml_action
from ..observatory.factories import import_sample

LINK = '=HYPERLINK("http://exemple.test/piege","Cliquez ici")'


@pytest.mark.parametrize(
    "text",
    [LINK, "+33 2 31 00 00 00", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=1", "-", "+"],
)
def test_formula_like_text_is_neutralised(text):
    assert is_formula_like(text)
    assert neutralise_csv(text) == "'" + text


@pytest.mark.parametrize("value", ["Mission Locale", "", "-4.6", "+12", "-12,5 %", "12", 3, -2.5, None])
def test_plain_text_and_numbers_are_kept(value):
    assert not is_formula_like(value)
    assert neutralise_csv(value) == value


def _formulas(content: bytes) -> list[str]:
    """The formula elements of every sheet of an XLSX file (what a spreadsheet would evaluate)."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [name for name in sheets if b"<f>" in archive.read(name) or b"<f " in archive.read(name)]


def _cells(content: bytes) -> list:
    sheet = load_workbook(BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_text_cell(content: bytes, text: str) -> None:
    assert _formulas(content) == []
    matching = [cell for cell in _cells(content) if cell.value == text]
    assert matching, f"{text!r} absent du fichier"
    for cell in matching:
        assert cell.data_type == "s" and cell.quotePrefix


def test_the_xlsx_helper_writes_text_as_typed():
    content = build_xlsx("Essai", ["=Titre", "Nombre"], [[LINK, -3], ["@cmd", 4.5]])
    _assert_text_cell(content, LINK)
    _assert_text_cell(content, "@cmd")
    _assert_text_cell(content, "=Titre")
    values = [cell.value for cell in _cells(content)]
    assert -3 in values and 4.5 in values  # numbers stay numbers


def test_the_csv_helper_neutralises_every_field():
    text = csv_text(["=a", "b"], [[LINK, "-4.6"], ["ok", 12]])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["'=a", "b"], ["'" + LINK, "-4.6"], ["ok", "12"]]


def test_improvement_plan_xlsx(world, client):
    load_ml_framework()
    ml_action(world, title=LINK)
    login(client, world.user(Role.ARML_REFERENT))
    response = client.get(reverse("improvement:xlsx", kwargs={"code": world.ml.code}))
    _assert_text_cell(response.content, LINK)


def test_assessment_xlsx_answer_comments(world, client):
    assessment = assessment_of(open_campaign(world), world.ml)
    answer_all(assessment, world.user(Role.ML_QUALITY))
    Answer.objects.filter(assessment=assessment).update(comment=LINK)
    login(client, world.user(Role.NATIONAL_ADMIN))
    response = client.get(reverse("assessments:xlsx", args=[assessment.pk]))
    _assert_text_cell(response.content, LINK)


YEAR = 2023


@pytest.fixture
def trapped_names(world):
    import_sample(YEAR)
    Structure.objects.filter(code="ML-A1").update(name=LINK)
    return world


def test_observatory_indicators_xlsx(trapped_names, client):
    login(client, trapped_names.user(Role.ARML_REFERENT))
    response = client.get(reverse("observatory:report_xlsx", kwargs={"code": "ARML-A", "year": YEAR}))
    assert response.status_code == 200
    _assert_text_cell(response.content, LINK)


def test_observatory_open_data_csv(trapped_names, client):
    login(client, trapped_names.user(Role.ARML_REFERENT))
    response = client.get(reverse("observatory:opendata", kwargs={"code": "ARML-A", "year": YEAR}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    names = [row[2] for row in rows[1:]]
    assert "'" + LINK in names and LINK not in names
