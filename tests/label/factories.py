"""Label-cycle test data: the auditors' pool, a commission, and a label file brought to any stage.

``LabelWorld`` extends the access-matrix ``World`` (tests/factories.py). ``advance(lw, stage)`` walks
the file of ML-A1 through the real services up to ``stage``, so tests start from a consistent file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments import services as assessment_services
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditMode, AuditorKind
from mlplatform.audits.models import Audit, AuditorProfile
from mlplatform.commission import services as commission_services
from mlplatform.commission.enums import Outcome
from mlplatform.commission.models import CommissionSession
from mlplatform.label import services
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile

from ..assessments.factories import answer_all, assessment_of, open_campaign
from ..factories import World, make_user


@dataclass
class LabelWorld:
    world: World
    lead: object  # lead auditor (also external)
    external: object
    network: object  # network auditor from ML-B1 (other region)
    network_same_region: object  # network auditor from ML-A2 (same region as ML-A1: conflict)
    member: object  # commission member
    other_member: object  # a commission member not on the session


def build_label_world(world: World) -> LabelWorld:
    """Auditors' pool and commission around the access-matrix world (the AUDITOR user is the lead).

    Built once per world: later calls (several access cases on one world) get the same pool back.
    """
    existing = getattr(world, "_label_world", None)
    if existing is not None:
        return existing
    lead = world.user(Role.AUDITOR)
    AuditorProfile.objects.create(user=lead, kind=AuditorKind.EXTERNAL, certification="AFNOR", is_lead=True)
    external = make_user("externe@test.example", Role.AUDITOR, world.unml)
    AuditorProfile.objects.create(user=external, kind=AuditorKind.EXTERNAL, certification="AFNOR")
    network = make_user("reseau@test.example", Role.AUDITOR, world.unml)
    AuditorProfile.objects.create(user=network, kind=AuditorKind.NETWORK, home_structure=world.other_ml)
    same = make_user("reseau.a@test.example", Role.AUDITOR, world.unml)
    AuditorProfile.objects.create(user=same, kind=AuditorKind.NETWORK, home_structure=world.ml2)
    member = world.user(Role.COMMISSION_MEMBER)
    other_member = make_user("autre.membre@test.example", Role.COMMISSION_MEMBER, world.unml)
    world._label_world = LabelWorld(world, lead, external, network, same, member, other_member)
    return world._label_world


def membership(user):
    return user.active_membership()


ORDER = [
    Stage.ENROLLED,
    Stage.SELF_ASSESSED,
    Stage.AUDIT_REQUESTED,
    Stage.AUDIT_SCHEDULED,
    Stage.AUDITED,
    Stage.ON_AGENDA,
    Stage.LABELLED,
]


def session_for(lw: LabelWorld, **fields) -> CommissionSession:
    session = CommissionSession.objects.create(
        title=fields.pop("title", "Commission nationale de labellisation"),
        # Held today: decisions are recorded from the session's date on.
        date=fields.pop("date", timezone.localdate()),
        created_by=lw.world.user(Role.NATIONAL_ADMIN),
        **fields,
    )
    session.members.add(lw.member)
    return session


def advance(
    lw: LabelWorld, stage: str, structure_attr: str = "ml", outcome: str = Outcome.LABELLED
) -> LabelFile:
    """The file of the world's ML brought to ``stage`` through the real services."""
    world = lw.world
    structure = getattr(world, structure_attr)
    quality = membership(world.user(Role.ML_QUALITY)) if structure_attr == "ml" else None
    director = quality or membership(
        make_user(f"dir.{structure.code}@test.example", Role.ML_DIRECTOR, structure)
    )
    if getattr(world, "_campaign", None) is None:
        world._campaign = open_campaign(world)  # loads the ML framework the file refers to
    file = services.enrol(structure, director, on=timezone.localdate() - datetime.timedelta(days=120))
    target = Stage.DEFERRED if stage == Stage.DEFERRED else stage
    steps = ORDER if target not in (Stage.DEFERRED,) else [*ORDER[:-1], Stage.DEFERRED]
    for step in steps[1 : steps.index(target) + 1]:
        if step == Stage.SELF_ASSESSED:
            assessment = assessment_of(world._campaign, structure)
            answer_all(assessment, director.user)
            assessment_services.submit(assessment, director, missing=0)
        elif step == Stage.AUDIT_REQUESTED:
            services.request_audit(file, director, statement="Nous sommes prêts.")
            if structure.parent_id is not None and structure.is_ml:
                mine = structure.parent_id == world.arml.pk
                referent = Role.ARML_REFERENT if mine else "OTHER_ARML_REFERENT"
                services.give_arml_opinion(
                    file,
                    membership(world.user(referent)),
                    opinion=ArmlOpinion.FAVOURABLE,
                    text="Prête.",
                )
        elif step == Stage.AUDIT_SCHEDULED:
            today = timezone.localdate()
            audit_services.schedule_audit(
                file,
                membership(lw.lead),
                external=lw.external,
                network=lw.network,
                starts_on=today - datetime.timedelta(days=10),
                ends_on=today - datetime.timedelta(days=9),
                mode=AuditMode.ON_SITE,
            )
        elif step == Stage.AUDITED:
            audit = Audit.objects.get(file=file)
            Audit.objects.filter(pk=audit.pk).update(overall_opinion="Démarche solide.")
            audit.refresh_from_db()
            audit_services.deliver_report(audit, membership(lw.external))
        elif step == Stage.ON_AGENDA:
            lw.session = session_for(lw)
            commission_services.put_on_agenda(file, lw.session, membership(world.user(Role.NATIONAL_ADMIN)))
        elif step in (Stage.LABELLED, Stage.DEFERRED):
            item = lw.session.agenda.get(file=file)
            commission_services.record_decision(
                item,
                membership(lw.member),
                outcome=Outcome.DEFERRED if step == Stage.DEFERRED else Outcome.LABELLED,
                reasons="Exigences satisfaites." if step == Stage.LABELLED else "Preuves insuffisantes.",
                conditions="" if step == Stage.LABELLED else "Formaliser le plan d'actions.",
            )
            commission_services.close_session(lw.session, membership(world.user(Role.NATIONAL_ADMIN)))
        file.refresh_from_db()
    assert file.stage == target, (file.stage, target)
    return file
