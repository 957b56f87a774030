"""The demo label cycle loaded by setup_demo: every stage, consistent histories, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.audits.enums import AuditorKind, AuditStatus, RequestStatus
from mlplatform.audits.models import Audit, AuditorProfile, EvidenceRequest
from mlplatform.commission.demo import load_demo
from mlplatform.commission.enums import Outcome, SessionStatus
from mlplatform.commission.models import CommissionSession, Decision
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile, LabelTransition
from mlplatform.label.transitions import ALLOWED

from ..assessments.factories import load_ml_framework
from ..frameworks.test_loader import load_small_framework


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    load_ml_framework("2030", parts=1, commitments=3, requirements=1)
    load_small_framework()
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def snapshot() -> tuple:
    return (
        sorted(LabelFile.objects.values_list("structure__code", "stage", "version")),
        LabelTransition.objects.count(),
        Audit.objects.count(),
        Decision.objects.count(),
        CommissionSession.objects.count(),
        User.objects.count(),
        AuditorProfile.objects.count(),
    )


def test_the_demo_covers_the_whole_cycle(demo):
    assert "Labellisation de démonstration" in demo and "Bocage au Bessin labellisée" in demo
    stages = set(LabelFile.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    bocage = LabelFile.objects.get(structure__code="ML-14-BOCAGE-BESSIN")
    today = timezone.localdate()
    assert bocage.stage == Stage.LABELLED and bocage.valid_from <= today <= bocage.valid_until
    decision = bocage.decisions.get()
    assert decision.outcome == Outcome.LABELLED and decision.is_final and decision.session.is_closed
    assert decision.framework_version is not None  # the certificate names the framework version
    evreux = LabelFile.objects.get(structure__code="ML-27-EVREUX")
    assert evreux.stage == Stage.DEFERRED and evreux.decisions.get().conditions
    assert (
        Audit.objects.filter(status=AuditStatus.SCHEDULED, file__structure__parent__code="ARML-NOR").count()
        >= 2
    )
    assert EvidenceRequest.objects.filter(status=RequestStatus.OPEN).exists()
    sessions = CommissionSession.objects.all()
    assert sessions.filter(status=SessionStatus.CLOSED, date__lt=today).exists()
    coming = sessions.get(status=SessionStatus.PLANNED)
    assert coming.date > today and coming.agenda.filter(file__stage=Stage.ON_AGENDA).exists()
    assert coming.members.filter(email="commission@demo.test").exists()
    # The auditors' pool: the demo auditor leads it; external and network auditors.
    lead = AuditorProfile.objects.get(user__email="auditrice@demo.test")
    assert lead.is_lead and lead.kind == AuditorKind.EXTERNAL
    assert AuditorProfile.objects.filter(kind=AuditorKind.NETWORK, home_structure__isnull=False).count() >= 2
    # The demo accounts' own Missions Locales are early in the cycle.
    assert LabelFile.objects.get(structure__code="ML-14-CAEN").stage == Stage.ENROLLED
    pending = LabelFile.objects.get(structure__code="ML-14-LISIEUX")
    assert pending.stage == Stage.AUDIT_REQUESTED and not pending.arml_opinion

    assert_histories_follow_the_state_machine()


def assert_histories_follow_the_state_machine() -> None:
    for file in LabelFile.objects.prefetch_related("transitions"):
        steps = sorted(file.transitions.all(), key=lambda step: step.pk)
        assert [step.at for step in steps] == sorted(step.at for step in steps), file.structure_id
        previous = ""
        for step in steps:
            assert step.from_stage == previous
            if step.from_stage and step.from_stage != step.to_stage:
                assert step.to_stage in ALLOWED[step.from_stage], (step.from_stage, step.to_stage)
            previous = step.to_stage
        assert previous == file.stage
    for audit in Audit.objects.select_related("file__structure"):
        home = audit.network_auditor.auditor_profile.home_structure
        assert home.parent_id != audit.file.structure.parent_id  # no conflict of interest


def test_the_demo_is_loaded_once(demo):
    first = snapshot()
    assert load_demo() == "Labellisation de démonstration : déjà chargée."
    out = StringIO()
    call_command("setup_demo", stdout=out)
    assert snapshot() == first
