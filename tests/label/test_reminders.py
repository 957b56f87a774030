"""The daily reminders: a dry run sends nothing, --send sends each reminder once and never twice."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits.enums import AuditStatus, RequestStatus
from mlplatform.audits.models import Audit, EvidenceRequest
from mlplatform.frameworks.models import Framework
from mlplatform.improvement.services import create_action
from mlplatform.label import reminders
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile, ReminderSent
from mlplatform.network.enums import StructureType

from ..factories import make_structure, make_user
from .factories import build_label_world

TODAY = datetime.date(2026, 11, 23)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def run(*args: str) -> str:
    out = StringIO()
    call_command("label_reminders", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(world):
    """Something due of every kind, and things that are not due."""
    lw = build_label_world(world)
    framework = Framework.objects.create(code="ML")

    def file(structure, stage, **fields):
        return LabelFile.objects.create(
            structure=structure, framework=framework, stage=stage, enrolled_on=day(-900), **fields
        )

    # ML-A1: follow-up audit due in a month, label ending in 100 days.
    file(world.ml, Stage.LABELLED, valid_from=day(-995), valid_until=day(100), follow_up_due_on=day(30))
    # ML-A2: label ended yesterday, not renewed.
    file(world.ml2, Stage.LABELLED, valid_from=day(-1096), valid_until=day(-1))
    # An ML of region B far from any deadline, and one whose label ended long ago (old news).
    file(
        world.other_ml, Stage.LABELLED, valid_from=day(-100), valid_until=day(1000), follow_up_due_on=day(400)
    )
    old = make_structure("ML-B2", StructureType.ML, world.other_arml, name="Mission Locale Bêta Deux")
    file(old, Stage.EXPIRED, valid_from=day(-1400), valid_until=day(-300))
    # An audit under way at ML-B3 with evidence requests in every state.
    audited = make_structure("ML-B3", StructureType.ML, world.other_arml, name="Mission Locale Bêta Trois")
    make_user("dir.b3@test.example", Role.ML_DIRECTOR, audited)
    audit = Audit.objects.create(
        file=file(audited, Stage.AUDIT_SCHEDULED, self_assessed_on=day(-100), audit_requested_on=day(-60)),
        external_auditor=lw.external,
        network_auditor=lw.network_same_region,
        assigned_by=lw.lead,
        starts_on=day(-2),
        ends_on=day(-1),
        status=AuditStatus.SCHEDULED,
    )
    at = timezone.make_aware(datetime.datetime.combine(day(-20), datetime.time(10)))
    recent = timezone.make_aware(datetime.datetime.combine(day(-3), datetime.time(10)))
    for subject, status, due_on, created in (
        ("Statuts signés", RequestStatus.OPEN, day(-1), recent),  # past its due date
        ("Compte rendu du conseil", RequestStatus.OPEN, None, at),  # 20 days without an answer
        ("Budget", RequestStatus.OPEN, None, recent),  # recent: not yet
        ("Organigramme", RequestStatus.OPEN, day(5), at),  # old, but its due date rules: not yet
        ("Plan de formation", RequestStatus.ANSWERED, day(-5), at),  # answered
    ):
        EvidenceRequest.objects.create(
            audit=audit,
            subject=subject,
            status=status,
            due_on=due_on,
            created_by=lw.external,
            created_at=created,
        )
    # Improvement plan of ML-A1: one action overdue (owned by a staff member), one not.
    staff = world.user(Role.ML_STAFF)
    for title, due_on in (("Charte d'accueil", day(-10)), ("Enquête de satisfaction", day(20))):
        action = create_action(world.ml, user=staff, title=title, due_on=day(30), owner=staff)
        type(action).objects.filter(pk=action.pk).update(due_on=due_on)
    return lw


def test_a_dry_run_tells_what_would_be_sent_and_sends_nothing(due):
    output = run()
    assert "simulation : aucun courriel n'est envoyé" in output
    assert "6 rappels qui seraient envoyés" in output
    for text in (
        "[Audit de suivi à venir] Audit de suivi à prévoir avant le 23/12/2026 : Mission Locale Alpha Un",
        "[Fin de validité du label] Le label de la Mission Locale Alpha Un prend fin le 03/03/2027",
        "[Label arrivé à échéance] Le label de la Mission Locale Alpha Deux est arrivé à échéance",
        "[Demande de preuves sans réponse] Demande de preuves en attente : Statuts signés",
        "[Demande de preuves sans réponse] Demande de preuves en attente : Compte rendu du conseil",
        "[Actions d'amélioration en retard] Plan d'amélioration : 1 action en retard — Mission Locale Alpha",
    ):
        assert text in output, text
    assert "1 label arrivé à échéance passerait à « Label échu »" in output
    for absent in ("Budget", "Organigramme", "Plan de formation", "Bêta Deux", "Bêta Un", "Enquête"):
        assert absent not in output, absent
    assert not mail.outbox and not ReminderSent.objects.exists()
    assert LabelFile.objects.get(structure=due.world.ml2).stage == Stage.LABELLED


def test_send_sends_each_reminder_once_and_expires_ended_labels(due):
    world = due.world
    output = run("--send")
    assert "Labels arrivés à échéance, passés à « Label échu » : 1 (Mission Locale Alpha Deux)" in output
    assert LabelFile.objects.get(structure=world.ml2).stage == Stage.EXPIRED
    assert len(mail.outbox) == 6 and "6 rappels envoyés." in output
    assert ReminderSent.objects.count() == 6
    subjects = {message.subject: message for message in mail.outbox}
    follow_up = subjects["Audit de suivi à prévoir avant le 23/12/2026 : Mission Locale Alpha Un"]
    leads = {world.user(Role.ML_DIRECTOR).email, world.user(Role.ML_QUALITY).email}
    assert set(follow_up.to) == leads | {world.user(Role.ARML_REFERENT).email}
    assert "/labellisation/ML-A1/" in follow_up.body and "n'est envoyé qu'une fois" in follow_up.body
    request = subjects["Demande de preuves en attente : Statuts signés"]
    assert request.to == ["dir.b3@test.example"]  # the structure answers; its ARML is not involved
    expired = subjects["Le label de la Mission Locale Alpha Deux est arrivé à échéance"]
    assert world.user(Role.ARML_REFERENT).email in expired.to

    # The next day, and the day after: nothing is sent twice.
    mail.outbox.clear()
    output = run("--send")
    assert "Aucun rappel à envoyer." in output and not mail.outbox


def test_overdue_actions_are_grouped_per_structure_and_go_to_their_owner(due):
    world = due.world
    found = [r for r in reminders.due_reminders(TODAY) if r.kind == reminders.IMPROVEMENT_OVERDUE]
    (reminder,) = [r for r in found if r.structure == world.ml]
    assert [line.split(" (")[0] for line in reminder.lines] == ["Charte d'accueil"]
    assert world.user(Role.ML_STAFF).email in reminder.recipients
    assert world.user(Role.ML_DIRECTOR).email in reminder.recipients
    assert reminders.send([reminder]) == 1
    assert mail.outbox[-1].subject.startswith("Plan d'amélioration : 1 action en retard")
    # Another action falls overdue later: only that one is reminded.
    staff = world.user(Role.ML_STAFF)
    action = create_action(world.ml, user=staff, title="Livret d'accueil", due_on=day(30))
    type(action).objects.filter(pk=action.pk).update(due_on=day(-2))
    (again,) = [
        r
        for r in reminders.due_reminders(TODAY)
        if r.kind == reminders.IMPROVEMENT_OVERDUE and r.structure == world.ml
    ]
    assert [line.split(" (")[0] for line in again.lines] == ["Livret d'accueil"]


def test_two_runs_at_once_never_send_twice(due):
    found = reminders.due_reminders(TODAY)
    first = found[0]
    for key in first.keys:
        ReminderSent.objects.create(kind=first.kind, key=key, recipients="autre exécution")
    assert reminders.send([first]) == 0
    assert not mail.outbox


def test_a_reminder_without_recipient_is_kept_for_later(due):
    world = due.world
    world.user(Role.ML_DIRECTOR).memberships.update(is_active=False)
    world.user(Role.ML_QUALITY).memberships.update(is_active=False)
    world.user(Role.ARML_REFERENT).memberships.update(is_active=False)
    output = run("--send")
    assert "aucun destinataire sur la plateforme (rappel non envoyé)" in output
    assert not ReminderSent.objects.filter(kind=reminders.VALIDITY_ENDING).exists()


def test_the_date_must_be_valid():
    with pytest.raises(CommandError, match="Date invalide « 23/11/2026 »"):
        call_command("label_reminders", "--today", "23/11/2026", stdout=StringIO())
