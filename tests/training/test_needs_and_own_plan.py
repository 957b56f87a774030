"""The yearly collection of training needs (an ARML opens it, its MLs answer by theme, the regional
summary and its XLSX) and each structure's own training plan (regional and specific lines, version
check, PDF, attached as evidence to the plan's requirements of the self-assessment under way)."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.assessments.models import AnswerEvidence
from mlplatform.training.models import Need, NeedsCollection, PlannedTraining

from ..assessments.factories import assessment_of, load_ml_framework, open_campaign
from ..factories import login, make_user
from .factories import action


def test_needs_are_collected_and_summed_by_theme(world, client):
    referent = login(client, world.user(Role.ARML_REFERENT))
    response = referent.post(reverse("training:needs_open", args=["ARML-A"]), {"year": "2023"})
    collection = NeedsCollection.objects.get()
    assert response.url == reverse("training:needs", args=["ARML-A"]) + "?annee=2023"
    answer = reverse("training:needs_answer", args=["ARML-A", collection.pk])

    director = login(client, world.user(Role.ML_DIRECTOR))
    need = {"theme": "numerique", "people": "4", "priority": "haute", "comment": "Outils CEJ"}
    assert director.post(answer, need).status_code == 302
    assert director.post(answer, {**need, "people": "6"}).status_code == 302  # replaces the line
    assert director.post(answer, {**need, "theme": "sante", "people": "2"}).status_code == 302
    bad = director.post(answer, {**need, "people": "beaucoup", "comment": "à garder"})
    assert bad.status_code == 200 and "à garder" in bad.content.decode()
    neighbour = make_user("dir2@test.example", Role.ML_DIRECTOR, world.ml2)
    login(client, neighbour).post(answer, {**need, "people": "3", "priority": "moyenne"})
    assert Need.objects.count() == 3

    summary = login(client, world.user(Role.ARML_REFERENT)).get(
        reverse("training:needs", args=["ARML-A"]) + "?annee=2023"
    )
    rows = {row.theme: (row.mls, row.people, row.high_priority) for row in summary.context["summary"].rows}
    assert rows == {"numerique": (2, 9, 1), "sante": (1, 2, 1)}
    assert "2 Missions Locales sur 2 ont répondu" in summary.content.decode()
    xlsx = client.get(reverse("training:needs_xlsx", args=["ARML-A", collection.pk]))
    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[-1] == ["Ensemble", 2, 11, 2]

    # 0 people removes a theme; a closed collection takes no more answers.
    director = login(client, world.user(Role.ML_DIRECTOR))
    director.post(answer, {**need, "theme": "sante", "people": "0"})
    assert not Need.objects.filter(theme="sante").exists()
    login(client, world.user(Role.ARML_REFERENT)).post(
        reverse("training:needs_close", args=["ARML-A", collection.pk])
    )
    director = login(client, world.user(Role.ML_DIRECTOR))
    response = director.post(answer, {**need, "theme": "sante", "people": "1"})
    assert "close" in response.content.decode() and not Need.objects.filter(theme="sante").exists()


def test_the_own_plan_mixes_regional_and_specific_lines(world, client):
    regional = action(world.arml, year=2023, title="Accueil des jeunes")
    director = login(client, world.user(Role.ML_DIRECTOR))
    add = reverse("training:own_plan_add", args=["ML-A1"]) + "?annee=2023"
    line = {"year": "2023", "public": "Conseiller·es", "people": "3", "period": "Printemps", "cost": ""}
    response = director.post(add, {**line, "title": "", "theme": ""})
    assert response.status_code == 200 and "Indiquez l&#x27;intitulé" in response.content.decode()
    assert (
        director.post(add, {**line, "action": str(regional.pk), "title": "", "theme": ""}).status_code == 302
    )
    assert (
        director.post(add, {**line, "title": "Gestes de premiers secours", "theme": "sante"}).status_code
        == 302
    )
    first, second = PlannedTraining.objects.order_by("pk")
    assert (first.label, first.theme) == ("Accueil des jeunes", regional.theme)

    edit = reverse("training:own_plan_edit", args=["ML-A1", second.pk])
    changed = {**line, "title": "Secourisme", "theme": "sante", "done": "on", "version": "1"}
    assert director.post(edit, changed).status_code == 302
    stale = director.post(edit, {**changed, "title": "Mon intitulé", "version": "1"})
    assert stale.status_code == 200 and 'value="Mon intitulé"' in stale.content.decode()
    assert PlannedTraining.objects.get(pk=second.pk).title == "Secourisme"

    page = director.get(reverse("training:own_plan", args=["ML-A1"]) + "?annee=2023").content.decode()
    assert "Accueil des jeunes" in page and "Secourisme" in page
    pdf = director.get(reverse("training:own_plan_pdf", args=["ML-A1"]) + "?annee=2023")
    assert pdf["Content-Type"] == "application/pdf"
    # Another ML's plan is out of reach.
    neighbour = make_user("dir2@test.example", Role.ML_DIRECTOR, world.ml2)
    assert login(client, neighbour).get(edit).status_code == 404


def test_the_plan_is_attached_as_evidence_of_its_requirements(world, client):
    campaign = open_campaign(world, load_ml_framework(parts=5, commitments=3, requirements=3))
    assessment = assessment_of(campaign, world.ml)
    PlannedTraining.objects.create(
        structure=world.ml,
        year=2023,
        title="Secourisme",
        theme="sante",
        public="Tous",
        people=5,
        period="Mai",
    )
    director = login(client, world.user(Role.ML_DIRECTOR))
    url = reverse("training:own_plan_attach", args=["ML-A1"]) + "?annee=2023"
    response = director.post(url, follow=True)
    assert "ML-2030-5.3.2, ML-2030-5.3.3" in response.content.decode()
    linked = AnswerEvidence.objects.filter(assessment=assessment).values_list("requirement__ref", flat=True)
    assert sorted(linked) == ["ML-2030-5.3.2", "ML-2030-5.3.3"]
    director.post(url)  # the same file again: no second link
    assert AnswerEvidence.objects.filter(assessment=assessment).count() == 2


def test_the_home_page_asks_the_ml_quality_referent_too_for_the_needs(world, client):
    from mlplatform.training.steps import training_steps

    login(client, world.user(Role.ARML_REFERENT)).post(
        reverse("training:needs_open", args=["ARML-A"]), {"year": "2023"}
    )
    for role in (Role.ML_DIRECTOR, Role.ML_QUALITY):
        user = world.user(role)
        titles = [step.title for step in training_steps(user, user.memberships.get())]
        assert "Déclarer vos besoins de formation 2023" in titles, role
        home = login(client, user).get(reverse("core:home")).content.decode()
        assert "Déclarer vos besoins de formation 2023" in home
    team = make_user("equipe@test.example", Role.ML_STAFF, world.ml)
    assert training_steps(team, team.memberships.get()) == []
