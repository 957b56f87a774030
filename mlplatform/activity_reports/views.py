"""Pages of the activity reports for signed-in people. Thin: access in access.py, figures in
composition.py, work in services.py, the PDF in publishing.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from mlplatform.network.models import Structure

from . import publishing, services
from .access import (
    PROOFREAD_REFUSED,
    PUBLISH_REFUSED,
    can_create,
    can_edit,
    can_proofread,
    can_publish,
    report_of,
    require,
    visible_reports,
)
from .composition import shown_sections
from .enums import State
from .forms import BlockForm, CreateForm, TransitionForm
from .models import ActivityReport, NarrativeBlock

PAGE_SIZE = 30
MAX_POSITION = 99


def _creatable(request: HttpRequest):
    membership = request.membership
    if membership is None or not can_create(membership, membership.structure):
        return Structure.objects.none()
    return Structure.objects.filter(pk=membership.structure_id)


def list_view(request: HttpRequest) -> HttpResponse:
    reports = (
        visible_reports(request)
        .select_related("structure")
        .order_by("-year", "structure__sort_name", "-edition")
    )
    state = request.GET.get("etat", "")
    if state in State.values:
        reports = reports.filter(state=state)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    creatable = _creatable(request)
    context = {
        "page": page,
        "states": State.choices,
        "state": state if state in State.values else "",
        "form": CreateForm(structures=creatable) if creatable.exists() else None,
    }
    return render(request, "activity_reports/list.html", context)


@require_POST
def create_view(request: HttpRequest) -> HttpResponse:
    visible_reports(request)  # 404 for people without a place in the network
    creatable = _creatable(request)
    require(creatable.exists())
    form = CreateForm(request.POST, structures=creatable)
    if form.is_valid():
        try:
            report = services.create_report(
                form.cleaned_data["structure"], form.cleaned_data["year"], user=request.user
            )
        except services.Refused as refusal:
            form.add_error("year", refusal.message)
        else:
            messages.success(
                request, f"{report} créé à partir du modèle : choisissez ses sections, puis rédigez."
            )
            return redirect(report)
    reports = (
        visible_reports(request)
        .select_related("structure")
        .order_by("-year", "structure__sort_name", "-edition")
    )
    context = {
        "page": Paginator(reports, PAGE_SIZE).get_page(1),
        "states": State.choices,
        "state": "",
        "form": form,
    }
    return render(request, "activity_reports/list.html", context, status=422)


def _page(request: HttpRequest, report: ActivityReport, *, status: int = 200, **extra) -> HttpResponse:
    membership = request.membership
    editable = report.is_editable and can_edit(membership, report)
    sections = shown_sections(report, included_only=False)
    posted = extra.pop("posted_sections", None) or {}
    for shown in sections:
        included, position = posted.get(shown.key, (shown.section.included, shown.section.position))
        shown.form_included, shown.form_position = included, position
        shown.forms = [
            (
                item,
                BlockForm(
                    initial={"text": item.block.text, "version": item.block.version},
                    prefix=f"b{item.block.pk}",
                ),
            )
            for item in shown.narratives
        ]
    context = {
        "report": report,
        "structure": report.structure,
        "sections": sections,
        "editable": editable,
        "may_edit": can_edit(membership, report),
        "may_publish": can_publish(membership, report),
        "may_proofread": can_proofread(membership, report),
        "proofread_refused": PROOFREAD_REFUSED,
        "publish_refused": PUBLISH_REFUSED,
        "transition_form": TransitionForm(initial={"version": report.version}),
        "journal": report.transitions.select_related("user").order_by("at", "pk"),
        "editions": ActivityReport.objects.filter(structure=report.structure, year=report.year)
        .order_by("edition")
        .only("pk", "edition", "state", "structure_id", "year"),
        "max_position": MAX_POSITION,
        "section_problems": [],
        **extra,
    }
    return render(request, "activity_reports/report.html", context, status=status)


def report_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    return _page(request, report_of(request, code, year, edition))


@require_POST
def sections_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    report = report_of(request, code, year, edition)
    require(can_edit(request.membership, report))
    keys = list(report.sections.values_list("key", flat=True))
    choices, problems = {}, []
    for key in keys:
        raw = request.POST.get(f"ordre-{key}", "").strip()
        included = request.POST.get(f"inclure-{key}") == "1"
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_POSITION:
            problems.append(f"L'ordre doit être un nombre entier entre 1 et {MAX_POSITION} (« {raw[:10]} »).")
            choices[key] = (included, raw[:10])
            continue
        choices[key] = (included, int(raw))
    version = request.POST.get("version", "")
    if not problems:
        try:
            services.save_sections(
                report,
                expected_version=int(version) if version.isdigit() else -1,
                choices=choices,
                user=request.user,
            )
        except services.StaleEdit:
            problems.append(
                "Le rapport a été modifié entre-temps par une autre personne : vos choix sont conservés "
                "ci-dessous, vérifiez-les et enregistrez à nouveau."
            )
            report.refresh_from_db()
        except services.Refused as refusal:
            problems.append(refusal.message)
        else:
            messages.success(request, "Sections et ordre enregistrés.")
            return redirect(report)
    return _page(
        request,
        report,
        status=409 if "entre-temps" in " ".join(problems) else 422,
        section_problems=problems,
        posted_sections=choices,
    )


@require_POST
def block_view(request: HttpRequest, code: str, year: int, edition: int, pk: int) -> HttpResponse:
    report = report_of(request, code, year, edition)
    block = get_object_or_404(
        NarrativeBlock.objects.select_related("section__report"), pk=pk, section__report=report
    )
    require(can_edit(request.membership, report))
    form = BlockForm(request.POST, prefix=f"b{block.pk}")
    htmx = bool(request.headers.get("HX-Request"))
    context = {
        "report": report,
        "item_block": block,
        "form": form,
        "saved": None,
        "current": None,
        "problem": "",
    }
    status = 200
    if not form.is_valid():
        context["problem"] = " ".join(e for errors in form.errors.values() for e in errors)
        status = 422
    else:
        try:
            block = services.save_block(
                block,
                text=form.cleaned_data["text"],
                expected_version=form.expected_version(),
                user=request.user,
            )
        except services.StaleEdit as stale:
            context["current"] = stale.current
            context["version"] = form.cleaned_data["version"]
            status = 409
        except services.Refused as refusal:
            context["problem"] = refusal.message
            status = 422
        else:
            context["saved"] = block
            if not htmx:
                messages.success(
                    request, f"« {block.get_kind_display()} » ({block.section.title}) enregistré."
                )
                return redirect(f"{report.get_absolute_url()}#bloc-{block.pk}")
    if htmx:
        return render(request, "activity_reports/_block_status.html", context, status=status)
    return render(request, "activity_reports/block_problem.html", context, status=status)


@require_POST
def transition_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    report = report_of(request, code, year, edition)
    membership = request.membership
    require(can_edit(membership, report) or can_publish(membership, report))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(report)
    action, version = form.cleaned_data["action"], form.cleaned_data["version"]
    try:
        if action == "soumettre":
            require(can_edit(membership, report))
            services.submit(report, expected_version=version, user=request.user)
            messages.success(
                request,
                "Rapport soumis à relecture : une autre personne de la structure le relit et le publie.",
            )
        elif action == "relire":
            require(can_proofread(membership, report), PROOFREAD_REFUSED)
            services.proofread(report, expected_version=version, user=request.user)
            messages.success(request, "Relecture validée : le rapport peut être publié.")
        elif action == "publier":
            require(can_publish(membership, report), PUBLISH_REFUSED)
            report = services.publish(report, expected_version=version, user=request.user)
            messages.success(
                request, "Rapport publié : ses chiffres sont figés et sa page publique est en ligne."
            )
        elif action == "renvoyer":
            require(can_edit(membership, report))
            services.send_back(
                report, expected_version=version, user=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, "Rapport renvoyé en brouillon avec votre commentaire.")
        else:
            require(can_edit(membership, report))
            report = services.new_edition(report, user=request.user)
            messages.success(
                request, f"Édition {report.edition} créée en brouillon : textes repris, chiffres recalculés."
            )
    except services.StaleEdit:
        messages.error(
            request,
            "Le rapport a été modifié entre-temps par une autre personne : vérifiez-le avant de recommencer.",
        )
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(report)


def preview_pdf_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    report = report_of(request, code, year, edition)
    response = HttpResponse(publishing.render(report), content_type="application/pdf")
    name = slugify(f"rapport-activite-{report.year}-{report.structure.code}-edition-{report.edition}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_POST
def evidence_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    """« Joindre comme preuve »: the published report for the requirement on the quality approach."""
    report = report_of(request, code, year, edition)
    require(can_edit(request.membership, report))
    level, text = publishing.attach_as_evidence(report, request.user)
    getattr(messages, level)(request, text)
    return redirect(report)
