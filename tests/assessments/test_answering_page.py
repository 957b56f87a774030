"""The answering page shows one part at a time: navigator, filters, next requirement without an answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.assessments import services
from mlplatform.assessments.models import Answer, AnswerEvidence, RequirementComment
from mlplatform.evidence.models import Evidence

from ..factories import login
from .factories import assessment_of, load_ml_framework, open_campaign

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def assessment(world):
    # Three parts, two commitments each, two requirements each (the first with a child): 18 requirements.
    version = load_ml_framework("2033", parts=3, commitments=2, requirements=2)
    return assessment_of(open_campaign(world, version), world.ml)


def _requirements(assessment) -> dict[str, object]:
    return {
        r.ref: r
        for r in services.requirements_for(assessment.framework_version, "ML").select_related(
            "commitment__part"
        )
    }


def _answer(assessment, requirement, user, level=2, comment="") -> None:
    services.save_answer(
        assessment,
        requirement,
        services.AnswerInput(level=level, not_applicable=False, justification="", comment=comment),
        expected_version=0,
        user=user,
    )


def _shown_refs(content: str) -> list[str]:
    return re.findall(r'<span class="ref">(ML-2033-[\d.]+)</span></h4>', content)


def _page(client, assessment, **params):
    url = reverse("assessments:assessment", args=[assessment.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_one_part_at_a_time_with_the_navigator_and_neighbours(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    content = _page(client, assessment, partie="2")
    refs = _shown_refs(content)
    assert refs and all(ref.startswith("ML-2033-2.") for ref in refs)
    assert len(refs) == 6  # 2 commitments × (2 requirements + 1 child)
    assert "Partie 2 — Partie 2</h2>" in content
    # Every part is in the navigator; the shown one is marked as the current page.
    for number in ("1", "2", "3"):
        assert f"?partie={number}" in content
    assert re.search(r'\?partie=2" aria-current="page"', content)
    assert 'rel="prev"' in content and 'rel="next"' in content


def test_the_page_opens_on_the_part_with_the_first_requirement_left_without_answer(assessment, world, client):
    user = world.user(Role.ML_QUALITY)
    for ref, requirement in _requirements(assessment).items():
        if ref.startswith("ML-2033-1."):
            _answer(assessment, requirement, user)
    login(client, user)
    content = _page(client, assessment)
    assert all(ref.startswith("ML-2033-2.") for ref in _shown_refs(content))
    assert "Prochaine exigence sans réponse : ML-2033-2.1.1" in content


def test_a_reader_opens_on_the_first_part(assessment, world, client):
    login(client, world.user(Role.ARML_REFERENT))
    content = _page(client, assessment)
    assert all(ref.startswith("ML-2033-1.") for ref in _shown_refs(content))
    assert '<form method="post" action="/' not in content.split("partie-titre")[1]  # read only


def test_an_unknown_part_is_not_found(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:assessment", args=[assessment.pk])
    assert client.get(url, {"partie": "9"}).status_code == 404


def test_filters_keep_what_they_say_with_their_counts(assessment, world, client):
    user = world.user(Role.ML_QUALITY)
    requirements = _requirements(assessment)
    _answer(assessment, requirements["ML-2033-1.1.1"], user, level=0)
    _answer(assessment, requirements["ML-2033-1.1.2"], user, level=1, comment="À revoir avec l'équipe")
    _answer(assessment, requirements["ML-2033-1.2.1"], user, level=3)
    evidence = Evidence.objects.create(
        structure=world.ml, kind="LINK", title="Charte", url="https://example.org"
    )
    AnswerEvidence.objects.create(
        assessment=assessment, requirement=requirements["ML-2033-1.2.1"], evidence=evidence, added_by=user
    )
    RequirementComment.objects.create(
        assessment=assessment,
        requirement=requirements["ML-2033-1.2.2"],
        author=user,
        author_structure=world.ml,
        text="Question",
    )
    login(client, user)
    content = _page(client, assessment, partie="1")
    assert "Toutes (6)" in content
    assert "Sans réponse (3)" in content
    assert "Niveau 0 ou 1 (2)" in content
    assert "Avec commentaire ou échange (2)" in content
    assert "Sans preuve liée (5)" in content

    expected = {
        "sans-reponse": ["ML-2033-1.1.1.1", "ML-2033-1.2.1.1", "ML-2033-1.2.2"],
        "niveau-0-1": ["ML-2033-1.1.1", "ML-2033-1.1.2"],
        "avec-commentaire": ["ML-2033-1.1.2", "ML-2033-1.2.2"],
    }
    for value, refs in expected.items():
        content = _page(client, assessment, partie="1", filtre=value)
        assert sorted(_shown_refs(content)) == sorted(refs), value
        assert f"{len(refs)} exigences sur 6" in content
    assert "ML-2033-1.2.1" not in _shown_refs(_page(client, assessment, partie="1", filtre="sans-preuve"))


def test_an_empty_filter_says_so_and_an_unknown_filter_shows_everything(assessment, world, client):
    login(client, world.user(Role.ML_QUALITY))
    content = _page(client, assessment, partie="3", filtre="niveau-0-1")
    assert _shown_refs(content) == []
    assert "Aucune exigence de cette partie ne correspond à ce filtre." in content
    assert len(_shown_refs(_page(client, assessment, partie="3", filtre="inconnu"))) == 6


def test_saving_an_answer_moves_the_next_requirement_link_on(assessment, world, client):
    requirements = _requirements(assessment)
    login(client, world.user(Role.ML_QUALITY))
    first = requirements["ML-2033-2.2.2"]
    prefix = f"r{first.pk}"
    url = reverse("assessments:save_answer", args=[assessment.pk, first.pk])
    response = client.post(url, {f"{prefix}-level": "2", f"{prefix}-version": "0"}, **HTMX)
    content = response.content.decode()
    following = requirements["ML-2033-3.1.1"]
    assert f"?partie=3#exigence-{following.pk}" in content
    assert "Prochaine exigence sans réponse : ML-2033-3.1.1" in content
    assert 'aria-current="page"' in content and '?partie=2" aria-current' in content


def test_without_javascript_a_save_returns_to_the_requirement_in_its_part(assessment, world, client):
    requirement = _requirements(assessment)["ML-2033-3.2.1"]
    login(client, world.user(Role.ML_STAFF))
    url = reverse("assessments:save_answer", args=[assessment.pk, requirement.pk])
    response = client.post(url, {f"r{requirement.pk}-level": "2", f"r{requirement.pk}-version": "0"})
    assert response.status_code == 302
    assert response.url.endswith(f"?partie=3#exigence-{requirement.pk}")
    assert Answer.objects.filter(requirement=requirement).exists()


def test_when_everything_is_answered_the_summary_says_so(assessment, world, client):
    user = world.user(Role.ML_QUALITY)
    for requirement in _requirements(assessment).values():
        _answer(assessment, requirement, user)
    login(client, user)
    content = _page(client, assessment)
    assert "Toutes les exigences ont une réponse." in content
    assert all(ref.startswith("ML-2033-1.") for ref in _shown_refs(content))


def test_the_create_action_link_returns_to_the_requirement_in_its_part(assessment, world, client):
    requirement = _requirements(assessment)["ML-2033-2.1.2"]
    login(client, world.user(Role.ML_QUALITY))
    content = _page(client, assessment, partie="2")
    assert (
        f"retour=%2Fauto-evaluation%2F{assessment.pk}%2F%3Fpartie%3D2%23exigence-{requirement.pk}" in content
    )


def test_choosing_not_applicable_asks_for_the_justification_without_saving(assessment, world, client):
    requirement = _requirements(assessment)["ML-2033-3.2.1"]
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:save_answer", args=[assessment.pk, requirement.pk])
    prefix = f"r{requirement.pk}"
    data = {f"{prefix}-level": "na", f"{prefix}-version": "0", f"{prefix}-justification": ""}
    asked = client.post(url, data, **HTMX)
    assert asked.status_code == 422 and "demande une justification ; écrivez-la" in asked.content.decode()
    assert not Answer.objects.filter(assessment=assessment, requirement=requirement).exists()
    data[f"{prefix}-justification"] = "Pas de site secondaire."
    assert client.post(url, data, **HTMX).status_code == 200
    assert Answer.objects.get(assessment=assessment, requirement=requirement).not_applicable
