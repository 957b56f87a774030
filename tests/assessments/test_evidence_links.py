"""Attaching evidence to a requirement from the self-assessment: library, upload, link, bad files."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.assessments.models import AnswerEvidence
from mlplatform.evidence.models import Evidence
from mlplatform.evidence.services import add_link

from ..evidence.samples import pdf, upload
from ..factories import login
from .factories import assessment_of, first_requirement, open_campaign


@pytest.fixture
def assessment(world):
    return assessment_of(open_campaign(world), world.ml)


def _attach(client, assessment, data):
    requirement = first_requirement(assessment)
    url = reverse("assessments:attach_evidence", args=[assessment.pk, requirement.pk])
    return client.post(url, data, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_upload_a_file_adds_it_to_the_library_and_links_it(assessment, world, client):
    login(client, world.user(Role.ML_STAFF))
    response = _attach(
        client,
        assessment,
        {"action": "upload", "upload-title": "Statuts", "upload-file": upload("statuts.pdf", pdf())},
    )
    assert "ajouté à la bibliothèque et rattaché" in _messages(response)
    link = AnswerEvidence.objects.get(assessment=assessment)
    assert link.evidence.title == "Statuts" and link.evidence.structure == world.ml


def test_a_disguised_file_is_refused_and_nothing_is_kept(assessment, world, client):
    login(client, world.user(Role.ML_STAFF))
    fake = upload("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = _attach(
        client, assessment, {"action": "upload", "upload-title": "Rapport", "upload-file": fake}
    )
    text = _messages(response)
    assert "n'est pas un document PDF" in text and "Rien n'a été enregistré" in text
    assert not Evidence.objects.exists() and not AnswerEvidence.objects.exists()


@override_settings(EVIDENCE_MAX_UPLOAD_BYTES=1000)
def test_an_oversized_file_is_refused(assessment, world, client):
    login(client, world.user(Role.ML_STAFF))
    big = upload("gros.pdf", pdf("x" * 2000))
    response = _attach(client, assessment, {"action": "upload", "upload-title": "Gros", "upload-file": big})
    assert "Rien n'a été enregistré" in _messages(response)
    assert not Evidence.objects.exists()


def test_library_items_are_linked_once_and_can_be_detached(assessment, world, client):
    evidence = add_link(world.ml, url="https://example.org/diag", title="Diagnostic", user=None)
    login(client, world.user(Role.ML_QUALITY))
    _attach(client, assessment, {"action": "library", "evidence": [evidence.pk]})
    _attach(client, assessment, {"action": "library", "evidence": [evidence.pk]})
    link = AnswerEvidence.objects.get(assessment=assessment)
    url = reverse("assessments:detach_evidence", args=[assessment.pk, link.requirement_id, link.pk])
    response = client.post(url, follow=True)
    assert "reste dans la bibliothèque" in _messages(response)
    assert not AnswerEvidence.objects.exists() and Evidence.objects.filter(pk=evidence.pk).exists()


def test_another_structures_evidence_cannot_be_linked(assessment, world, client):
    other = add_link(world.ml2, url="https://example.org/x", title="Autre", user=None)
    login(client, world.user(Role.ML_QUALITY))
    response = _attach(client, assessment, {"action": "library", "evidence": [other.pk]})
    assert "Choisissez une ou plusieurs preuves" in _messages(response)
    assert not AnswerEvidence.objects.exists()
