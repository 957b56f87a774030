"""Pages that edit and delete a plan's actions and sessions, and cancel a registration.
Thin: access in access.py, saving and deleting in editing.py, cancelling in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mlplatform.core.french import counted

from . import editing, services
from .access import (
    can_edit,
    plan_owner,
    registration_of,
    require_cancel,
    require_edit,
    session_of,
    visible_actions,
)
from .enums import Status
from .forms import ActionForm, ConfirmForm, SessionForm
from .models import Session, TrainingAction

STALE = (
    "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : rien n'a été enregistré. "
    "Vos saisies sont conservées ci-dessous ; comparez-les avec la version enregistrée, puis "
    "enregistrez à nouveau."
)
STALE_DELETE = (
    "Quelqu'un a modifié cet enregistrement depuis l'ouverture de cette page : rien n'a été supprimé. "
    "Vérifiez ce qui est indiqué ci-dessous, puis confirmez à nouveau."
)


def _plan_url(code: str, year: int) -> str:
    return f"{reverse('training:plan', args=[code])}?annee={year}"


def _editable_action(request: HttpRequest, code: str, pk: int) -> TrainingAction:
    structure = plan_owner(request, code)
    action = get_object_or_404(
        visible_actions(request).filter(structure=structure).select_related("structure"), pk=pk
    )
    require_edit(request, structure)
    return action


def _stale(form, current) -> list[tuple[str, str]]:
    form.data = form.data.copy()
    form.data["version"] = current.version
    return form.saved_values(current)


def action_edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    action = _editable_action(request, code, pk)
    form = ActionForm(request.POST or None, instance=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            editing.update_action(action, form.cleaned_data.get("version"), form.cleaned_data)
        except editing.StaleEdit as stale:
            messages.error(request, STALE)
            conflict = _stale(form, stale.current)
        else:
            messages.success(request, f"Action « {action.title} » enregistrée.")
            return redirect(_plan_url(code, action.year))
    return render(
        request,
        "training/form.html",
        {
            "structure": action.structure,
            "form": form,
            "title": f"Modifier l'action « {action.title} »",
            "action": None,
            "conflict": conflict,
        },
    )


def session_edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    require_edit(request, session.action.structure)
    form = SessionForm(request.POST or None, instance=session)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            promoted = editing.update_session(session, form.cleaned_data.get("version"), form.cleaned_data)
        except editing.StaleEdit as stale:
            messages.error(request, STALE)
            conflict = _stale(form, stale.current)
        except services.TrainingRefused as refused:
            form.add_error(None, f"{refused} Rien n'a été enregistré.")
        else:
            text = f"Session du {session.starts_on:%d/%m/%Y} enregistrée."
            if promoted:
                gets = counted(
                    len(promoted), "personne en attente obtient", "personnes en attente obtiennent"
                )
                text += f" {gets} une place."
            messages.success(request, text)
            return redirect(session.get_absolute_url())
    return render(
        request,
        "training/form.html",
        {
            "structure": session.action.structure,
            "form": form,
            "title": f"Modifier la session du {session.starts_on:%d/%m/%Y} — {session.action.title}",
            "action": None,
            "conflict": conflict,
        },
    )


def _delete_page(
    request: HttpRequest, *, record, title: str, found: editing.Impact, back: str
) -> HttpResponse:
    return render(
        request,
        "training/delete.html",
        {
            "structure": record.structure if isinstance(record, TrainingAction) else record.action.structure,
            "title": title,
            "impact": found,
            "form": ConfirmForm(initial={"version": record.version}),
            "back": back,
        },
    )


def action_delete_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    action = _editable_action(request, code, pk)
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        try:
            version = form.cleaned_data.get("version") if form.is_valid() else None
            told = editing.delete_action(action, version)
        except editing.StaleEdit as stale:
            messages.error(request, STALE_DELETE)
            action = stale.current
        except services.TrainingRefused as refused:
            messages.error(request, f"{refused} Rien n'a été supprimé.")
        else:
            sent = counted(told, "personne prévenue", "personnes prévenues")
            messages.success(request, f"Action « {action.title} » supprimée avec ses sessions ({sent}).")
            return redirect(_plan_url(code, action.year))
    return _delete_page(
        request,
        record=action,
        title=f"Supprimer l'action « {action.title} »",
        found=editing.impact(Session.objects.filter(action=action)),
        back=_plan_url(code, action.year),
    )


def session_delete_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    require_edit(request, session.action.structure)
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        try:
            version = form.cleaned_data.get("version") if form.is_valid() else None
            told = editing.delete_session(session, version)
        except editing.StaleEdit as stale:
            messages.error(request, STALE_DELETE)
            session.version = stale.current.version
        except services.TrainingRefused as refused:
            messages.error(request, f"{refused} Rien n'a été supprimé.")
        else:
            sent = counted(told, "personne prévenue", "personnes prévenues")
            messages.success(request, f"Session du {session.starts_on:%d/%m/%Y} supprimée ({sent}).")
            return redirect(_plan_url(code, session.action.year))
    return _delete_page(
        request,
        record=session,
        title=f"Supprimer la session du {session.starts_on:%d/%m/%Y} — {session.action.title}",
        found=editing.impact(Session.objects.filter(pk=session.pk)),
        back=session.get_absolute_url(),
    )


def cancel_view(request: HttpRequest, code: str, pk: int, registration: int) -> HttpResponse:
    """Cancel a registration (after a confirmation): a freed seat goes to the first person waiting."""
    session = session_of(request, code, pk)
    person = registration_of(request, session, registration)
    require_cancel(request, session, person)
    if request.method == "POST":
        try:
            promoted = services.cancel(person)
        except services.TrainingRefused as refused:
            messages.error(request, str(refused))
        else:
            text = f"L'inscription de {person.name} est annulée."
            if promoted is not None and can_edit(request, session.action.structure):
                text += f" Sa place va à {promoted.name}, premier·e de la liste d'attente."
            elif promoted is not None:
                text += " Sa place va à la première personne de la liste d'attente."
            messages.success(request, text)
        return redirect(session.get_absolute_url())
    return render(
        request,
        "training/cancel.html",
        {
            "structure": session.action.structure,
            "session": session,
            "action": session.action,
            "registration": person,
            "cancelled": person.status == Status.CANCELLED,
            "seated": person.status != Status.WAITING,
        },
    )
