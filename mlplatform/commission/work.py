"""The commission's work around ``commission.services``: who reaches which session and which agenda item,
sessions created and edited, the agenda composed (and a file taken off it), decisions recorded with an
optimistic lock, and what a closed session leaves (final decisions, only followed by new ones).

Views call these functions. They raise ``TransitionRefused`` (a message in French) when a step is not
allowed, ``StaleSession`` / ``StaleDecision`` when someone saved the record since the page was read.

Who sees what:
- the national admin: every session and every agenda item;
- a commission member: the sessions they are a member of, and the agenda items of those sessions only
  (reached through ``AgendaItem.objects.for_user``, their ``Level.ASSIGNED`` perimeter, and their
  membership of the item's session: another session's item is a 404, even for a structure they know);
- the structure's perimeter reaches an agenda item (403 there: the commission's work is not theirs);
- nobody else sees sessions at all (403).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.label import services as label_services
from mlplatform.label.dates import add_years
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused, move

from . import services
from .enums import Outcome, SessionStatus
from .models import AgendaItem, CommissionSession, Decision

ADMIN_ONLY = "Seule l'UNML organise les séances de la commission."
MEMBERS_ONLY = "Seuls les membres de cette séance enregistrent ses décisions."
CLOSED = (
    "La séance est close : ses décisions sont définitives. Elles ne sont plus modifiées, "
    "seulement suivies d'une nouvelle décision."
)


class StaleSession(Exception):
    """The session changed since the form was read; ``current`` is the session as it is now."""

    def __init__(self, current: CommissionSession) -> None:
        super().__init__("La séance a été modifiée entre-temps.")
        self.current = current


class StaleDecision(Exception):
    """Another member saved the decision since the page was read; ``current`` is the saved decision."""

    def __init__(self, current: Decision | None) -> None:
        super().__init__("La décision a été modifiée entre-temps.")
        self.current = current


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


# --------------------------------------------------------------------------------------------
# Who reaches what


def is_member_role(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.COMMISSION_MEMBER


def sessions_for(membership: Membership | None) -> QuerySet[CommissionSession] | None:
    """The sessions a person may open; None for a role that never sees the commission's sessions."""
    if label_services.is_national_admin(membership):
        return CommissionSession.objects.all()
    if is_member_role(membership):
        return CommissionSession.objects.filter(members=membership.user_id)
    return None


def session_list(sessions: QuerySet[CommissionSession]) -> list[CommissionSession]:
    """Sessions with their counts (one query, whatever the number of sessions).

    Each count is a subquery of its own: ``sessions`` may already be filtered on its members (a
    member's list) or its agenda, and a join would then count only the rows left by that filter."""
    return list(
        sessions.select_related("closed_by").annotate(
            files=_count(AgendaItem.objects.all(), "session"),
            decided=_count(Decision.objects.filter(agenda_item__isnull=False), "session"),
            member_count=_count(CommissionSession.members.through.objects.all(), "commissionsession"),
        )
    )


