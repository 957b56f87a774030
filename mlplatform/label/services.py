"""The domain actions of the label cycle, with who may do them. Views call these; they call ``move``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.assessments.models import Assessment
from mlplatform.frameworks.models import Framework
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .dates import add_months, add_years
from .enums import ArmlOpinion, AuditKind, AuditorKind, AuditStatus, Outcome, SessionStatus, Stage
from .models import AgendaItem, Audit, AuditorProfile, CommissionSession, Decision, LabelFile
from .transitions import TransitionRefused, log_step, move, start

FRAMEWORK_OF_TYPE = {StructureType.ML: "ML", StructureType.ARML: "ARML-UNML", StructureType.UNML: "ARML-UNML"}


# Who may act


def is_national_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.NATIONAL_ADMIN


def is_arml_referent_of(membership: Membership | None, structure: Structure) -> bool:
    return (
        membership is not None
        and membership.role == Role.ARML_REFERENT
        and structure.parent_id == membership.structure_id
    )


def acts_for_structure(membership: Membership | None, structure: Structure) -> bool:
    """The structure's direction or quality referent: enrols, asks for audits, answers the report."""
    return membership is not None and membership.leads_quality_of(structure)


def lead_auditor(membership: Membership | None) -> bool:
    if membership is None or membership.role != Role.AUDITOR:
        return False
    profile = AuditorProfile.objects.filter(user_id=membership.user_id, is_active=True).first()
    return profile is not None and profile.is_lead


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


# Enrolment and self-assessment


def enrol(structure: Structure, membership: Membership, *, on: datetime.date | None = None) -> LabelFile:
    _require(
        acts_for_structure(membership, structure)
        or is_arml_referent_of(membership, structure)
        or is_national_admin(membership),
        "Seules la structure, son ARML ou l'UNML peuvent l'engager dans la démarche.",
    )
    existing = LabelFile.objects.filter(structure=structure).first()
    on = on or timezone.localdate()
    if existing is not None:
        if existing.stage in (Stage.EXPIRED, Stage.WITHDRAWN):
            return move(
                existing,
                Stage.ENROLLED,
                actor=membership.user,
                actor_structure=membership.structure,
                comment="Nouvel engagement dans la démarche",
                enrolled_on=on,
                self_assessed_on=None,
                audit_requested_on=None,
                arml_opinion="",
                arml_opinion_text="",
                arml_opinion_on=None,
                arml_opinion_by=None,
                assessment=None,
            )
        raise TransitionRefused("Cette structure est déjà engagée dans la démarche.")
    framework = Framework.objects.get(code=FRAMEWORK_OF_TYPE[structure.type])
    return start(
        structure,
        framework=framework,
        enrolled_on=on,
        actor=membership.user,
        actor_structure=membership.structure,
    )


def record_self_assessment(
    file: LabelFile, assessment: Assessment, *, actor: User, actor_structure
) -> LabelFile:
    """Take a submitted self-assessment of the structure into its file."""
    _require(
        assessment.structure_id == file.structure_id, "Cette auto-évaluation n'est pas celle de la structure."
    )
    _require(
        assessment.is_submitted, "L'auto-évaluation doit être soumise avant d'être retenue pour le label."
    )
    return move(
        file,
        Stage.SELF_ASSESSED,
        actor=actor,
        actor_structure=actor_structure,
        comment=f"Auto-évaluation soumise : {assessment.campaign.name}",
        assessment=assessment,
        self_assessed_on=max(timezone.localtime(assessment.submitted_at).date(), file.enrolled_on),
    )


def on_assessment_submitted(assessment: Assessment, membership: Membership) -> None:
    """Called when a structure submits: a file waiting for a self-assessment takes it."""
    file = LabelFile.objects.filter(structure=assessment.structure).first()
    if file is not None and file.stage in (Stage.ENROLLED, Stage.DEFERRED):
        record_self_assessment(file, assessment, actor=membership.user, actor_structure=membership.structure)


# Audit request and ARML opinion


def request_audit(
    file: LabelFile, membership: Membership, *, statement: str, renewal: bool = False
) -> LabelFile:
    _require(acts_for_structure(membership, file.structure), "Seule la structure demande son audit.")
    _require(bool(statement.strip()), "Attestez que la structure est prête : décrivez où elle en est.")
    comment = "Demande de renouvellement" if file.stage == Stage.LABELLED else "Demande d'audit"
    return move(
        file,
        Stage.AUDIT_REQUESTED,
        actor=membership.user,
        actor_structure=membership.structure,
        comment=comment,
        audit_requested_on=timezone.localdate(),
        readiness_statement=statement.strip(),
        arml_opinion="",
        arml_opinion_text="",
        arml_opinion_on=None,
        arml_opinion_by=None,
    )


