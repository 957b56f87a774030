"""Pages of the continuous-improvement plan. Read: the perimeter; write: the structure's own people."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from mlplatform.core.collation import sort_key
from mlplatform.core.htmx import varies_on_htmx, wants_fragment
from mlplatform.frameworks.models import Requirement
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import perimeter_for
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from .exports import XLSX_HEADER, XLSX_WIDTHS, plan_pdf_context, xlsx_rows
from .filters import ActionFilterForm, filter_actions
from .forms import ActionForm, NoteForm, RequirementPickerForm
from .journal import action_journal
from .models import ActionNote, ImprovementAction
from .queries import plan_summaries, status_counts
from .requirements import eligible_requirements, group_requirements, picker_requirements
from .services import EDITABLE_FIELDS, StaleEdit, add_note, create_action, display_value, save_action_edit
from .timeline import build_timeline

STALE_MESSAGE = (
    "Quelqu'un a modifié cette action pendant que vous la modifiiez. Vos saisies sont conservées "
    "ci-dessous ; comparez-les avec la version enregistrée, puis enregistrez à nouveau."
)


def _structure(request: HttpRequest, code: str) -> Structure:
    return get_object_or_404(Structure.objects.for_user(request.user).select_related("parent"), code=code)


def _can_edit(request: HttpRequest, structure: Structure) -> bool:
    return request.membership is not None and request.membership.contributes_to(structure)


def _require_contributor(request: HttpRequest, structure: Structure) -> None:
    if not _can_edit(request, structure):
        raise PermissionDenied("Seules les personnes de la structure tiennent son plan d'amélioration.")


def _action(request: HttpRequest, code: str, pk: int) -> ImprovementAction:
    return get_object_or_404(
        ImprovementAction.objects.for_user(request.user).select_related(
            "structure", "owner", "created_by", "updated_by"
        ),
        structure__code=code,
        pk=pk,
    )


def _safe_return(request: HttpRequest) -> str:
    """The ``retour`` parameter if it is a path of this site, else ""."""
    target = request.GET.get("retour", "")
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return ""


# --- The plan -------------------------------------------------------------------------------------


def _plan_actions(
    request: HttpRequest, structure: Structure, today: datetime.date, *, for_export: bool = False
):
    form = ActionFilterForm(request.GET, structure=structure)
    actions = filter_actions(
        ImprovementAction.objects.for_user(request.user).for_structure(structure), form.values(), today
    )
    requirements = Requirement.objects.select_related("commitment").order_by("position")
    actions = actions.select_related("owner").prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    if for_export:
        actions = actions.select_related("created_by").prefetch_related(
            Prefetch("notes", queryset=ActionNote.objects.order_by("created_at", "pk"))
        )
    return form, list(actions.order_by("due_on", "pk"))


def _plan_context(request: HttpRequest, structure: Structure, today: datetime.date) -> dict:
    form, actions = _plan_actions(request, structure, today)
    return {
        "structure": structure,
        "filter_form": form,
        "filter_query": form.querystring(),
        "actions": actions,
        "timeline": build_timeline(actions, today),
        "today": today,
        "can_edit": _can_edit(request, structure),
    }


def plan_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(request, code)
    today = timezone.localdate()
    context = _plan_context(request, structure, today)
    if wants_fragment(request):
        return varies_on_htmx(render(request, "improvement/_plan_results.html", context))
    context["counts"] = status_counts(
        ImprovementAction.objects.for_user(request.user).for_structure(structure), today
    )
    return varies_on_htmx(render(request, "improvement/plan.html", context))


def plan_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(request, code)
    today = timezone.localdate()
    _form, actions = _plan_actions(request, structure, today, for_export=True)
    return xlsx_response(
        f"plan-amelioration-{structure.code}-{today:%Y-%m-%d}",
        "Plan d'amélioration",
        XLSX_HEADER,
        xlsx_rows(actions, today),
        widths=XLSX_WIDTHS,
    )


def plan_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(request, code)
    today = timezone.localdate()
    form, actions = _plan_actions(request, structure, today)
    context = plan_pdf_context(structure, actions, form.descriptions(), today)
    return pdf_response(
        "improvement/plan_pdf.html", context, f"plan-amelioration-{structure.code}-{today:%Y-%m-%d}", request
    )


def region_view(request: HttpRequest, code: str) -> HttpResponse:
    """Follow-up of the plans below a structure: the MLs of an ARML, or the regions for the UNML.
    A steering page of the network: auditors and commission members never see it, whatever files
    are assigned to them."""
    if not perimeter_for(request.user).is_structural:
        raise PermissionDenied("Le suivi des plans d'amélioration est réservé aux ARML et à l'UNML.")
    structure = _structure(request, code)
    visible = Structure.objects.for_user(request.user)
    today = timezone.localdate()
    if structure.is_arml:
        rows = plan_summaries(visible.ml().filter(parent=structure).order_by("sort_name"), today)
    elif structure.is_unml:
        rows = plan_summaries(visible.arml().order_by("sort_name"), today, through_children=True)
        rows.sort(key=lambda row: (sort_key(row.structure.region), row.structure.sort_name))
    else:
        raise Http404("Le suivi régional concerne une ARML ou l'UNML.")
    totals = {
        key: sum(getattr(row.counts, key) for row in rows)
        for key in ("total", "planned", "in_progress", "done", "abandoned", "overdue")
    }
    return render(
        request,
        "improvement/region.html",
        {"structure": structure, "rows": rows, "totals": totals, "today": today},
    )


# --- One action -----------------------------------------------------------------------------------


def _picker_context(structure: Structure, picker: RequirementPickerForm) -> dict:
    selected = picker.selected_ids()
    requirements = picker_requirements(structure, extra_ids=tuple(selected))
    return {"picker": picker, "groups": group_requirements(requirements, selected), "selected_ids": selected}


def _apply_errors(error: ValidationError, form: ActionForm, picker: RequirementPickerForm) -> None:
    for name, problems in error.message_dict.items():
        target = picker if name == "requirements" else form
        target.add_error(name if name in target.fields else None, problems)


def create_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(request, code)
    _require_contributor(request, structure)
    return_to = _safe_return(request)
    if request.method == "POST":
        form = ActionForm(request.POST, instance=ImprovementAction(structure=structure), structure=structure)
        picker = RequirementPickerForm(request.POST, structure=structure)
        if form.is_valid() and picker.is_valid():
            data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            try:
                action = create_action(
                    structure, user=request.user, requirements=picker.cleaned_data["requirements"], **data
                )
            except ValidationError as error:
                _apply_errors(error, form, picker)
            else:
                messages.success(request, f"L'action « {action.title} » est ajoutée au plan d'amélioration.")
                return redirect(return_to or action.get_absolute_url())
    else:
        initial_ids = []
        requirement_id = request.GET.get("exigence", "")
        if requirement_id:
            if (
                requirement_id.isdigit()
                and eligible_requirements(structure).filter(pk=requirement_id).exists()
            ):
                initial_ids = [int(requirement_id)]
            else:
                messages.warning(
                    request,
                    "L'exigence demandée ne s'applique pas à cette structure : "
                    "elle n'est pas présélectionnée.",
                )
        form = ActionForm(
            instance=ImprovementAction(structure=structure),
            structure=structure,
            initial={"source": request.GET.get("origine", "")[:200]},
        )
        picker = RequirementPickerForm(structure=structure, initial={"requirements": initial_ids})
    return render(
        request,
        "improvement/action_form.html",
        {"structure": structure, "form": form, "return_to": return_to, "action": None, "conflict": None}
        | _picker_context(structure, picker),
    )


def _conflict_rows(form: ActionForm, picker: RequirementPickerForm, saved: ImprovementAction) -> list[dict]:
    """Field by field: what this person typed beside what the other person saved."""
    typed = form.cleaned_data
    typed_refs = {r.ref for r in picker.cleaned_data.get("requirements", [])}
    saved_refs = {r.ref for r in saved.requirements.all()}
    rows = []
    for name in ("title", "description", "owner", "due_on", "priority", "status", "progress", "source"):
        label = ImprovementAction._meta.get_field(name).verbose_name
        if name in ("priority", "status"):
            mine = dict(ImprovementAction._meta.get_field(name).choices).get(typed.get(name), "")
            theirs = getattr(saved, f"get_{name}_display")()
        elif name in ("due_on", "owner", "progress"):
            mine, theirs = display_value(name, typed.get(name)), display_value(name, getattr(saved, name))
        else:
            mine, theirs = typed.get(name, ""), getattr(saved, name)
        rows.append({"label": label, "mine": mine, "theirs": theirs, "differs": mine != theirs})
    mine, theirs = display_value("requirements", typed_refs), display_value("requirements", saved_refs)
    rows.append({"label": "exigences liées", "mine": mine, "theirs": theirs, "differs": mine != theirs})
    return rows


def edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    action = _action(request, code, pk)
    structure = action.structure
    _require_contributor(request, structure)
    current_ids = list(action.requirements.values_list("pk", flat=True))
    conflict = None
    conflict_rows: list[dict] = []
    form = ActionForm(request.POST or None, instance=action, structure=structure)
    picker = RequirementPickerForm(
        request.POST or None, structure=structure, initial={"requirements": current_ids}
    )
    if request.method == "POST" and form.is_valid() and picker.is_valid():
        changes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        expected = form.cleaned_data["version"]
        try:
            if expected is None:
                raise StaleEdit
            save_action_edit(
                action, expected, changes, user=request.user, requirements=picker.cleaned_data["requirements"]
            )
        except StaleEdit:
            conflict = ImprovementAction.objects.select_related("owner", "updated_by").get(pk=action.pk)
            conflict_rows = _conflict_rows(form, picker, conflict)
            messages.error(request, STALE_MESSAGE)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as error:
            _apply_errors(error, form, picker)
        else:
            messages.success(request, "L'action est enregistrée.")
            return redirect(reverse("improvement:detail", kwargs={"code": structure.code, "pk": action.pk}))
    return render(
        request,
        "improvement/action_form.html",
        {
            "structure": structure,
            "form": form,
            "return_to": "",
            "action": action,
            "conflict": conflict,
            "conflict_rows": conflict_rows,
        }
        | _picker_context(structure, picker),
    )


def detail_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    action = _action(request, code, pk)
    can_edit = _can_edit(request, action.structure)
    requirements = action.requirements.select_related("commitment__part", "version__framework").order_by(
        "version__version", "position"
    )
    return render(
        request,
        "improvement/detail.html",
        {
            "structure": action.structure,
            "action": action,
            "requirements": requirements,
            "journal": action_journal(action),
            "can_edit": can_edit,
            "note_form": NoteForm(initial={"progress": action.progress, "version": action.version})
            if can_edit
            else None,
        },
    )


def note_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    action = _action(request, code, pk)
    _require_contributor(request, action.structure)
    form = NoteForm(request.POST or None, initial={"progress": action.progress, "version": action.version})
    if request.method == "POST" and form.is_valid():
        try:
            add_note(
                action,
                user=request.user,
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            action.refresh_from_db()
            messages.error(
                request,
                "L'action a été modifiée entre-temps : son avancement est maintenant de "
                f"{action.progress} %. "
                "Votre texte est conservé ; vérifiez l'avancement puis enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = action.version
        else:
            messages.success(request, "Le point d'avancement est ajouté au journal.")
            return redirect(action.get_absolute_url() + "#journal")
    return render(
        request, "improvement/note_form.html", {"structure": action.structure, "action": action, "form": form}
    )
