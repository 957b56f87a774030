"""Pages of a structure's own training plan: the year's plan, adding and editing its lines, the
printed plan (PDF) and attaching it as evidence. Thin: the work in own_plan.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mlplatform.reports.pdf import pdf_response

from . import own_plan
from .access import can_edit, readable_structure, require_edit
from .edit_views import STALE
from .editing import StaleEdit
from .models import PlannedTraining
from .views import _year, _years


def _plan_url(code: str, year: int) -> str:
    return f"{reverse('training:own_plan', args=[code])}?annee={year}"


def _context(structure, year: int) -> dict:
    plan = own_plan.own_plan(structure, year)
    groups = [
        ("Formations du plan régional", plan.regional),
        ("Formations hors plan régional", plan.specific),
    ]
    return {"structure": structure, "year": year, "plan": plan, "plan_groups": groups, "can_edit": False}


def own_plan_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = readable_structure(request, code)
    year, year_problem = _year(request)
    context = _context(structure, year)
    context.update(
        {"year_problem": year_problem, "years": _years(), "can_edit": can_edit(request, structure)}
    )
    return render(request, "training/own_plan.html", context)


def own_plan_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = readable_structure(request, code)
    year, _ = _year(request)
    context = {**_context(structure, year), "for_pdf": True, "generated_at": timezone.now()}
    return pdf_response(
        "training/own_plan_pdf.html", context, f"plan-formation-{structure.code}-{year}", request
    )


def _form_page(request: HttpRequest, code: str, line: PlannedTraining | None) -> HttpResponse:
    structure = readable_structure(request, code)
    require_edit(request, structure)
    year, _ = _year(request)
    initial = {"year": year} if line is None else {}
    form = own_plan.PlannedForm(request.POST or None, instance=line, initial=initial, structure=structure)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = own_plan.create(structure, form) if line is None else own_plan.update(line, form)
        except StaleEdit as stale:
            messages.error(request, STALE)
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            conflict = form.saved_values(stale.current)
        else:
            messages.success(
                request, f"« {saved.label} » enregistrée dans le plan de formation {saved.year}."
            )
            return redirect(_plan_url(code, saved.year))
    title = "Ajouter une formation au plan" if line is None else f"Modifier « {line.label} »"
    return render(
        request,
        "training/own_plan_form.html",
        {"structure": structure, "form": form, "title": title, "conflict": conflict, "year": year},
    )


def own_plan_add_view(request: HttpRequest, code: str) -> HttpResponse:
    return _form_page(request, code, None)


def own_plan_edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    structure = readable_structure(request, code)
    line = get_object_or_404(
        PlannedTraining.objects.for_user(request.user).filter(structure=structure).select_related("action"),
        pk=pk,
    )
    return _form_page(request, code, line)


@require_POST
def own_plan_attach_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = readable_structure(request, code)
    require_edit(request, structure)
    year, _ = _year(request)
    context = {**_context(structure, year), "for_pdf": True, "generated_at": timezone.now()}
    level, text = own_plan.attach(request, context["plan"], context)
    getattr(messages, level)(request, text)
    return redirect(_plan_url(code, year))