def give_arml_opinion(file: LabelFile, membership: Membership, *, opinion: str, text: str) -> LabelFile:
    _require(
        is_arml_referent_of(membership, file.structure), "Seul·e le·la référent·e de l'ARML donne cet avis."
    )
    _require(file.stage == Stage.AUDIT_REQUESTED, "L'avis se donne sur une demande d'audit en attente.")
    _require(opinion in ArmlOpinion.values, "Choisissez un avis.")
    _require(bool(text.strip()), "Motivez l'avis de l'ARML.")
    with transaction.atomic():
        LabelFile.objects.filter(pk=file.pk).update(
            updated_at=timezone.now(),  # .update() skips auto_now
            arml_opinion=opinion,
            arml_opinion_text=text.strip(),
            arml_opinion_on=timezone.localdate(),
            arml_opinion_by=membership.user,
        )
        file.refresh_from_db()
        log_step(
            file,
            actor=membership.user,
            actor_structure=membership.structure,
            comment=f"Avis de l'ARML : {ArmlOpinion(opinion).label}. {text.strip()}",
        )
    return file


# Audits


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


def awaits_arml_opinion(file: LabelFile) -> bool:
    """A Mission Locale's audit request waiting for its ARML's opinion (ARMLs and the UNML have none)."""
    return (
        file.stage == Stage.AUDIT_REQUESTED
        and file.structure.type == StructureType.ML
        and file.structure.parent_id is not None
        and not file.arml_opinion
    )


def is_auditor_of(user: User, audit: Audit) -> bool:
    return user.pk in (audit.external_auditor_id, audit.network_auditor_id)


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


# Commission


def put_on_agenda(file: LabelFile, session: CommissionSession, membership: Membership) -> AgendaItem:
    _require(is_national_admin(membership), "Seule l'UNML compose l'ordre du jour de la commission.")
    _require(not session.is_closed, "Cette séance est close.")
    audit = file.audits.filter(status=AuditStatus.DELIVERED).exclude(kind=AuditKind.FOLLOW_UP).first()
    with transaction.atomic():
        move(
            file,
            Stage.ON_AGENDA,
            actor=membership.user,
            actor_structure=membership.structure,
            comment=str(session),
        )
        position = session.agenda.count() + 1
        return AgendaItem.objects.create(session=session, file=file, audit=audit, position=position)


def is_member(user: User, session: CommissionSession) -> bool:
    return session.members.filter(pk=user.pk).exists()


def record_decision(
    item: AgendaItem,
    membership: Membership,
    *,
    outcome: str,
    reasons: str,
    conditions: str = "",
    expected_version: int | None = None,
) -> Decision:
    """A member records (or, before the session closes, corrects) the decision on a file of the agenda."""
    session = item.session
    _require(
        membership.role == Role.COMMISSION_MEMBER and is_member(membership.user, session),
        "Seuls les membres de cette séance enregistrent ses décisions.",
    )
    _require(not session.is_closed, "La séance est close : ses décisions sont définitives.")
    _require_session_held(session)
    _require(outcome in (Outcome.LABELLED, Outcome.DEFERRED), "Choisissez la labellisation ou l'ajournement.")
    _require(bool(reasons.strip()), "Motivez la décision.")
    if outcome == Outcome.DEFERRED:
        _require(
            bool(conditions.strip()), "Indiquez ce que la structure doit faire avant une nouvelle demande."
        )
    valid_from = session.date
    valid_until = add_years(valid_from, settings.LABEL_VALIDITY_YEARS)
    values = {
        "outcome": outcome,
        "reasons": reasons.strip(),
        "conditions": conditions.strip(),
        "valid_from": valid_from if outcome == Outcome.LABELLED else None,
        "valid_until": valid_until if outcome == Outcome.LABELLED else None,
        "framework_version_id": item.file.assessment.framework_version_id
        if item.file.assessment_id
        else None,
        "recorded_by": membership.user,
        "recorded_at": timezone.now(),
    }
    with transaction.atomic():
        existing = Decision.objects.select_for_update(of=("self",)).filter(agenda_item=item).first()
        if existing is None:
            return Decision.objects.create(file=item.file, session=session, agenda_item=item, **values)
        if expected_version is not None and existing.version != expected_version:
            raise TransitionRefused(
                "Un autre membre a modifié cette décision entre-temps : rechargez la page pour la voir."
            )
        for name, value in values.items():
            setattr(existing, name, value)
        existing.version += 1
        existing.save()
        return existing


