"""XLSX and PDF of the plan: they contain the actions and honour the current filters."""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Priority, Status
from mlplatform.improvement.exports import plan_pdf_context
from mlplatform.improvement.models import ImprovementAction
from mlplatform.improvement.services import add_note

from ..factories import login
from .helpers import load_ml_framework, make_action, ml_action, requirement

PLAN = "/plan-amelioration/ML-A1/"


def _sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_xlsx_has_one_row_per_action_with_its_details(world, client):
    load_ml_framework()
    quality = world.user(Role.ML_QUALITY)
    late = ml_action(
        world,
        title="Réécrire la charte d'accueil",
        due_in_days=-4,
        owner=quality,
        priority=Priority.HIGH,
        requirements=[requirement("ML-2030-1.1.2"), requirement("ML-2030-2.1.1.1")],
        source="Auto-évaluation 2030",
    )
    add_note(late, user=quality, text="Premier jet écrit.", progress=30, expected_version=1)
    ml_action(world, title="Action terminée", status=Status.DONE)
    make_action(world.ml2, title="Action d'une autre ML")
    login(client, world.user(Role.ARML_REFERENT))
    response = client.get(f"{PLAN}xlsx/")
    assert "plan-amelioration-ml-a1" in response["Content-Disposition"]
    header, *rows = _sheet(response)
    assert header[:3] == ("Intitulé", "Description", "Exigences liées")
    assert [row[0] for row in rows] == ["Réécrire la charte d'accueil", "Action terminée"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["Exigences liées"] == "ML-2030-1.1.2, ML-2030-2.1.1.1"
    assert first["Engagements"] == "ML-2030-1.1, ML-2030-2.1.1"
    assert (first["Responsable"], first["En retard"], first["Priorité"], first["Statut"]) == (
        "Prénom ml_quality",
        "Oui",
        "Haute",
        "À lancer",
    )
    assert (first["Avancement (%)"], first["Origine"], first["Dernier point d'avancement"]) == (
        30,
        "Auto-évaluation 2030",
        "Premier jet écrit.",
    )
    assert first["Échéance"].date() == late.due_on
    second = dict(zip(header, rows[1], strict=True))
    assert second["Réalisée le"].date() == timezone.localdate() and second["En retard"] == "Non"


def test_exports_honour_the_filters(world, client):
    ml_action(world, title="Haute", priority=Priority.HIGH)
    ml_action(world, title="Basse", priority=Priority.LOW)
    login(client, world.user(Role.ML_STAFF))
    _header, *rows = _sheet(client.get(f"{PLAN}xlsx/?priorite=HIGH"))
    assert [row[0] for row in rows] == ["Haute"]
    pdf = client.get(f"{PLAN}pdf/?priorite=HIGH")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "plan-amelioration-ml-a1" in pdf["Content-Disposition"]


def test_pdf_document_has_cover_counts_table_and_timeline(world, client):
    ml_action(world, title="Action en retard", due_in_days=-2)
    ml_action(world, title="Action finie", status=Status.DONE)
    actions = list(ImprovementAction.objects.order_by("due_on", "pk"))
    today = timezone.localdate()
    html = render_to_string(
        "improvement/plan_pdf.html", plan_pdf_context(world.ml, actions, ["Priorité : Haute"], today)
    )
    for text in (
        "<h1>Plan d'amélioration continue</h1>",
        "Mission Locale Alpha Un",
        "Priorité : Haute",
        "Action en retard",
        "Action finie",
        "<svg",
        "⚠ Action en retard",
        '<th scope="row">Dont en retard</th><td>1</td>',
        '<th scope="row">Réalisée</th><td>1</td>',
    ):
        assert text in html, text
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.get(f"{PLAN}pdf/")
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
