"""The label file's state machine: every allowed step through the services, every illegal move refused."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditMode
from mlplatform.commission import services as commission_services
from mlplatform.commission.enums import Outcome
from mlplatform.label import services
from mlplatform.label.dates import add_months, add_years
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile, LabelTransition
from mlplatform.label.transitions import ALLOWED, TransitionRefused, move

from .factories import ORDER, advance, build_label_world, membership


@pytest.fixture
def lw(world):
    return build_label_world(world)


def test_the_whole_cycle_is_logged_step_by_step(lw):
    file = advance(lw, Stage.LABELLED)
    steps = list(LabelTransition.objects.filter(file=file).values_list("from_stage", "to_stage"))
    moves = [(a, b) for a, b in steps if a != b]
    assert moves == [("", Stage.ENROLLED), *itertools.pairwise(ORDER)]
    opinion = LabelTransition.objects.get(
        file=file, from_stage=Stage.AUDIT_REQUESTED, to_stage=Stage.AUDIT_REQUESTED
    )
    assert opinion.actor == lw.world.user(Role.ARML_REFERENT) and opinion.actor_structure == lw.world.arml
    assert all(t.actor_id for t in LabelTransition.objects.filter(file=file))
    decided = LabelTransition.objects.get(file=file, to_stage=Stage.LABELLED)
    assert (decided.actor, decided.actor_structure) == (lw.member, lw.world.unml)
    today = timezone.localdate()
    session_date = today  # session_for: a session held today
    assert (file.valid_from, file.valid_until) == (session_date, add_years(session_date, 3))
    assert file.follow_up_due_on == add_months(session_date, 18)


ILLEGAL = [
    (stage, target)
    for stage in [*ORDER, Stage.DEFERRED, Stage.EXPIRED, Stage.WITHDRAWN]
    for target in Stage.values
    if target not in ALLOWED.get(stage, frozenset())
]


@pytest.mark.parametrize(("stage", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_and_changes_nothing(stage, target, world):
    from mlplatform.frameworks.models import Framework

    framework = Framework.objects.create(code="ML")
    file = LabelFile.objects.create(
        structure=world.ml, framework=framework, stage=stage, enrolled_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(TransitionRefused, match="Étape impossible"):
        move(file, target, actor=world.user(Role.NATIONAL_ADMIN), actor_structure=world.unml)
    file.refresh_from_db()
    assert file.stage == stage and file.version == 1 and not file.transitions.exists()


def test_a_stale_version_is_refused(lw):
    file = advance(lw, Stage.ENROLLED)
    with pytest.raises(TransitionRefused, match="changé"):
        move(
            file, Stage.SELF_ASSESSED, actor=lw.lead, actor_structure=None, expected_version=file.version - 1
        )


def test_dates_out_of_order_are_refused_by_the_database(world):
    from mlplatform.frameworks.models import Framework

    framework = Framework.objects.create(code="ML")
    with pytest.raises(IntegrityError), transaction.atomic():
        LabelFile.objects.create(
            structure=world.ml,
            framework=framework,
            enrolled_on=datetime.date(2025, 3, 1),
            self_assessed_on=datetime.date(2025, 2, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LabelFile.objects.create(
            structure=world.ml2,
            framework=framework,
            enrolled_on=datetime.date(2025, 3, 1),
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2025, 1, 1),
        )


def test_submitting_the_self_assessment_moves_an_enrolled_file(lw):
    file = advance(lw, Stage.SELF_ASSESSED)
    assert file.assessment is not None and file.assessment.is_submitted


def test_only_the_structure_requests_its_audit(lw):
    file = advance(lw, Stage.SELF_ASSESSED)
    with pytest.raises(TransitionRefused, match="Seule la structure"):
        services.request_audit(file, membership(lw.world.user(Role.ARML_REFERENT)), statement="Prête")
    with pytest.raises(TransitionRefused, match="Attestez"):
        services.request_audit(file, membership(lw.world.user(Role.ML_DIRECTOR)), statement=" ")


def test_the_arml_opinion_comes_from_the_referent_of_the_region(lw):
    file = advance(lw, Stage.SELF_ASSESSED)
    services.request_audit(file, membership(lw.world.user(Role.ML_DIRECTOR)), statement="Prête")
    with pytest.raises(TransitionRefused, match="référent"):
        services.give_arml_opinion(
            file, membership(lw.world.user("OTHER_ARML_REFERENT")), opinion="FAVOURABLE", text="Oui"
        )


def test_conflicts_of_interest_are_refused(lw):
    file = advance(lw, Stage.AUDIT_REQUESTED)
    today = timezone.localdate()
    lead = membership(lw.lead)
    kwargs = {"starts_on": today, "ends_on": today, "mode": AuditMode.REMOTE}
    with pytest.raises(TransitionRefused, match="même région"):
        audit_services.schedule_audit(
            file, lead, external=lw.external, network=lw.network_same_region, **kwargs
        )
    with pytest.raises(TransitionRefused, match="n'est pas auditeur·rice du réseau"):
        audit_services.schedule_audit(file, lead, external=lw.external, network=lw.external, **kwargs)
    with pytest.raises(TransitionRefused, match="référent"):
        audit_services.schedule_audit(
            file, membership(lw.network), external=lw.external, network=lw.network, **kwargs
        )
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED and not file.audits.exists()


def test_a_network_auditor_never_audits_their_own_structure(lw):
    from mlplatform.audits.models import AuditorProfile

    AuditorProfile.objects.filter(user=lw.network).update(home_structure=lw.world.ml)
    file = advance(lw, Stage.AUDIT_REQUESTED)
    problems = audit_services.conflicts_of_interest(file, lw.external, lw.network)
    assert problems and "structure auditée" in problems[0]


def test_a_closed_session_makes_decisions_final(lw):
    file = advance(lw, Stage.LABELLED)
    item = lw.session.agenda.get(file=file)
    assert item.decision.is_final
    with pytest.raises(TransitionRefused, match="close"):
        commission_services.record_decision(
            item, membership(lw.member), outcome=Outcome.DEFERRED, reasons="Non", conditions="X"
        )


def test_deferral_needs_what_to_do_and_allows_a_new_request(lw):
    file = advance(lw, Stage.DEFERRED)
    assert file.decisions.get().conditions == "Formaliser le plan d'actions."
    services.request_audit(file, membership(lw.world.user(Role.ML_DIRECTOR)), statement="Plan formalisé.")
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED


def test_withdrawal_follows_the_granting_decision(lw):
    file = advance(lw, Stage.LABELLED)
    granted = file.decisions.get()
    decision = commission_services.withdraw(
        file, lw.session, membership(lw.member), reasons="Manquements graves constatés."
    )
    file.refresh_from_db()
    assert file.stage == Stage.WITHDRAWN and decision.supersedes == granted and decision.is_final


def test_labels_past_their_end_expire_once(lw):
    file = advance(lw, Stage.LABELLED)
    later = file.valid_until + datetime.timedelta(days=1)
    assert [f.pk for f in services.expire_labels(today=later)] == [file.pk]
    assert services.expire_labels(today=later) == []
    last = file.transitions.last()
    assert last.to_stage == Stage.EXPIRED and last.actor is None


def test_an_auditor_perimeter_is_their_audits(lw):
    from mlplatform.network.models import Structure

    assert not Structure.objects.for_user(lw.network).exists()
    advance(lw, Stage.AUDIT_SCHEDULED)
    assert list(Structure.objects.for_user(lw.network)) == [lw.world.ml]
    assert not Structure.objects.for_user(lw.network_same_region).exists()


def test_a_commission_member_perimeter_is_their_agenda(lw):
    from mlplatform.network.models import Structure

    advance(lw, Stage.ON_AGENDA)
    assert list(Structure.objects.for_user(lw.member)) == [lw.world.ml]
    assert not Structure.objects.for_user(lw.other_member).exists()
