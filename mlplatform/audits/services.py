"""The domain actions of the audits, with who may do them: assigning a pair to a file, delivering the
report, the structure's response. They move the file through ``label.transitions`` (the one way to
change its stage); ``audits.work`` builds the rest of the auditors' work around them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.services import acts_for_structure, awaits_arml_opinion, is_national_admin
from mlplatform.label.transitions import TransitionRefused, log_step, move
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import AuditKind, AuditorKind, AuditStatus
from .models import Audit, AuditorProfile


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


# Who may act


def lead_auditor(membership: Membership | None) -> bool:
    if membership is None or membership.role != Role.AUDITOR:
        return False
    profile = AuditorProfile.objects.filter(user_id=membership.user_id, is_active=True).first()
    return profile is not None and profile.is_lead


def is_auditor_of(user: User, audit: Audit) -> bool:
    return user.pk in (audit.external_auditor_id, audit.network_auditor_id)


# Assignment


def region_of(structure: Structure | None) -> int | None:
    """The ARML whose region the structure belongs to (itself for an ARML, none for the UNML)."""
    if structure is None:
        return None
    if structure.type == StructureType.ARML:
        return structure.pk
    if structure.type == StructureType.ML:
        return structure.parent_id
    return None


def conflicts_of_interest(file: LabelFile, external: User, network: User) -> list[str]:
    """Why this pair may not audit this file (empty when it may)."""
    problems = []
    profiles = {
        p.user_id: p for p in AuditorProfile.objects.filter(user__in=[external, network], is_active=True)
    }
    ext, net = profiles.get(external.pk), profiles.get(network.pk)
    if external.pk == network.pk:
        problems.append("Un audit est mené par deux personnes différentes.")
    if ext is None or ext.kind != AuditorKind.EXTERNAL:
        problems.append(f"{external} n'est pas auditeur·rice certifié·e externe du vivier.")
    if net is None or net.kind != AuditorKind.NETWORK:
        problems.append(f"{network} n'est pas auditeur·rice du réseau dans le vivier.")
        return problems
    home = net.home_structure
    if home.pk == file.structure_id:
        problems.append(f"{network} travaille dans la structure auditée : conflit d'intérêts.")
    elif region_of(home) is not None and region_of(home) == region_of(file.structure):
        problems.append(
            f"{network} travaille dans la même région que la structure auditée : conflit d'intérêts."
        )
    elif home.type == StructureType.UNML and file.structure.type == StructureType.UNML:
        problems.append(f"{network} travaille à l'UNML, qui est la structure auditée : conflit d'intérêts.")
    return problems


def schedule_audit(
    file: LabelFile,
    membership: Membership,
    *,
    external: User,
    network: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    mode: str,
    kind: str | None = None,
) -> Audit:
    _require(
        lead_auditor(membership) or is_national_admin(membership),
        "Seul·e l'auditeur·rice référent·e (ou l'UNML) affecte les audits.",
    )
    problems = conflicts_of_interest(file, external, network)
    _require(not problems, " ".join(problems))
    _require(ends_on >= starts_on, "Le dernier jour de l'audit ne peut pas précéder le premier.")
    if kind is None:
        kind = AuditKind.RENEWAL if file.valid_until else AuditKind.INITIAL
    if kind != AuditKind.FOLLOW_UP:
        _require(
            file.stage == Stage.AUDIT_REQUESTED,
            "Ce dossier n'attend pas d'audit : la structure doit d'abord le demander.",
        )
        # A Mission Locale's request goes through its ARML first (the ARML accompanies it and says
        # whether it is ready); whatever the opinion, it is in the file before the pair is chosen.
        _require(
            not awaits_arml_opinion(file),
            "L'ARML n'a pas encore donné son avis sur cette demande d'audit : "
            "le binôme est affecté une fois l'avis rendu.",
        )
    with transaction.atomic():
        audit = Audit.objects.create(
            file=file,
            kind=kind,
            external_auditor=external,
            network_auditor=network,
            assigned_by=membership.user,
            starts_on=starts_on,
            ends_on=ends_on,
            mode=mode,
        )
        period = f"du {starts_on:%d/%m/%Y} au {ends_on:%d/%m/%Y}"
        comment = f"{audit.get_kind_display()} {period} : {external} et {network}"
        if kind == AuditKind.FOLLOW_UP:
            _require(file.stage == Stage.LABELLED, "Un audit de suivi porte sur une structure labellisée.")
            log_step(file, actor=membership.user, actor_structure=membership.structure, comment=comment)
        else:
            move(
                file,
                Stage.AUDIT_SCHEDULED,
                actor=membership.user,
                actor_structure=membership.structure,
                comment=comment,
            )
    return audit


# The report


def deliver_report(audit: Audit, membership: Membership) -> Audit:
    _require(is_auditor_of(membership.user, audit), "Seul le binôme d'auditeurs remet le rapport.")
    _require(audit.status == AuditStatus.SCHEDULED, "Ce rapport est déjà remis : il est verrouillé.")
    _require(bool(audit.overall_opinion.strip()), "Rédigez l'avis global avant de remettre le rapport.")
    _require(
        timezone.localdate() >= audit.ends_on,
        f"Le rapport se remet à l'issue de l'audit, à partir de son dernier jour ({audit.ends_on:%d/%m/%Y}).",
    )
    with transaction.atomic():
        updated = Audit.objects.filter(pk=audit.pk, status=AuditStatus.SCHEDULED).update(
            status=AuditStatus.DELIVERED, delivered_at=timezone.now(), delivered_by=membership.user
        )
        _require(bool(updated), "Ce rapport vient d'être remis par l'autre auditeur·rice.")
        audit.refresh_from_db()
        file = audit.file
        if audit.kind == AuditKind.FOLLOW_UP:
            LabelFile.objects.filter(pk=file.pk).update(follow_up_due_on=None, updated_at=timezone.now())
            log_step(
                file,
                actor=membership.user,
                actor_structure=membership.structure,
                comment="Rapport de suivi remis",
            )
        else:
            move(
                file,
                Stage.AUDITED,
                actor=membership.user,
                actor_structure=membership.structure,
                comment="Rapport d'audit remis",
            )
    return audit


def respond_to_report(audit: Audit, membership: Membership, *, text: str) -> Audit:
    _require(
        acts_for_structure(membership, audit.file.structure), "Seule la structure auditée répond au rapport."
    )
    _require(audit.is_delivered, "La structure répond au rapport une fois celui-ci remis.")
    _require(not audit.structure_response, "La réponse de la structure est déjà enregistrée.")
    _require(bool(text.strip()), "La réponse est vide.")
    Audit.objects.filter(pk=audit.pk).update(
        structure_response=text.strip(), structure_response_at=timezone.now()
    )
    audit.refresh_from_db()
    log_step(
        audit.file,
        actor=membership.user,
        actor_structure=membership.structure,
        comment="Réponse écrite au rapport",
    )
    return audit
