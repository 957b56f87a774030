"""What the home page tells auditors and commission members, from their assignments."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.label import services
from mlplatform.label.enums import AuditMode, Stage
from mlplatform.label.models import LabelFile

from ..factories import login
from .factories import advance, build_label_world, membership


@pytest.fixture
def lw(world):
    return build_label_world(world)


def _home(client, user) -> str:
    login(client, user)
    return html.unescape(client.get(reverse("core:home")).content.decode())


def test_auditors_see_their_audits_and_the_lead_the_requests_to_assign(lw, client):
    assert "Aucun audit en cours" in _home(client, lw.network)
    advance(lw, Stage.AUDIT_REQUESTED)
    assert "Demandes d'audit en attente d'un binôme d'auditeurs : 1." in _home(client, lw.lead)
    file = LabelFile.objects.get()
    today = timezone.localdate()
    services.schedule_audit(
        file,
        membership(lw.lead),
        external=lw.external,
        network=lw.network,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=4),
        mode=AuditMode.ON_SITE,
    )
    content = _home(client, lw.network)
    assert "1 audit en cours ou à venir" in content and "Mission Locale Alpha Un" in content


def test_commission_members_see_their_next_session(lw, client):
    assert "Aucune séance à venir" in _home(client, lw.member)
    advance(lw, Stage.ON_AGENDA)
    assert "Dossiers à l'ordre du jour : 1." in _home(client, lw.member)
    assert "Aucune séance à venir" in _home(client, lw.other_member)


def test_the_structure_is_invited_to_engage_then_told_its_next_step(lw, client):
    director = lw.world.user(Role.ML_DIRECTOR)
    assert "n'est pas engagée dans la démarche" in _home(client, director)
    advance(lw, Stage.ENROLLED)
    assert "Prochaine étape : soumettre l'auto-évaluation." in _home(client, director)


def test_the_arml_referent_sees_the_opinions_to_give(lw, client):
    file = advance(lw, Stage.SELF_ASSESSED)
    services.request_audit(file, membership(lw.world.user(Role.ML_DIRECTOR)), statement="Prête")
    assert "en attente de votre avis : 1." in _home(client, lw.world.user(Role.ARML_REFERENT))
    assert "en attente de votre avis" not in _home(client, lw.world.user("OTHER_ARML_REFERENT"))
