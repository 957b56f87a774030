"""The label file page and its actions, through the pages: who sees and does what, and every refusal."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.models import Assessment
from mlplatform.core.french import le
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile, LabelTransition

from ..assessments.factories import assessment_of, open_campaign
from ..factories import login, make_user
from ..frameworks.test_loader import load_small_framework
from .factories import advance, build_label_world, membership


@pytest.fixture
def lw(world):
    return build_label_world(world)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def url(name: str, structure) -> str:
    return reverse(f"label:{name}", kwargs={"code": structure.code})


def as_user(client, user):
    client.logout()
    return login(client, user)


def submitted_assessment(world, structure=None) -> Assessment:
    """A self-assessment of the structure submitted before it enrolled (last year's, say)."""
    campaign = getattr(world, "_campaign", None) or open_campaign(world)
    world._campaign = campaign
    assessment = assessment_of(campaign, structure or world.ml)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    assessment.refresh_from_db()
    return assessment


def labelled_since_last_month(lw) -> LabelFile:
    """A labelled file (the factory's session is next week: the label is made to run from last month)."""
    file = advance(lw, Stage.LABELLED)
    LabelFile.objects.filter(pk=file.pk).update(valid_from=timezone.localdate() - datetime.timedelta(days=30))
    file.refresh_from_db()
    return file


# Enrolment


@pytest.mark.parametrize("role", [Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ARML_REFERENT, Role.NATIONAL_ADMIN])
def test_the_structure_its_arml_or_the_unml_enrol_it(role, world, client):
    open_campaign(world)  # loads the ML framework
    user = world.user(role)
    login(client, user)
    page = text_of(client.get(url("file", world.ml)))
    assert "Non engagée" in page and "Engager la Mission Locale Alpha Un" in page
    response = client.post(url("enrol", world.ml), {"version": 0})
    assert response.status_code == 302 and response.url == url("file", world.ml)
    file = LabelFile.objects.get(structure=world.ml)
    assert file.stage == Stage.ENROLLED and file.enrolled_on == timezone.localdate()
    step = LabelTransition.objects.get(file=file)
    assert (step.actor, step.actor_structure) == (user, user.active_membership().structure)
    page = text_of(client.get(url("file", world.ml)))
    assert "est engagée dans la démarche" in page and user.get_full_name() in page
    assert "Engager la Mission Locale Alpha Un" not in page


@pytest.mark.parametrize("role", [Role.ML_STAFF, Role.ARML_STAFF])
def test_readers_see_no_action_and_are_refused_with_403(role, world, client):
    open_campaign(world)
    login(client, world.user(role))
    page = text_of(client.get(url("file", world.ml)))
    assert "Engager Mission Locale" not in page and 'id="actions"' not in page
    assert client.post(url("enrol", world.ml), {"version": 0}).status_code == 403
    assert not LabelFile.objects.exists()


def test_people_of_another_perimeter_get_404(world, client):
    open_campaign(world)
    for key in ("OTHER_ARML_REFERENT", "OTHER_ML_DIRECTOR", Role.AUDITOR, Role.COMMISSION_MEMBER):
        as_user(client, world.user(key))
        assert client.get(url("file", world.ml)).status_code == 404
        assert client.post(url("enrol", world.ml), {"version": 0}).status_code == 404
    assert not LabelFile.objects.exists()


def test_a_second_enrolment_is_refused_in_place(world, client):
    open_campaign(world)
    login(client, world.user(Role.ML_DIRECTOR))
    client.post(url("enrol", world.ml), {"version": 0})
    file = LabelFile.objects.get(structure=world.ml)
    # The page was opened before the first enrolment (version 0): stale, nothing done twice.
    response = client.post(url("enrol", world.ml), {"version": 0})
    assert response.status_code == 200
    assert "Le dossier a changé depuis l'ouverture de la page" in text_of(response)
    # Without a version (not from the page): the domain's own refusal.
    response = client.post(url("enrol", world.ml))
    assert "déjà engagée" in text_of(response)
    assert LabelFile.objects.count() == 1 and file.transitions.count() == 1


# Self-assessment retained


def test_a_submitted_self_assessment_is_retained_for_the_label(world, client):
    assessment = submitted_assessment(world)
    login(client, world.user(Role.ML_QUALITY))
    client.post(url("enrol", world.ml), {"version": 0})
    file = LabelFile.objects.get(structure=world.ml)
    page = text_of(client.get(url("file", world.ml)))
    assert "Retenir l'auto-évaluation soumise" in page and "Campagne d'essai" in page
    # An assessment of another structure is not offered, nor accepted.
    other = assessment_of(world._campaign, world.ml2)
    response = client.post(
        url("record_assessment", world.ml), {"version": file.version, "assessment": other.pk}
    )
    assert response.status_code == 200 and "ne peut pas être retenue" in text_of(response)
    file.refresh_from_db()
    assert file.stage == Stage.ENROLLED
    response = client.post(
        url("record_assessment", world.ml), {"version": file.version, "assessment": assessment.pk}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.stage == Stage.SELF_ASSESSED and file.assessment == assessment
    assert file.self_assessed_on == file.enrolled_on  # submitted before enrolling: the enrolment date
    page = text_of(client.get(url("file", world.ml)))
    assert "Retenir l'auto-évaluation soumise" not in page and "Demander l'audit" in page


def test_only_who_may_enrol_retains_an_assessment(world, client):
    assessment = submitted_assessment(world)
    login(client, world.user(Role.ML_DIRECTOR))
    client.post(url("enrol", world.ml), {"version": 0})
    as_user(client, world.user(Role.ML_STAFF))
    response = client.post(url("record_assessment", world.ml), {"assessment": assessment.pk})
    assert response.status_code == 403
    assert LabelFile.objects.get(structure=world.ml).stage == Stage.ENROLLED


# Audit request


def test_the_structure_requests_its_audit_with_a_readiness_statement(lw, client):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    login(client, world.user(Role.ML_DIRECTOR))
    page = text_of(client.get(url("file", world.ml)))
    assert "Attestation de la structure" in page
    response = client.post(url("request_audit", world.ml), {"version": file.version, "statement": "  "})
    assert response.status_code == 200
    assert "Attestez que la structure est prête" in text_of(response)
    file.refresh_from_db()
    assert file.stage == Stage.SELF_ASSESSED
    response = client.post(
        url("request_audit", world.ml), {"version": file.version, "statement": "Plan suivi, preuves prêtes."}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED and file.readiness_statement == "Plan suivi, preuves prêtes."
    assert file.audit_requested_on == timezone.localdate()
    page = text_of(client.get(url("file", world.ml)))
    assert "Plan suivi, preuves prêtes." in page and "donne son avis sur la demande" in page


def test_a_stale_page_keeps_what_was_typed(lw, client):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(
        url("request_audit", world.ml),
        {"version": file.version - 1, "statement": "Mon texte soigneusement écrit"},
    )
    content = text_of(response)
    assert response.status_code == 200
    assert "Le dossier a changé depuis l'ouverture de la page" in content
    assert "Mon texte soigneusement écrit" in content
    assert f'name="version" value="{file.version}"' in content  # sending again is now possible
    file.refresh_from_db()
    assert file.stage == Stage.SELF_ASSESSED and not file.readiness_statement


def test_a_refused_step_is_explained_where_the_form_was(lw, client):
    world = lw.world
    file = advance(lw, Stage.ENROLLED)
    login(client, world.user(Role.ML_DIRECTOR))
    assert "Demander l'audit" not in text_of(client.get(url("file", world.ml)))
    response = client.post(url("request_audit", world.ml), {"version": file.version, "statement": "Prêts"})
    content = text_of(response)
    assert response.status_code == 200 and "Étape impossible" in content and 'role="alert"' in content
    file.refresh_from_db()
    assert file.stage == Stage.ENROLLED


@pytest.mark.parametrize("role", [Role.ARML_REFERENT, Role.NATIONAL_ADMIN, Role.ML_STAFF])
def test_only_the_structure_requests_its_audit(role, lw, client):
    file = advance(lw, Stage.SELF_ASSESSED)
    login(client, lw.world.user(role))
    assert "Demander l'audit" not in text_of(client.get(url("file", lw.world.ml)))
    response = client.post(url("request_audit", lw.world.ml), {"version": file.version, "statement": "Prêts"})
    assert response.status_code == 403
    file.refresh_from_db()
    assert file.stage == Stage.SELF_ASSESSED


def test_a_labelled_structure_requests_its_renewal_before_the_end(lw, client, settings):
    world = lw.world
    file = labelled_since_last_month(lw)
    login(client, world.user(Role.ML_QUALITY))
    page = text_of(client.get(url("file", world.ml)))
    opens = file.valid_until - datetime.timedelta(days=settings.LABEL_RENEWAL_NOTICE_DAYS)
    assert "Demander le renouvellement" not in page and f"se demande à partir du {opens:%d/%m/%Y}" in page
    response = client.post(url("request_audit", world.ml), {"version": file.version, "statement": "Tôt."})
    assert f"Le renouvellement se demande à partir du {opens:%d/%m/%Y}" in text_of(response)
    # Within the last months of the label:
    settings.LABEL_RENEWAL_NOTICE_DAYS = (file.valid_until - timezone.localdate()).days
    page = text_of(client.get(url("file", world.ml)))
    assert "Demander le renouvellement du label" in page
    response = client.post(
        url("request_audit", world.ml), {"version": file.version, "statement": "Renouvelons."}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED and file.valid_until  # the label stays valid meanwhile
    assert file.transitions.last().comment == "Demande de renouvellement"
    page = text_of(client.get(url("file", world.ml)))
    assert f"Label valable jusqu'au {file.valid_until:%d/%m/%Y}" in page


# ARML opinion


def test_the_arml_referent_gives_an_opinion(lw, client):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    from mlplatform.label import services

    file = services.request_audit(file, membership(world.user(Role.ML_DIRECTOR)), statement="Prêts.")
    login(client, world.user(Role.ARML_REFERENT))
    page = text_of(client.get(url("file", world.ml)))
    assert "Donner l'avis de l'ARML" in page
    response = client.post(url("arml_opinion", world.ml), {"version": file.version, "opinion": "RESERVED"})
    content = text_of(response)
    assert "Motivez l'avis de l'ARML." in content
    assert re.search(r'value="RESERVED"[^>]*checked', content)  # the choice made is kept
    data = {"version": file.version, "opinion": ArmlOpinion.RESERVED, "text": "Prête, sous réserve du plan."}
    assert client.post(url("arml_opinion", world.ml), data).status_code == 302
    file.refresh_from_db()
    assert (file.arml_opinion, file.arml_opinion_by) == (ArmlOpinion.RESERVED, world.user(Role.ARML_REFERENT))
    assert file.stage == Stage.AUDIT_REQUESTED
    step = file.transitions.last()
    assert step.from_stage == step.to_stage == Stage.AUDIT_REQUESTED and step.actor_structure == world.arml
    # The opinion changed the file: the page read before it is stale.
    response = client.post(url("arml_opinion", world.ml), data)
    assert "Le dossier a changé" in text_of(response)
    page = text_of(client.get(url("file", world.ml)))
    assert "Favorable avec réserves" in page and "Prête, sous réserve du plan." in page


@pytest.mark.parametrize(
    ("key", "status"),
    [
        (Role.NATIONAL_ADMIN, 403),
        (Role.ML_DIRECTOR, 403),
        (Role.ARML_STAFF, 403),
        ("OTHER_ARML_REFERENT", 404),
    ],
)
def test_only_the_referent_of_the_region_gives_the_opinion(key, status, lw, client):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    from mlplatform.label import services

    file = services.request_audit(file, membership(world.user(Role.ML_DIRECTOR)), statement="Prêts.")
    login(client, world.user(key))
    data = {"version": file.version, "opinion": ArmlOpinion.FAVOURABLE, "text": "Oui."}
    assert client.post(url("arml_opinion", world.ml), data).status_code == status
    file.refresh_from_db()
    assert not file.arml_opinion


# The page


def test_the_page_tells_the_whole_story(lw, client):
    world = lw.world
    file = labelled_since_last_month(lw)
    login(client, world.user(Role.ML_STAFF))
    page = text_of(client.get(url("file", world.ml)))
    for text in (
        "Labellisée",
        f"Label valable jusqu'au {file.valid_until:%d/%m/%Y}",
        "Audit de suivi attendu avant le",
        "Audit de labellisation",
        "Rapport remis",
        "Exigences satisfaites.",
        "Avis de l'ARML : Favorable. Prête.",
        "ARML Alpha",
        'aria-current="step"',
    ):
        assert text in page, text
    steps = LabelTransition.objects.filter(file=file)
    assert page.count("<tr>") >= steps.count()
    for step in steps.select_related("actor"):
        assert step.actor.get_full_name() in page


def test_the_file_page_query_count_does_not_grow_with_its_history(lw, client):
    world = lw.world
    file = advance(lw, Stage.LABELLED)
    login(client, world.user(Role.ML_DIRECTOR))
    path = url("file", world.ml)
    client.get(path)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    before = count()
    for index in range(8):
        LabelTransition.objects.create(
            file=file, from_stage=file.stage, to_stage=file.stage, actor=lw.member, comment=f"Note {index}"
        )
    assert count() == before


def test_a_structure_without_file_shows_who_may_enrol_it(world, client):
    open_campaign(world)
    login(client, make_user("lecteur@test.example", Role.ML_STAFF, world.ml))
    page = text_of(client.get(url("file", world.ml)))
    assert "pas encore engagée" in page and "Journal du dossier" not in page


def test_home_sends_each_role_to_its_page(world, client):
    expected = {
        Role.NATIONAL_ADMIN: reverse("label:dashboard"),
        Role.ARML_REFERENT: url("region", world.arml),
        Role.ML_STAFF: url("file", world.ml),
    }
    for role, target in expected.items():
        as_user(client, world.user(role))
        response = client.get(reverse("label:home"))
        assert response.status_code == 302 and response.url == target
    as_user(client, world.user(Role.AUDITOR))
    page = text_of(client.get(reverse("label:home")))
    assert "dont les audits vous sont confiés" in page and "Mes audits" in page


def test_the_unml_and_an_arml_have_their_file_too(world, client):
    load_small_framework()
    login(client, world.user(Role.NATIONAL_ADMIN))
    for structure in (world.unml, world.arml):
        page = text_of(client.get(url("file", structure)))
        assert f"Engager {le(structure)}" in page and "référentiel des ARML et de l'UNML" in page
    assert client.post(url("enrol", world.unml), {"version": 0}).status_code == 302
    file = LabelFile.objects.get(structure=world.unml)
    assert file.framework.code == "ARML-UNML"
    page = text_of(client.get(url("file", world.unml)))
    assert "Avis de l'ARML" not in page  # only a Mission Locale's request gets one


def test_the_assigned_auditors_read_the_file_without_acting(lw, client):
    file = advance(lw, Stage.AUDIT_SCHEDULED)
    login(client, lw.network)
    page = text_of(client.get(url("file", lw.world.ml)))
    assert "Audit planifié" in page and 'id="actions"' not in page
    assert client.post(url("request_audit", lw.world.ml), {"statement": "x"}).status_code == 403
    as_user(client, lw.network_same_region)  # in the pool, not on this audit
    assert client.get(url("file", lw.world.ml)).status_code == 404
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_SCHEDULED
