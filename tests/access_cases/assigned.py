"""Auditors and commission members with files assigned to them, in and out of the world's region.

Their perimeter is the structures of the label files assigned to them (``Level.ASSIGNED``): the
ARML of region Alpha and its ML-A1 (the structures most URLs of the matrix name), and ML-B1 of
the other region. tests/test_access_matrix.py checks every URL outside the label cycle for them
(the label cycle's own cases build their audits and sessions through the services).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits.models import Audit
from mlplatform.commission.models import AgendaItem, CommissionSession
from mlplatform.frameworks.models import Framework
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile

from ..factories import World, make_user

ASSIGNED_AUDITOR = "ASSIGNED_AUDITOR"
ASSIGNED_COMMISSION_MEMBER = "ASSIGNED_COMMISSION_MEMBER"
# The role each of them acts under, whose expected status they share unless a case says otherwise.
ASSIGNED_ROLES = {ASSIGNED_AUDITOR: Role.AUDITOR, ASSIGNED_COMMISSION_MEMBER: Role.COMMISSION_MEMBER}
# Namespaces whose cases already give auditors and commission members their files.
LABEL_CYCLE_NAMESPACES = ("label:",)


def assign_files(world: World) -> None:
    """Give two more people of the world files: audits of their pair, and the agenda of a session."""
    if ASSIGNED_AUDITOR in world.users:
        return
    admin = world.user(Role.NATIONAL_ADMIN)
    auditor = make_user("auditrice.affectee@test.example", Role.AUDITOR, world.unml)
    partner = make_user("auditeur.binome@test.example", Role.AUDITOR, world.unml)
    member = make_user("membre.affecte@test.example", Role.COMMISSION_MEMBER, world.unml)
    today = timezone.localdate()
    session = CommissionSession.objects.create(
        title="Commission d'essai", date=today + datetime.timedelta(days=30), created_by=admin
    )
    session.members.add(member)
    for structure in (world.ml, world.arml, world.other_ml):
        code = "ML" if structure.is_ml else "ARML-UNML"
        file = LabelFile.objects.create(
            structure=structure,
            framework=Framework.objects.get_or_create(code=code)[0],
            stage=Stage.AUDIT_SCHEDULED,
            enrolled_on=today - datetime.timedelta(days=90),
        )
        audit = Audit.objects.create(
            file=file,
            external_auditor=auditor,
            network_auditor=partner,
            assigned_by=admin,
            starts_on=today + datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=8),
        )
        AgendaItem.objects.create(session=session, file=file, audit=audit)
    world.users[ASSIGNED_AUDITOR] = auditor
    world.users[ASSIGNED_COMMISSION_MEMBER] = member


# Where people with files get another status than the same role without: the files assigned to them
# open the structure's page and its quality work, read-only (its self-assessment, evidence library
# and improvement plan: what the audit and the commission judge); every change is refused (403).
# Observatory figures and regional follow-ups stay closed whatever the files (they are checked by
# role first: the same 403 with or without files, so nothing to list here).
_READ = [
    "network:structure",
    "assessments:assessment",
    "assessments:history",
    "assessments:requirement",
    "assessments:results",
    "assessments:pdf",
    "assessments:xlsx",
    "evidence:library",
    "evidence:detail",
    "evidence:download",
    "evidence:download_version",
    "improvement:plan",
    "improvement:detail",
    "improvement:pdf",
    "improvement:xlsx",
]
_REFUSED = [
    "network:structure_edit",
    "assessments:save_answer",
    "assessments:comment",
    "assessments:attach_evidence",
    "assessments:detach_evidence",
    "assessments:submit",
    "assessments:reopen",
    "assessments:confirm_carried",
    "assessments:keep_evidence",
    "evidence:add_file",
    "evidence:add_link",
    "evidence:edit",
    "evidence:replace",
    "evidence:archive",
    "evidence:restore",
    "improvement:create",
    "improvement:edit",
    "improvement:note",
]
ASSIGNED_EXPECTED: dict[str, int] = dict.fromkeys(_READ, 200) | dict.fromkeys(_REFUSED, 403)