def _require_session_held(session: CommissionSession) -> None:
    """The commission decides in session: decisions are recorded, and the session closed, from its
    date on (a draft before would prejudge the deliberation; a written consultation is a session
    dated the day it ends)."""
    _require(
        timezone.localdate() >= session.date,
        f"La séance se tient le {session.date:%d/%m/%Y} : ses décisions s'enregistrent à partir de ce jour.",
    )


def close_session(session: CommissionSession, membership: Membership) -> list[Decision]:
    """Close the session: its decisions become final and the files move accordingly."""
    _require(is_national_admin(membership), "Seule l'UNML clôt une séance.")
    _require(not session.is_closed, "Cette séance est déjà close.")
    _require_session_held(session)
    items = list(session.agenda.select_related("file__structure"))
    decisions = {d.agenda_item_id: d for d in Decision.objects.filter(session=session)}
    missing = [item.file.structure.name for item in items if item.pk not in decisions]
    _require(
        not missing,
        "Sans décision : " + ", ".join(missing) + ". Retirez ces dossiers de l'ordre du jour ou décidez.",
    )
    with transaction.atomic():
        updated = CommissionSession.objects.filter(pk=session.pk, status=SessionStatus.PLANNED).update(
            status=SessionStatus.CLOSED, closed_at=timezone.now(), closed_by=membership.user
        )
        _require(bool(updated), "Cette séance vient d'être close.")
        for item in items:
            decision = decisions[item.pk]
            Decision.objects.filter(pk=decision.pk).update(is_final=True)
            # The commission decided: logged under the member who recorded it, for the national body.
            _apply(decision, actor=decision.recorded_by, actor_structure=_commission_structure(decision))
    session.refresh_from_db()
    return list(Decision.objects.filter(session=session))


def _commission_structure(decision: Decision) -> Structure | None:
    membership = Membership.objects.filter(
        user_id=decision.recorded_by_id, role=Role.COMMISSION_MEMBER, is_active=True
    ).first()
    return membership.structure if membership is not None else None


def _apply(decision: Decision, *, actor: User | None, actor_structure: Structure | None) -> None:
    file = decision.file
    comment = f"{decision.get_outcome_display()} : {decision.reasons}"
    if decision.outcome == Outcome.LABELLED:
        follow_up = add_months(decision.valid_from, settings.LABEL_FOLLOW_UP_MONTHS)
        move(
            file,
            Stage.LABELLED,
            actor=actor,
            actor_structure=actor_structure,
            comment=comment,
            valid_from=decision.valid_from,
            valid_until=decision.valid_until,
            follow_up_due_on=follow_up if follow_up < decision.valid_until else None,
        )
    elif decision.outcome == Outcome.DEFERRED:
        move(file, Stage.DEFERRED, actor=actor, actor_structure=actor_structure, comment=comment)
    else:
        move(
            file,
            Stage.WITHDRAWN,
            actor=actor,
            actor_structure=actor_structure,
            comment=comment,
            follow_up_due_on=None,
        )


def withdraw(
    file: LabelFile, session: CommissionSession, membership: Membership, *, reasons: str
) -> Decision:
    """The commission withdraws a label: a new final decision, following the one that granted it."""
    _require(
        membership.role == Role.COMMISSION_MEMBER and is_member(membership.user, session),
        "Seuls les membres de la commission retirent un label, en séance.",
    )
    _require(file.stage == Stage.LABELLED, "Seul un label en cours peut être retiré.")
    _require(bool(reasons.strip()), "Motivez le retrait.")
    previous = file.decisions.filter(is_final=True).order_by("-recorded_at", "-pk").first()
    with transaction.atomic():
        decision = Decision.objects.create(
            file=file,
            session=session,
            outcome=Outcome.WITHDRAWN,
            reasons=reasons.strip(),
            recorded_by=membership.user,
            is_final=True,
            supersedes=previous if previous is not None and not hasattr(previous, "superseded_by") else None,
        )
        _apply(decision, actor=membership.user, actor_structure=membership.structure)
    return decision


def expire_labels(today: datetime.date | None = None) -> list[LabelFile]:
    """Labels past their end date and not renewed: "expired" (run by the daily command)."""
    today = today or timezone.localdate()
    expired = []
    for file in LabelFile.objects.filter(stage=Stage.LABELLED, valid_until__lt=today):
        expired.append(
            move(
                file,
                Stage.EXPIRED,
                actor=None,
                actor_structure=None,
                comment=f"Label arrivé à échéance le {file.valid_until:%d/%m/%Y} sans renouvellement",
                follow_up_due_on=None,
            )
        )
    return expired
