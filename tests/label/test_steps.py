"""What the home page tells auditors and commission members, from their assignments."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

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
