"""What the home page tells auditors and commission members, from their assignments."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditMode
from mlplatform.commission import services as commission_services
from mlplatform.label import services
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile

from ..factories import login
from .factories import advance, build_label_world, membership, session_for


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
    audit_services.schedule_audit(
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


def test_the_ml_always_sees_its_next_step_once_the_audit_is_requested(lw, client):
    """Request, ARML opinion, audit dates and plan, evidence requests, report to answer, session, label."""
    from mlplatform.audits import requests
    from mlplatform.audits import work as audit_work
    from mlplatform.audits.models import Audit
    from mlplatform.commission.enums import Outcome
    from mlplatform.label.enums import ArmlOpinion

    world = lw.world
    quality, staff = world.user(Role.ML_QUALITY), world.user(Role.ML_STAFF)
    file = advance(lw, Stage.SELF_ASSESSED)
    services.request_audit(file, membership(quality), statement="Prêts.")
    assert "en attente de l'avis de l'ARML" in _home(client, quality)
    file.refresh_from_db()
    referent = membership(world.user(Role.ARML_REFERENT))
    services.give_arml_opinion(file, referent, opinion=ArmlOpinion.FAVOURABLE, text="Oui.")
    assert "en attente de l'affectation d'un binôme" in _home(client, quality)
    today = timezone.localdate()
    file.refresh_from_db()
    audit = audit_services.schedule_audit(
        file,
        membership(lw.lead),
        external=lw.external,
        network=lw.network,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today,
        mode=AuditMode.ON_SITE,
    )
    page = _home(client, staff)
    period = f"du {audit.starts_on:%d/%m/%Y} au {audit.ends_on:%d/%m/%Y}"
    assert period in page and "Le binôme vous transmettra le plan d'audit." in page
    assert reverse("label:audit_detail", args=[audit.pk]) in page
    auditor = membership(lw.external)
    audit_work.save_plan(
        audit, auditor, expected_version=audit.version, agenda="9 h", location="Siège", people_met="Direction"
    )
    audit = Audit.objects.get(pk=audit.pk)
    audit_work.send_plan(audit, auditor, expected_version=audit.version)
    requests.open_request(audit, auditor, subject="Statuts", text="Merci de déposer les statuts.", files=[])
    page = _home(client, staff)
    assert f"Plan d'audit transmis le {today:%d/%m/%Y}." in page
    assert "1 demande de preuves des auditeurs attend votre réponse." in page
    Audit.objects.filter(pk=audit.pk).update(overall_opinion="Solide.")
    audit_work.deliver(Audit.objects.get(pk=audit.pk), auditor)
    page = _home(client, quality)
    assert "Vous pouvez y répondre" in page and reverse("label:audit_report", args=[audit.pk]) in page
    session = lw.session = session_for(lw)
    commission_services.put_on_agenda(
        LabelFile.objects.get(), session, membership(world.user(Role.NATIONAL_ADMIN))
    )
    assert f"inscrit à l'ordre du jour d'une séance de la commission, le {session.date:%d/%m/%Y}" in _home(
        client, quality
    )
    item = session.agenda.get()
    commission_services.record_decision(item, membership(lw.member), outcome=Outcome.LABELLED, reasons="Oui.")
    commission_services.close_session(session, membership(world.user(Role.NATIONAL_ADMIN)))
    file = LabelFile.objects.get()
    assert f"Labellisée jusqu'au {file.valid_until:%d/%m/%Y}." in _home(client, quality)