def _count(rows: QuerySet, session_field: str) -> Subquery:
    """The number of ``rows`` whose ``session_field`` is the outer session."""
    counted = (
        rows.filter(**{session_field: OuterRef("pk")})
        .order_by()
        .values(session_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def items_for(user: User, membership: Membership | None) -> QuerySet[AgendaItem]:
    """The agenda items a person may reach: through the perimeter, and for a member only the items
    of their own sessions."""
    items = AgendaItem.objects.for_user(user)
    if is_member_role(membership):
        items = items.filter(session__members=user.pk)
    return items


def may_read_item(membership: Membership | None) -> bool:
    """Among the people who reach an item, those who read the commission's file (others get 403)."""
    return label_services.is_national_admin(membership) or is_member_role(membership)


def may_decide(membership: Membership | None, session: CommissionSession) -> bool:
    return is_member_role(membership) and services.is_member(membership.user, session)


# --------------------------------------------------------------------------------------------
# Sessions


def member_candidates() -> QuerySet[User]:
    """The people who may sit on a session: an active commission member role, an active account."""
    return (
        User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__role=Role.COMMISSION_MEMBER
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def session_state(session: CommissionSession) -> str:
    """A fingerprint of what the session form edits: a form read before another save is detected."""
    members = ",".join(str(pk) for pk in sorted(session.members.values_list("pk", flat=True)))
    raw = f"{session.title}|{session.date.isoformat()}|{session.status}|{members}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def save_session(
    membership: Membership,
    *,
    title: str,
    date: datetime.date,
    members: Iterable[User],
    session: CommissionSession | None = None,
    expected_state: str | None = None,
) -> CommissionSession:
    """Create a session, or edit one still to be held. Members must hold an active commission member
    role. When the date changes, the validity of the draft labelling decisions follows it."""
    _require(label_services.is_national_admin(membership), ADMIN_ONLY)
    members = list(members)
    _require(bool(members), "Choisissez au moins un membre de la commission pour cette séance.")
    allowed = set(member_candidates().filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True))
    strangers = [str(m) for m in members if m.pk not in allowed]
    _require(
        not strangers,
        "Ces personnes ne sont pas membres de la commission nationale de labellisation : "
        + ", ".join(strangers)
        + ".",
    )
    _require(bool(title.strip()), "Donnez un intitulé à la séance.")
    with transaction.atomic():
        if session is None:
            session = CommissionSession.objects.create(
                title=title.strip(), date=date, created_by=membership.user
            )
            session.members.set(members)
            return session
        current = CommissionSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        _require(not current.is_closed, "Cette séance est close : elle n'est plus modifiée.")
        if expected_state is not None and session_state(current) != expected_state:
            raise StaleSession(current)
        date_changed = current.date != date
        CommissionSession.objects.filter(pk=current.pk).update(title=title.strip(), date=date)
        current.members.set(members)
        if date_changed:
            # A labelling decision takes effect on the session's date (services.record_decision).
            Decision.objects.filter(session=current, outcome=Outcome.LABELLED, is_final=False).update(
                valid_from=date, valid_until=add_years(date, settings.LABEL_VALIDITY_YEARS)
            )
    session.refresh_from_db()
    return session


# --------------------------------------------------------------------------------------------
# The agenda


def agenda_candidates() -> QuerySet[LabelFile]:
    """Files whose audit report is delivered and that wait for a session (stage "audited")."""
    return (
        LabelFile.objects.filter(stage=Stage.AUDITED)
        .select_related("structure__parent", "framework")
        .order_by("structure__sort_name")
    )


def agenda(session: CommissionSession) -> list[AgendaItem]:
    """The agenda with what its table shows (a fixed number of queries, whatever its length); each item
    carries ``current_decision`` (None while nobody has recorded one)."""
    items = list(
        session.agenda.select_related("file__structure__parent", "audit", "decision__recorded_by").order_by(
            "position", "pk"
        )
    )
    for item in items:
        item.current_decision = getattr(item, "decision", None)
    return items


def other_decisions(session: CommissionSession) -> list[Decision]:
    """Decisions taken at the session on files that were not on its agenda (label withdrawals)."""
    return list(
        Decision.objects.filter(session=session, agenda_item__isnull=True)
        .select_related("file__structure", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def add_to_agenda(session: CommissionSession, membership: Membership, files: Iterable[LabelFile]) -> list:
    """Put files on the agenda, all or none."""
    files = list(files)
    _require(bool(files), "Choisissez au moins un dossier à inscrire.")
    with transaction.atomic():
        current = CommissionSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        return [services.put_on_agenda(file, current, membership) for file in files]


def remove_from_agenda(item: AgendaItem, membership: Membership, *, reason: str = "") -> LabelFile:
    """Take a file off the agenda of a session still to be held: the file is "audited" again, and a
    draft decision recorded on it is dropped (it is named in the file's log)."""
    _require(label_services.is_national_admin(membership), ADMIN_ONLY)
    with transaction.atomic():
        session = CommissionSession.objects.select_for_update(of=("self",)).get(pk=item.session_id)
        _require(not session.is_closed, "Cette séance est close : son ordre du jour ne change plus.")
        item = AgendaItem.objects.select_related("file").get(pk=item.pk)
        comment = f"Retiré de l'ordre du jour : {session}"
        if reason.strip():
            comment += f". Motif : {reason.strip()}"
        draft = Decision.objects.filter(agenda_item=item).first()
        if draft is not None:
            comment += f". Projet de décision abandonné : {draft.get_outcome_display()} — {draft.reasons}"
            draft.delete()
        file = item.file
        item.delete()
        return move(
            file, Stage.AUDITED, actor=membership.user, actor_structure=membership.structure, comment=comment
        )


def missing_decisions(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    return [item for item in items if item.current_decision is None]


def close(session: CommissionSession, membership: Membership) -> list[Decision]:
    """Close the session (refused while a file of its agenda has no decision)."""
    return services.close_session(session, membership)


# --------------------------------------------------------------------------------------------
# Decisions


def decision_of(item: AgendaItem) -> Decision | None:
    return Decision.objects.select_related("recorded_by").filter(agenda_item=item).first()


def record(
    item: AgendaItem,
    membership: Membership,
    *,
    outcome: str,
    reasons: str,
    conditions: str = "",
    version: int = 0,
) -> Decision:
    """Record the decision on an item, or correct it while the session is open. ``version`` is the
    version of the decision the page showed (0: none was recorded): if another member saved since,
    ``StaleDecision`` carries what they saved and nothing is changed."""
    _require(may_decide(membership, item.session), MEMBERS_ONLY)
    try:
        with transaction.atomic():
            session = CommissionSession.objects.select_for_update(of=("self",)).get(pk=item.session_id)
            _require(not session.is_closed, CLOSED)
            existing = Decision.objects.select_for_update(of=("self",)).filter(agenda_item=item).first()
            if (existing.version if existing else 0) != version:
                raise StaleDecision(existing)
            item.session = session
            return services.record_decision(
                item,
                membership,
                outcome=outcome,
                reasons=reasons,
                conditions=conditions if outcome == Outcome.DEFERRED else "",
                expected_version=version or None,
            )
    except IntegrityError:
        # Another member recorded the first decision at the same moment.
        raise StaleDecision(decision_of(item)) from None


def decisions_after(decision: Decision) -> list[Decision]:
    """The decisions that followed this one, each superseding the one before."""
    following = []
    current = decision
    while True:
        nxt = Decision.objects.select_related("session", "recorded_by").filter(supersedes=current).first()
        if nxt is None:
            return following
        following.append(nxt)
        current = nxt


def withdrawal_sessions(membership: Membership | None) -> QuerySet[CommissionSession]:
    """The sessions still to be held where the member may decide a withdrawal."""
    if not is_member_role(membership):
        return CommissionSession.objects.none()
    sessions = CommissionSession.objects.filter(members=membership.user_id, status=SessionStatus.PLANNED)
    return sessions.order_by("date", "pk")


def withdrawable(item: AgendaItem, decision: Decision | None) -> bool:
    """A labelling decision of a closed session, still in force on a labelled file."""
    return (
        decision is not None
        and decision.is_final
        and decision.outcome == Outcome.LABELLED
        and item.file.stage == Stage.LABELLED
        and not Decision.objects.filter(supersedes=decision).exists()
        and not item.file.decisions.filter(is_final=True, recorded_at__gt=decision.recorded_at).exists()
    )


def withdraw(
    item: AgendaItem, membership: Membership, *, session: CommissionSession, reasons: str
) -> Decision:
    """Withdraw the label granted on this item, at a session of the member still to be held."""
    decision = decision_of(item)
    _require(
        withdrawable(item, decision),
        "Ce label n'est plus en cours (retiré, échu ou en renouvellement) : il ne peut pas être retiré ici.",
    )
    _require(not session.is_closed, "Le retrait se décide lors d'une séance à venir : celle-ci est close.")
    return services.withdraw(item.file, session, membership, reasons=reasons)


def file_history(item: AgendaItem) -> dict:
    """What the commission reads on a file besides the item: its log and its other final decisions."""
    file = item.file
    return {
        "transitions": list(file.transitions.select_related("actor", "actor_structure").order_by("at", "pk")),
        "other_decisions": list(
            file.decisions.filter(is_final=True)
            .exclude(agenda_item=item)
            .select_related("session")
            .order_by("recorded_at", "pk")
        ),
        "today": timezone.localdate(),
    }
