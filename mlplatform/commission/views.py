"""The commission's pages: sessions (the national admin creates them, composes and closes their
agenda), the members' sessions and the file of each agenda item with its decision form.

Reaching things (``commission.work``): a role that never sees sessions gets 403; a member reaching a
session or an agenda item that is not of their sessions gets 404; the structure's perimeter reaching
an agenda item gets 403. Every action is checked again by the domain functions, which raise
``TransitionRefused`` with the message shown to the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mlplatform.audits.enums import AuditStatus
from mlplatform.audits.work import finding_counts
from mlplatform.core.french import counted, de
from mlplatform.label import services as label_services
from mlplatform.label.transitions import TransitionRefused

from . import work
from .enums import Outcome
from .forms import AgendaForm, DecisionForm, RemovalForm, SessionForm, WithdrawalForm
from .models import AgendaItem, CommissionSession

NO_SESSIONS = "Les séances de la commission sont réservées à l'UNML et aux membres de la commission."
ITEM_RELATED = (
    "session",
    "file__structure__parent",
    "file__framework",
    "file__assessment__campaign",
    "file__assessment__framework_version",
    "file__arml_opinion_by",
    "audit__external_auditor",
    "audit__network_auditor",
)


# --------------------------------------------------------------------------------------------
# Reaching sessions and items


def _sessions(request: HttpRequest) -> QuerySet[CommissionSession]:
    sessions = work.sessions_for(request.membership)
    if sessions is None:
        raise PermissionDenied(NO_SESSIONS)
    return sessions


def get_session(request: HttpRequest, pk: int) -> CommissionSession:
    return get_object_or_404(_sessions(request).select_related("created_by", "closed_by"), pk=pk)


def get_item(request: HttpRequest, pk: int, item_pk: int) -> AgendaItem:
    items = work.items_for(request.user, request.membership).select_related(*ITEM_RELATED)
    item = get_object_or_404(items, pk=item_pk, session_id=pk)
    if not work.may_read_item(request.membership):
        raise PermissionDenied("Le dossier présenté à la commission est réservé à ses membres et à l'UNML.")
    return item


def _posted(request: HttpRequest):
    """The submitted data (an empty submission too: its form shows its errors), None for a GET."""
    return request.POST if request.method == "POST" else None


def _require_admin(request: HttpRequest) -> None:
    if not label_services.is_national_admin(request.membership):
        raise PermissionDenied(work.ADMIN_ONLY)


# --------------------------------------------------------------------------------------------
# Sessions


def sessions_view(request: HttpRequest) -> HttpResponse:
    sessions = work.session_list(_sessions(request).order_by("-date", "-pk"))
    is_admin = label_services.is_national_admin(request.membership)
    context = {
        "is_admin": is_admin,
        "planned": [s for s in sessions if not s.is_closed],
        "closed": [s for s in sessions if s.is_closed],
        "waiting": work.agenda_candidates().count() if is_admin else None,
    }
    return render(request, "commission/sessions.html", context)


def _session_form_page(
    request: HttpRequest, form: SessionForm, session: CommissionSession | None, conflict=None
) -> HttpResponse:
    context = {"form": form, "session": session, "conflict": conflict}
    if conflict is not None:
        context["conflict_members"] = list(conflict.members.order_by("last_name", "first_name", "email"))
    return render(request, "commission/session_form.html", context)


def session_create_view(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = SessionForm(_posted(request), candidates=work.member_candidates())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = work.save_session(
                request.membership, title=data["title"], date=data["date"], members=data["members"]
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Séance « {session.title} » programmée : composez son ordre du jour.")
            return redirect("label:session", pk=session.pk)
    return _session_form_page(request, form, None)


def session_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(request, pk)
    _require_admin(request)
    if session.is_closed:
        messages.error(request, "Cette séance est close : elle n'est plus modifiée.")
        return redirect("label:session", pk=session.pk)
    initial = {
        "title": session.title,
        "date": session.date,
        "members": list(session.members.all()),
        "state": work.session_state(session),
    }
    form = SessionForm(_posted(request), initial=initial, candidates=work.member_candidates())
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work.save_session(
                request.membership,
                session=session,
                title=data["title"],
                date=data["date"],
                members=data["members"],
                expected_state=data["state"] or None,
            )
        except work.StaleSession as stale:
            conflict = stale.current
            form.data = form.data.copy()
            form.data["state"] = work.session_state(conflict)
            form.add_error(
                None,
                "La séance a été modifiée entre-temps par une autre personne : la version enregistrée est "
                "affichée ci-dessous, votre saisie est conservée. Enregistrez de nouveau pour la remplacer.",
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Séance modifiée.")
            return redirect("label:session", pk=session.pk)
    return _session_form_page(request, form, session, conflict)


def _session_page(
    request: HttpRequest, session: CommissionSession, *, agenda_form: AgendaForm | None = None
) -> HttpResponse:
    membership = request.membership
    is_admin = label_services.is_national_admin(membership)
    items = work.agenda(session)
    context = {
        "session": session,
        "is_admin": is_admin,
        "is_member": work.may_decide(membership, session),
        "members": list(session.members.order_by("last_name", "first_name", "email")),
        "items": items,
        "missing": work.missing_decisions(items),
        "other_decisions": work.other_decisions(session),
        "agenda_form": None,
    }
    if is_admin and not session.is_closed:
        candidates = work.agenda_candidates()
        context["agenda_form"] = agenda_form or AgendaForm(candidates=candidates)
    return render(request, "commission/session.html", context)


def session_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, get_session(request, pk))


@require_POST
def agenda_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(request, pk)
    _require_admin(request)
    form = AgendaForm(request.POST, candidates=work.agenda_candidates())
    if form.is_valid():
        try:
            added = work.add_to_agenda(session, request.membership, form.cleaned_data["files"])
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, f"{counted(len(added), 'dossier inscrit', 'dossiers inscrits')} à l'ordre du jour."
            )
            return redirect(reverse("label:session", kwargs={"pk": session.pk}) + "#ordre-du-jour")
    session.refresh_from_db()
    return _session_page(request, session, agenda_form=form)


def agenda_remove_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_item(request, pk, item_pk)
    _require_admin(request)
    if item.session.is_closed:
        messages.error(request, "Cette séance est close : son ordre du jour ne change plus.")
        return redirect("label:agenda_item", pk=pk, item_pk=item.pk)
    form = RemovalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            work.remove_from_agenda(item, request.membership, reason=form.cleaned_data["reason"])
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                f"Le dossier {de(item.file.structure)} est retiré de l'ordre du jour : il attend de nouveau "
                "une séance.",
            )
            return redirect("label:session", pk=pk)
    context = {"item": item, "session": item.session, "form": form, "draft": work.decision_of(item)}
    return render(request, "commission/remove.html", context)


def session_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(request, pk)
    _require_admin(request)
    if session.is_closed:
        messages.error(request, "Cette séance est déjà close.")
        return redirect("label:session", pk=session.pk)
    refusal = ""
    if request.method == "POST":
        try:
            decisions = work.close(session, request.membership)
        except TransitionRefused as refused:
            refusal = refused.message
        else:
            messages.success(
                request,
                f"Séance close : {counted(len(decisions), 'décision définitive', 'décisions définitives')}. "
                "Les structures peuvent "
                "télécharger leur lettre de décision et, si elles sont labellisées, leur certificat.",
            )
            return redirect("label:session", pk=session.pk)
    items = work.agenda(session)
    context = {
        "session": session,
        "items": items,
        "missing": work.missing_decisions(items),
        "refusal": refusal,
    }
    return render(request, "commission/close.html", context, status=200)


# --------------------------------------------------------------------------------------------
# The file of an agenda item, and its decision


def _decision_form(decision) -> DecisionForm:
    if decision is None:
        return DecisionForm(initial={"version": 0})
    return DecisionForm(
        initial={
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "conditions": decision.conditions,
            "version": decision.version,
        }
    )


def _item_page(
    request: HttpRequest, item: AgendaItem, *, form: DecisionForm | None = None, conflict=None
) -> HttpResponse:
    membership = request.membership
    session = item.session
    decision = work.decision_of(item)
    audit = item.audit
    delivered = audit is not None and audit.status == AuditStatus.DELIVERED
    editable = work.may_decide(membership, session) and not session.is_closed
    context = {
        "item": item,
        "session": session,
        "file": item.file,
        "structure": item.file.structure,
        "assessment": item.file.assessment,
        "audit": audit if delivered else None,
        "counts": finding_counts(audit) if delivered else [],
        "decision": decision,
        "following": work.decisions_after(decision) if decision is not None and decision.is_final else [],
        "editable": editable,
        "form": (form or _decision_form(decision)) if editable else None,
        "conflict": conflict,
        "is_admin": label_services.is_national_admin(membership),
        "may_withdraw": work.may_decide(membership, session) and work.withdrawable(item, decision),
        "outcomes": Outcome,
        **work.file_history(item),
    }
    return render(request, "commission/item.html", context)


def item_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return _item_page(request, get_item(request, pk, item_pk))


@require_POST
def decision_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_item(request, pk, item_pk)
    membership = request.membership
    if not work.may_decide(membership, item.session):
        raise PermissionDenied(work.MEMBERS_ONLY)
    anchor = reverse("label:agenda_item", kwargs={"pk": pk, "item_pk": item.pk}) + "#decision"
    if item.session.is_closed:
        messages.error(request, work.CLOSED)
        return redirect(anchor)
    form = DecisionForm(request.POST)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            work.record(
                item,
                membership,
                outcome=data["outcome"],
                reasons=data["reasons"],
                conditions=data["conditions"],
                version=data["version"],
            )
        except work.StaleDecision as stale:
            conflict = stale.current
            form.data = form.data.copy()
            form.data["version"] = conflict.version if conflict is not None else 0
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                "Décision enregistrée. Les membres peuvent la modifier jusqu'à la clôture de la séance.",
            )
            return redirect(anchor)
    item.session.refresh_from_db()
    return _item_page(request, item, form=form, conflict=conflict)


def withdraw_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_item(request, pk, item_pk)
    membership = request.membership
    if not work.may_decide(membership, item.session):
        raise PermissionDenied("Seuls les membres de la commission retirent un label, en séance.")
    decision = work.decision_of(item)
    if not work.withdrawable(item, decision):
        messages.error(
            request,
            "Ce label n'est plus en cours (retiré, échu ou en renouvellement) : il ne peut pas être retiré.",
        )
        return redirect("label:agenda_item", pk=pk, item_pk=item.pk)
    sessions = work.withdrawal_sessions(membership)
    form = WithdrawalForm(_posted(request), sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            work.withdraw(
                item, membership, session=form.cleaned_data["session"], reasons=form.cleaned_data["reasons"]
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                f"Le label {de(item.file.structure)} est retiré. La lettre de décision est disponible "
                "pour la structure.",
            )
            return redirect(reverse("label:agenda_item", kwargs={"pk": pk, "item_pk": item.pk}) + "#decision")
    context = {
        "item": item,
        "session": item.session,
        "decision": decision,
        "form": form,
        "has_sessions": sessions.exists(),
    }
    return render(request, "commission/withdraw.html", context)
