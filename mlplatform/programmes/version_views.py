"""Pages of a programme's yearly versions (prepare N+1 from N, record an adoption), its journal and
the PDF of its yearly review. Read: whoever reads the programme; write: its ARML (``yearly.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from mlplatform.reports.pdf import pdf_response

from . import queries, yearly
from .forms import AdoptionForm, NextVersionForm
from .models import Programme
from .review_pdf import review_pdf_context
from .services import StaleEdit


def _programme(request: HttpRequest, code: str) -> Programme:
    return get_object_or_404(Programme.objects.for_user(request.user).select_related("owner"), code=code)


def versions_view(request: HttpRequest, code: str) -> HttpResponse:
    """The yearly versions of a programme; its ARML prepares the next one and records adoptions."""
    programme = _programme(request, code)
    versions = list(
        programme.versions.select_related("prepared_from", "created_by")
        .annotate(action_count=Count("actions"))
        .order_by("year")
    )
    latest = versions[-1] if versions else None
    can_manage = yearly.can_manage_versions(request.user, programme)
    posted = request.POST.get("formulaire") if request.method == "POST" else None
    if posted is not None and not can_manage:
        raise PermissionDenied("Seule l'ARML porteuse gère les versions de son programme régional.")
    next_form = NextVersionForm(
        request.POST if posted == "preparer" else None, initial={"from_year": latest.year if latest else None}
    )
    drafts = [v for v in versions if v.is_draft]
    adopt_form = AdoptionForm(
        request.POST if posted == "adopter" else None,
        drafts=drafts,
        initial={"adopted_on": timezone.localdate(), "adopted_by": "le comité de pilotage régional"},
        prefix="adoption",
    )
    status = 200
    form = {"preparer": next_form, "adopter": adopt_form}.get(posted or "")
    if form is not None and form.is_valid():
        try:
            if posted == "preparer":
                version = yearly.prepare_next_version(
                    programme, user=request.user, from_year=form.cleaned_data["from_year"]
                )
                messages.success(request, f"Version {version.year} préparée : c'est un brouillon à adopter.")
                return redirect(
                    reverse("programmes:overview", args=[programme.code]) + f"?annee={version.year}"
                )
            draft = next((v for v in versions if v.year == form.cleaned_data["year"]), None)
            if draft is None:
                raise Http404("Version introuvable.")
            yearly.adopt_version(
                draft,
                user=request.user,
                adopted_by=form.cleaned_data["adopted_by"],
                adopted_on=form.cleaned_data["adopted_on"],
            )
        except StaleEdit:
            status = 409
            form.add_error(
                None,
                "La liste des versions a changé pendant que vous la consultiez (une version a été préparée "
                "ou adoptée entre-temps) : rien n'a été enregistré. Vérifiez les versions ci-dessus.",
            )
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, "Adoption enregistrée.")
            return redirect("programmes:versions", code=programme.code)
    context = {
        "programme": programme,
        "versions": versions,
        "latest": latest,
        "next_year": yearly.next_year(programme, latest),
        "can_manage": can_manage,
        "drafts": drafts,
        "next_form": next_form,
        "adopt_form": adopt_form,
    }
    return render(request, "programmes/versions.html", context, status=status)


def journal_view(request: HttpRequest, code: str) -> HttpResponse:
    """The programme's journal and the latest entries of its actions' journals."""
    programme = _programme(request, code)
    context = yearly.journal(programme) | {"programme": programme}
    return render(request, "programmes/journal.html", context)


def review_pdf_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The bilan of a year as a PDF (the one PDF pipeline), with its charts and their data tables."""
    programme = _programme(request, code)
    if not programme.start_year - 1 <= year <= programme.end_year + 1:
        raise Http404("Année hors de la période du programme.")
    version = queries.version_for_year(programme, year, request.GET.get("annee"))
    context = review_pdf_context(programme, version, year)
    return pdf_response("programmes/review_pdf.html", context, f"{programme.code}-bilan-{year}", request)
