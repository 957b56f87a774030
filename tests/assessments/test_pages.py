"""The answering page, HTMX saves, conflicts, heat maps and exports."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.assessments import services
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.models import Answer
from mlplatform.network.enums import StructureType

from ..factories import login, make_structure
from .factories import answer_all, assessment_of, first_requirement, load_ml_framework, open_campaign

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post_answer(client, assessment, requirement, level, version, **extra):
    prefix = f"r{requirement.pk}"
    data = {f"{prefix}-level": level, f"{prefix}-version": version, f"{prefix}-comment": "", **extra}
    url = reverse("assessments:save_answer", args=[assessment.pk, requirement.pk])
    return client.post(url, data, **HTMX)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def assessment(world):
    return assessment_of(open_campaign(world), world.ml)


def test_htmx_save_shows_the_saved_state_and_the_new_score(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    requirement = first_requirement(assessment)
    response = _post_answer(client, assessment, requirement, "3", 0)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enregistré le" in content and 'hx-swap-oob="true"' in content
    assert f'value="1" id="id_r{requirement.pk}-version"' in content  # the page now holds version 1
    assert "100\u00a0%" in content  # the one rated requirement scores 3/3
    assert Answer.objects.get(assessment=assessment, requirement=requirement).level == 3


def test_a_stale_htmx_save_shows_both_versions_and_keeps_mine_on_demand(assessment, world, client):
    requirement = first_requirement(assessment)
    services.save_answer(
        assessment,
        requirement,
        services.AnswerInput(level=1, not_applicable=False, justification="", comment="Leur version"),
        expected_version=0,
        user=world.user(Role.ML_DIRECTOR),
    )
    login(client, world.user(Role.ML_QUALITY))
    response = _post_answer(client, assessment, requirement, "3", 0)
    content = response.content.decode()
    assert response.status_code == 409
    assert "modifié cette réponse entre-temps" in content and "Leur version" in content
    assert Answer.objects.get(requirement=requirement).level == 1  # nothing overwritten
    # "Garder ma version" re-sends with the version the person has now seen.
    response = _post_answer(
        client, assessment, requirement, "3", 0, **{f"r{requirement.pk}-force_version": "1"}
    )
    assert response.status_code == 200
    assert Answer.objects.get(requirement=requirement).level == 3


def test_answer_to_a_locked_assessment_is_refused_in_french(assessment, world, client):
    answer_all(assessment, world.user(Role.ML_QUALITY))
    services.submit(assessment, world.user(Role.ML_QUALITY).active_membership(), missing=0)
    login(client, world.user(Role.ML_QUALITY))
    requirement = first_requirement(assessment)
    response = _post_answer(client, assessment, requirement, "0", 1)
    assert response.status_code == 409
    assert "verrouillée" in response.content.decode()
    assert Answer.objects.get(requirement=requirement).level == 2


def test_unknown_requirement_is_refused(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:save_answer", args=[assessment.pk, 987654])
    response = client.post(url, {"r987654-level": "1", "r987654-version": "0"}, **HTMX)
    assert response.status_code == 404
    assert "ne fait pas partie" in response.content.decode()


def test_not_applicable_without_justification_keeps_nothing(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    response = _post_answer(client, assessment, first_requirement(assessment), "na", 0)
    assert response.status_code == 422 and "justification" in response.content.decode()
    assert not Answer.objects.exists()


def test_plain_form_save_without_javascript(assessment, world, client):
    login(client, world.user(Role.ML_STAFF))
    requirement = first_requirement(assessment)
    url = reverse("assessments:save_answer", args=[assessment.pk, requirement.pk])
    response = client.post(url, {f"r{requirement.pk}-level": "2", f"r{requirement.pk}-version": "0"})
    assert response.status_code == 302 and response.url.endswith(f"#exigence-{requirement.pk}")
    assert Answer.objects.get(requirement=requirement).updated_by == world.user(Role.ML_STAFF)


def test_assessment_page_queries_do_not_grow_with_requirements_and_answers(world, client):
    login(client, world.user(Role.ML_QUALITY))
    small = assessment_of(open_campaign(world, load_ml_framework("2031", parts=1, commitments=1)), world.ml)
    big = assessment_of(
        open_campaign(
            world, load_ml_framework("2032", parts=4, commitments=4, requirements=4), name="Grande"
        ),
        world.ml,
    )
    answer_all(big, world.user(Role.ML_QUALITY))
    small_count = _queries(client, reverse("assessments:assessment", args=[small.pk]))
    big_count = _queries(client, reverse("assessments:assessment", args=[big.pk]))
    assert small_count == big_count <= 20


def test_heat_maps_queries_do_not_grow_with_structures(world, client):
    campaign = open_campaign(world)
    login(client, world.user(Role.NATIONAL_ADMIN))
    national_url = reverse("assessments:campaign", args=[campaign.pk])
    region_url = reverse("assessments:region", args=[campaign.pk, world.arml.code])
    before = (_queries(client, national_url), _queries(client, region_url))
    for n in range(3, 13):
        make_structure(f"ML-A{n}", StructureType.ML, world.arml, name=f"Mission Locale {n}")
    services.ensure_assessments(campaign)
    for assessment in campaign.assessments.all():
        answer_all(assessment, world.user(Role.ML_QUALITY), level=1)
    assert (_queries(client, national_url), _queries(client, region_url)) == before


def test_region_heat_map_shows_each_ml_and_its_score(world, client):
    campaign = open_campaign(world)
    answer_all(assessment_of(campaign, world.ml), world.user(Role.ML_QUALITY), level=3)
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(reverse("assessments:region", args=[campaign.pk, world.arml.code])).content.decode()
    assert "Mission Locale Alpha Un" in content and "Mission Locale Alpha Deux" in content
    assert "Mission Locale Bêta Un" not in content
    assert 'class="heat-4">100\u00a0%' in content


def test_arml_referent_reopens_from_the_page(assessment, world, client):
    answer_all(assessment, world.user(Role.ML_QUALITY))
    services.submit(assessment, world.user(Role.ML_QUALITY).active_membership(), missing=0)
    login(client, world.user(Role.ARML_REFERENT))
    url = reverse("assessments:reopen", args=[assessment.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "obligatoire" in response.content.decode()
    response = client.post(url, {"reason": "Préciser les preuves de la partie 1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS


def test_exports_hold_every_answer(assessment, world, client):
    answer_all(assessment, world.user(Role.ML_QUALITY))
    login(client, world.user(Role.ARML_REFERENT))
    pdf = client.get(reverse("assessments:pdf", args=[assessment.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("assessments:xlsx", args=[assessment.pk]))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 12 and rows[1][5] == 2 and rows[1][6] == "Mis en œuvre"


def test_the_evidence_page_lists_the_requirements_it_supports(assessment, world, client):
    from mlplatform.assessments.models import AnswerEvidence
    from mlplatform.evidence.services import add_link

    evidence = add_link(world.ml, url="https://example.org/statuts", title="Statuts", user=None)
    requirement = first_requirement(assessment)
    AnswerEvidence.objects.create(
        assessment=assessment,
        requirement=requirement,
        evidence=evidence,
        added_by=world.user(Role.ML_QUALITY),
    )
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(reverse("evidence:detail", args=[world.ml.code, evidence.pk])).content.decode()
    assert "Exigences appuyées par cette preuve" in content and requirement.ref in content


def test_home_page_shows_the_running_self_assessment(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    content = html.unescape(client.get(reverse("core:home")).content.decode())
    assert "Continuer l'auto-évaluation" in content and "Avancement 0 %" in content
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(reverse("core:home")).content.decode()
    assert "0 Mission Locale sur 2 a soumis" in content
