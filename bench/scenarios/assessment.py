"""Self-assessment at national scale: every ML answers all 169 requirements of the ML framework.

Measures the server time (Django test client, real views, templates and database) of the
answering page on each part of the ML framework (every answer with a comment, an exchange and a
piece of evidence: the heaviest case), its weight, one answer save, the regional heat map and the
national heat map.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.measure import Measure, timed

SCENARIO = "assessment"


def _setup():
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.assessments import services
    from mlplatform.assessments.demo import _author, _fill
    from mlplatform.frameworks.models import FrameworkVersion
    from mlplatform.network.demo import load_demo_network, load_reference_network
    from mlplatform.network.models import Structure

    load_reference_network()
    load_demo_network()
    admin = User.objects.create_user("bench.admin@bench.test", "bench")
    unml = Structure.objects.get(type="UNML")
    Membership.objects.create(user=admin, structure=unml, role=Role.NATIONAL_ADMIN)
    today = timezone.localdate()
    ml_version = FrameworkVersion.objects.get(framework__code="ML")
    campaign = services.create_campaign(
        name="Bench",
        year=today.year,
        ml_version=ml_version,
        network_version=None,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        user=admin,
    )
    # Every ML fully answered; then one ML left open so that a save can be measured.
    import mlplatform.assessments.demo as demo

    demo.FIXED_STAGES.clear()
    stage = demo._stage
    demo._stage = lambda code, running: 1.0
    answers, _ = _fill(campaign, _author(), running=True)
    demo._stage = stage
    caen = Structure.objects.get(code="ML-14-CAEN")
    quality = User.objects.create_user("bench.qualite@bench.test", "bench")
    Membership.objects.create(user=quality, structure=caen, role=Role.ML_QUALITY)
    arml = caen.parent
    referent = User.objects.create_user("bench.arml@bench.test", "bench")
    Membership.objects.create(user=referent, structure=arml, role=Role.ARML_REFERENT)
    assessment = campaign.assessments.get(structure=caen)
    assessment.status, assessment.submitted_at = "IN_PROGRESS", None
    assessment.save()
    _everything_present(assessment, quality)
    return campaign, assessment, admin, quality, referent, answers


def _everything_present(assessment, user) -> None:
    """Every answer of ``assessment`` gets a comment, an exchange and a piece of evidence."""
    from mlplatform.assessments.models import Answer, AnswerEvidence, RequirementComment
    from mlplatform.evidence.models import Evidence

    answers = list(Answer.objects.filter(assessment=assessment))
    for answer in answers:
        answer.comment = (
            "Procédure écrite et partagée avec l'équipe ; bilan annuel présenté au conseil d'administration, "
            "avec les points d'amélioration relevés lors des réunions d'équipe."
        )
    Answer.objects.bulk_update(answers, ["comment"])
    evidence = Evidence.objects.create(
        structure=assessment.structure, kind="LINK", title="Rapport d'activité", url="https://example.org/ra"
    )
    AnswerEvidence.objects.bulk_create(
        AnswerEvidence(
            assessment=assessment, requirement_id=a.requirement_id, evidence=evidence, added_by=user
        )
        for a in answers
    )
    RequirementComment.objects.bulk_create(
        RequirementComment(
            assessment=assessment,
            requirement_id=a.requirement_id,
            author=user,
            author_structure=assessment.structure,
            text="Pouvez-vous préciser la date du dernier bilan ?",
        )
        for a in answers
    )


def _client(user) -> Client:
    """A signed-in client; a national admin's session is verified by its second factor, as in real use."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if user.requires_two_factor():
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def run() -> list[Measure]:
    from mlplatform.assessments.models import Answer
    from mlplatform.assessments.services import requirements_for

    campaign, assessment, admin, quality, referent, answers = _setup()
    ml_client, arml_client, national_client = _client(quality), _client(referent), _client(admin)
    page = reverse("assessments:assessment", args=[assessment.pk])
    region = reverse("assessments:region", args=[campaign.pk, assessment.structure.parent.code])
    national = reverse("assessments:campaign", args=[campaign.pk])
    requirement = requirements_for(assessment.framework_version, "ML").first()
    save_url = reverse("assessments:save_answer", args=[assessment.pk, requirement.pk])
    levels = iter(range(10_000))

    def save() -> None:
        version = Answer.objects.get(assessment=assessment, requirement=requirement).version
        prefix = f"r{requirement.pk}"
        data = {
            f"{prefix}-level": str(next(levels) % 4),
            f"{prefix}-version": version,
            f"{prefix}-comment": "",
        }
        response = ml_client.post(save_url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    measures = [Measure(SCENARIO, "réponses en base", answers, "lignes", "≈ 436 ML × 169 exigences")]
    parts = list(assessment.framework_version.parts.order_by("position").values_list("number", flat=True))
    for number in parts:
        url = f"{page}?partie={number}"
        name = f"page de réponse, partie {number}"
        measures.append(
            Measure(SCENARIO, name, timed(lambda u=url: _get(ml_client, u), repeat=11), "ms", "médiane de 11")
        )
        with CaptureQueriesContext(connection) as queries:
            weight = len(ml_client.get(url).content)
        # Counted now: the next request empties the connection's query log.
        measures.append(Measure(SCENARIO, f"{name} : requêtes", len(queries), "req."))
        transferred = len(ml_client.get(url, HTTP_ACCEPT_ENCODING="gzip").content)
        measures.append(Measure(SCENARIO, f"{name} : poids HTML", weight / 1024, "Ko", "objectif < 150 Ko"))
        measures.append(Measure(SCENARIO, f"{name} : poids transféré", transferred / 1024, "Ko", "compressé"))
    for name, client, url in (
        ("carte de chaleur régionale", arml_client, region),
        ("carte de chaleur nationale", national_client, national),
    ):
        measures.append(
            Measure(SCENARIO, name, timed(lambda c=client, u=url: _get(c, u)), "ms", "médiane de 5")
        )
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        measures.append(Measure(SCENARIO, f"{name} : requêtes", len(queries), "req."))
    measures.append(
        Measure(SCENARIO, "enregistrement d'une réponse (HTMX)", timed(save), "ms", "médiane de 5")
    )
    return measures
