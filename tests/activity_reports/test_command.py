"""``manage.py reports build``: the PDFs of the published reports of a year, with progress and paths."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mlplatform.activity_reports.models import ActivityReport

from .factories import draft, published


def test_build_writes_each_published_pdf_and_prints_its_path(world):
    report = published(world, 2023)
    draft(world, "ml", 2023)  # a draft has no public PDF
    out = StringIO()
    call_command("reports", "build", "--year", "2023", stdout=out)
    report.refresh_from_db()
    path = Path(report.pdf.path)  # the in-memory storage of the tests names a path too
    with report.pdf.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    lines = out.getvalue().splitlines()
    assert lines[0] == "1 rapport à produire : tâches mises en file."
    assert f"[1/1] ARML-A : {path}" in lines
    assert "Terminé : 1 PDF produits" in lines[-1]
    assert ActivityReport.objects.exclude(pdf="").count() == 1


def test_build_for_one_structure_and_refusals(world):
    published(world, 2023)
    out = StringIO()
    call_command("reports", "build", "--year", "2023", "--structure", "ARML-A", stdout=out)
    assert "[1/1] ARML-A" in out.getvalue()
    with pytest.raises(
        CommandError, match="Aucun rapport d'activité publié en 2023 pour la structure « ML-A1 »"
    ):
        call_command("reports", "build", "--year", "2023", "--structure", "ML-A1", stdout=StringIO())
    with pytest.raises(CommandError, match="Année invalide"):
        call_command("reports", "build", "--year", "99", stdout=StringIO())
