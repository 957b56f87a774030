"""Pages of the yearly collection of training needs. Thin: the work and the summary in needs.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mlplatform.core.french import counted
from mlplatform.network.enums import StructureType
from mlplatform.reports.xlsx import xlsx_response

from . import needs
from .access import can_edit, plan_owner, require_edit
from .models import Need, NeedsCollection
from .services import TrainingRefused
from .views import _year, _years

ANSWER_REFUSED = (
    "Seule la direction (ou le ou la référente qualité) d'une Mission Locale de la région répond."
)


def _needs_url(code: str, year: int) -> str:
    return f"{reverse('training:needs', args=[code])}?annee={year}"


def _collection(request: HttpRequest, code: str, pk: int) -> NeedsCollection:
    structure = plan_owner(request, code)
    return get_object_or_404(
        NeedsCollection.objects.filter(structure=structure).select_related("structure"), pk=pk
    )


def _answering_ml(request: HttpRequest, collection: NeedsCollection | None):
    """The person's ML if they answer this collection for it, else None."""
    membership = getattr(request, "membership", None)
    if membership is None or collection is None:
        return None
    ml = membership.structure
    if needs.may_answer(collection, ml) and membership.leads_quality_of(ml):
        return ml
    return None


def _page(request: HttpRequest, structure, year: int, year_problem: str = "", need_form=None) -> HttpResponse:
    collection = NeedsCollection.objects.filter(structure=structure, year=year).first()
    answering = _answering_ml(request, collection)
    answers = (
        Need.objects.for_user(request.user)
        .filter(collection=collection)
        .select_related("structure")
        .order_by("structure__sort_name", "theme", "pk")
        if collection is not None
        else Need.objects.none()
    )
    return render(
        request,
        "training/needs.html",
        {
            "structure": structure,
            "year": year,
            "year_problem": year_problem,
            "years": _years(),
            "collection": collection,
            "summary": needs.summary(collection) if collection is not None else None,
            "answers": answers,
            "can_open": can_edit(request, structure) and structure.type == StructureType.ARML,
            "open_form": needs.OpenForm(initial={"year": year}),
            "answering": answering,
            "need_form": need_form or needs.NeedForm(),
        },
    )


def needs_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    year, year_problem = _year(request)
    return _page(request, structure, year, year_problem)


@require_POST
def needs_open_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    require_edit(request, structure)
    form = needs.OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une année entre 2000 et 2100 : rien n'a été ouvert.")
        return redirect("training:needs", code=code)
    year = form.cleaned_data["year"]
    try:
        needs.open_collection(structure, year, form.cleaned_data["closes_on"])
    except TrainingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"Collecte des besoins {year} ouverte : vos Missions Locales peuvent répondre."
        )
    return redirect(_needs_url(code, year))


@require_POST
def needs_close_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collection = _collection(request, code, pk)
    require_edit(request, collection.structure)
    try:
        needs.close_collection(collection)
    except TrainingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Collecte des besoins {collection.year} close.")
    return redirect(_needs_url(code, collection.year))


@require_POST
def needs_answer_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collection = _collection(request, code, pk)
    ml = _answering_ml(request, collection)
    if ml is None:
        raise PermissionDenied(ANSWER_REFUSED)
    form = needs.NeedForm(request.POST)
    if form.is_valid():
        try:
            saved = needs.answer(collection, ml, form.cleaned_data)
        except TrainingRefused as refused:
            form.add_error(None, str(refused))
        else:
            theme = form.instance.get_theme_display()
            if saved is None:
                messages.success(request, f"Thème « {theme} » retiré de vos besoins.")
            else:
                people = counted(saved.people, "personne")
                messages.success(request, f"Besoin enregistré : « {theme} », {people}.")
            return redirect(_needs_url(code, collection.year))
    return _page(request, collection.structure, collection.year, need_form=form)


def needs_xlsx_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collection = _collection(request, code, pk)
    found = needs.summary(collection)
    return xlsx_response(
        f"besoins-formation-{collection.structure.code}-{collection.year}",
        "Synthèse",
        ["Thème", "Missions Locales", "Personnes", "Missions Locales en priorité haute"],
        needs.summary_rows(found),
        widths=[45, 18, 14, 22],
    )
