"""The domain actions of the national commission, with who may do them: a file put on a session's
agenda, decisions recorded and corrected until the session closes, the session closed (its decisions
become final and the files move), a label withdrawn. Files move through ``label.transitions`` (the one
way to change their stage); ``commission.work`` builds the rest of the commission's work around them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.audits.enums import AuditKind, AuditStatus
from mlplatform.label.dates import add_months, add_years
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.services import is_national_admin
from mlplatform.label.transitions import TransitionRefused, move
from mlplatform.network.models import Structure

from .enums import Outcome, SessionStatus
from .models import AgendaItem, CommissionSession, Decision


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


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
