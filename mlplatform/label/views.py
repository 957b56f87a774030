"""The label file of a structure and its actions; the national and regional dashboards.

Every page reaches its structure through ``Structure.objects.for_user`` (404 outside the
perimeter); each action is shown only to who may do it and checked again here (403 for a role
that may read the file but not act) before calling ``label.services``. Actions carry the
version of the file the page was built from, which the services check: a page gone stale is
refused with a clear message and the form is shown again with what the person typed.

What the file page shows of its audits, its session and its decisions comes from the apps built on
label, through ``label.hooks``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.assessments.models import Assessment
from mlplatform.core.french import le
from mlplatform.network.models import Structure
from mlplatform.reports.charts import bar_chart, format_share

from . import hooks, services
from .dashboards import (
    LAPSED,
    STAGE_ORDER,
    is_labelled,
    national_figures,
    next_deadline,
    next_step,
    region_figures,
)
from .enums import Stage
from .forms import ArmlOpinionForm, AuditRequestForm, EnrolForm, RecordAssessmentForm
from .models import LabelFile
from .regions_map import RegionShare, regions_map
from .services import may_enrol, renewal_opens_on
from .transitions import TransitionRefused

# --------------------------------------------------------------------------------------------
# Who may do what


def may_request_audit(membership: Membership | None, structure: Structure) -> bool:
    return services.acts_for_structure(membership, structure)


def may_give_opinion(membership: Membership | None, structure: Structure) -> bool:
    return services.is_arml_referent_of(membership, structure)


# --------------------------------------------------------------------------------------------
# Reading


def get_structure(request: HttpRequest, code: str) -> Structure:
    return get_object_or_404(Structure.objects.for_user(request.user).select_related("parent"), code=code)


def get_file(structure: Structure) -> LabelFile | None:
    return (
        LabelFile.objects.select_related("framework", "assessment__campaign", "arml_opinion_by")
        .filter(structure=structure)
        .first()
    )


def retainable_assessments(structure: Structure, file: LabelFile | None) -> QuerySet[Assessment]:
    """Submitted self-assessments a file waiting for one may retain (not the one it already has)."""
    assessments = (
        Assessment.objects.submitted()
        .filter(structure=structure)
        .select_related("campaign")
        .order_by("-submitted_at", "-pk")
    )
    if file is not None and file.assessment_id:
        assessments = assessments.exclude(pk=file.assessment_id)
    return assessments


def _available(membership: Membership | None, structure: Structure, file: LabelFile | None) -> dict:
    stage = file.stage if file else None
    waits_for_assessment = stage in (Stage.ENROLLED, Stage.DEFERRED)
    return {
        "enrol": may_enrol(membership, structure) and (file is None or stage in LAPSED),
        "record": may_enrol(membership, structure)
        and waits_for_assessment
        and retainable_assessments(structure, file).exists(),
        "request": may_request_audit(membership, structure)
        and (
            stage in (Stage.SELF_ASSESSED, Stage.DEFERRED)
            or (stage == Stage.LABELLED and renewal_opens_on(file) <= timezone.localdate())
        ),
        "opinion": may_give_opinion(membership, structure) and stage == Stage.AUDIT_REQUESTED,
    }


def _render_file(
    request: HttpRequest,
    structure: Structure,
    *,
    forms: dict | None = None,
    refusal: tuple[str, str] | None = None,
) -> HttpResponse:
    membership = request.membership
    file = get_file(structure)
    today = timezone.localdate()
    available = _available(membership, structure, file)
    version = file.version if file else 0
    initial = {"version": version}
    bound = forms or {}
    # A form shown again after a refusal keeps what was typed, but carries the current version.
    for form in bound.values():
        if form.is_bound:
            data = form.data.copy()
            data["version"] = version
            form.data = data
    context: dict = {
        "structure": structure,
        "region_link": structure.is_ml
        and structure.parent_id is not None
        and reads_region_dashboard(request.membership, structure.parent_id),
        "file": file,
        "today": today,
        "available": available,
        # A refusal is shown in its form; when that form is gone (the file moved on), above the actions.
        "refusal": refusal[1] if refusal and not available[refusal[0]] else "",
        "enrol_form": bound.get("enrol") or EnrolForm(initial=initial),
        "request_form": bound.get("request") or AuditRequestForm(initial=initial),
        "opinion_form": bound.get("opinion") or ArmlOpinionForm(initial=initial),
        "record_form": None,
        "journey": [],
        "transitions": [],
        "audits": [],
        "decisions": [],
        "session": None,
        "deadline": None,
        "labelled": False,
        "is_renewal": file is not None and file.stage == Stage.LABELLED,
        "assign_url": None,
    }
    if available["record"]:
        context["record_form"] = bound.get("record") or RecordAssessmentForm(
            initial=initial, assessments=retainable_assessments(structure, file)
        )
    if file is not None:
        session = hooks.file_session.first(file)
        audits = hooks.file_audits.collect(file, membership)
        open_audit = next((audit for audit in reversed(audits) if audit.under_way), None)
        context.update(
            {
                "journey": _journey(file),
                "transitions": list(
                    file.transitions.select_related("actor", "actor_structure").order_by("-at", "-pk")
                ),
                "audits": audits,
                "decisions": hooks.file_decisions.collect(file),
                "session": session,
                "deadline": next_deadline(
                    file, today, audit=open_audit, session_date=session.date if session else None
                ),
                "labelled": is_labelled(file, today),
                "assign_url": hooks.assign_url.first(file, membership),
                "assessment_url": reverse("assessments:assessment", args=[file.assessment_id])
                if file.assessment_id
                else None,
            }
        )
    context["next_step"] = next_step(
        file, session_date=context["session"].date if context["session"] else None
    )
    return render(request, "label/file.html", context)


def _journey(file: LabelFile) -> list[tuple[str, str]]:
    """The main steps of the cycle, each "done", "current" or "todo", for the progress list."""
    main = list(STAGE_ORDER[:7])
    if file.stage == Stage.DEFERRED:
        main[-1] = Stage.DEFERRED
    if file.stage in LAPSED:
        return [(Stage(stage).label, "done") for stage in main] + [(Stage(file.stage).label, "current")]
    index = main.index(file.stage)
    return [
        (Stage(stage).label, "done" if i < index else "current" if i == index else "todo")
        for i, stage in enumerate(main)
    ]


def file_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_structure(request, code)
    return _render_file(request, structure)


# --------------------------------------------------------------------------------------------
# Actions


def _act(request: HttpRequest, structure: Structure, key: str, form, action, success: str) -> HttpResponse:
    """Validate ``form``, run ``action(data)`` (a service, given the page's version), or show the page
    again with the refusal."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
            return _render_file(request, structure, forms={key: form}, refusal=(key, refusal.message))
        messages.success(request, success)
        return redirect("label:file", code=structure.code)
    return _render_file(request, structure, forms={key: form})


@require_POST
def enrol_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_structure(request, code)
    membership = request.membership
    if not may_enrol(membership, structure):
        raise PermissionDenied("Seules la structure, son ARML ou l'UNML peuvent l'engager dans la démarche.")

    def action(data):
        services.enrol(structure, membership, expected_version=data.get("version"))

    return _act(
        request,
        structure,
        "enrol",
        EnrolForm(request.POST),
        action,
        f"{capfirst(le(structure))} est engagée dans la démarche de labellisation.",
    )


@require_POST
def record_assessment_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_structure(request, code)
    membership = request.membership
    if not may_enrol(membership, structure):
        raise PermissionDenied("Seules la structure, son ARML ou l'UNML retiennent une auto-évaluation.")
    file = get_file(structure)
    form = RecordAssessmentForm(request.POST, assessments=retainable_assessments(structure, file))

    def action(data):
        services.record_self_assessment(
            services.require_file(structure),
            data["assessment"],
            actor=membership.user,
            actor_structure=membership.structure,
            expected_version=data.get("version"),
        )

    return _act(request, structure, "record", form, action, "Auto-évaluation retenue pour le label.")


@require_POST
def request_audit_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_structure(request, code)
    membership = request.membership
    if not may_request_audit(membership, structure):
        raise PermissionDenied("Seule la structure demande son audit.")
    renewal = (file := get_file(structure)) is not None and file.stage == Stage.LABELLED

    def action(data):
        services.request_audit(
            services.require_file(structure),
            membership,
            statement=data["statement"],
            expected_version=data.get("version"),
        )

    success = ("Demande de renouvellement enregistrée." if renewal else "Demande d'audit enregistrée.") + (
        " Votre ARML est invitée à donner son avis." if structure.is_ml else ""
    )
    return _act(request, structure, "request", AuditRequestForm(request.POST), action, success)


@require_POST
def arml_opinion_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_structure(request, code)
    membership = request.membership
    if not may_give_opinion(membership, structure):
        raise PermissionDenied("Seul·e le·la référent·e label de l'ARML donne cet avis.")

    def action(data):
        services.give_arml_opinion(
            services.require_file(structure),
            membership,
            opinion=data["opinion"],
            text=data["text"],
            expected_version=data.get("version"),
        )

    return _act(
        request, structure, "opinion", ArmlOpinionForm(request.POST), action, "Avis de l'ARML enregistré."
    )


# --------------------------------------------------------------------------------------------
# Entry point and dashboards


def home_view(request: HttpRequest) -> HttpResponse:
    """Where each person starts: their file, their region, the national view, or their assignments."""
    membership = request.membership
    role = membership.role if membership else None
    if role == Role.NATIONAL_ADMIN:
        return redirect("label:dashboard")
    if role in (Role.ARML_REFERENT, Role.ARML_STAFF):
        return redirect("label:region", code=membership.structure.code)
    if role in (Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF):
        return redirect("label:file", code=membership.structure.code)
    links = hooks.role_links.collect(membership) if membership is not None else []
    return render(request, "label/file_home.html", {"links": links, "role": role})


def dashboard_view(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not services.is_national_admin(membership):
        raise PermissionDenied("Le tableau de bord national est réservé à l'UNML.")
    figures = national_figures()
    network = figures.network
    stage_chart = bar_chart(
        "Structures par étape de la démarche",
        [label for _, label in figures.stage_columns],
        network.cells(),
        label="Structures",
        corner="Étape",
        chart_id="graphique-etapes",
    )
    shares = [RegionShare(row.name, row.total, row.labelled) for row in figures.regions if row.code]
    context = {
        "figures": figures,
        "target": figures.target,
        "stage_chart": stage_chart,
        "map": regions_map(shares),
        "engaged_share": format_share(figures.target.share),
        "labelled_share": format_share(network.labelled_share),
        "self_assessed_label": Stage.SELF_ASSESSED.label,
    }
    return render(request, "label/dashboard.html", context)


def reads_region_dashboard(membership, arml_id: int) -> bool:
    """The regional dashboard of an ARML: its own team and the UNML (the page and its links)."""
    return services.is_national_admin(membership) or (
        membership is not None
        and membership.role in (Role.ARML_REFERENT, Role.ARML_STAFF)
        and membership.structure_id == arml_id
    )


def region_view(request: HttpRequest, code: str) -> HttpResponse:
    arml = get_object_or_404(Structure.objects.for_user(request.user).arml(), code=code)
    if not reads_region_dashboard(request.membership, arml.pk):
        raise PermissionDenied("Le tableau de bord régional est réservé à l'ARML et à l'UNML.")
    figures = region_figures(arml)
    context = {
        "arml": arml,
        "figures": figures,
        "labelled_share": format_share(figures.labelled / len(figures.rows) if figures.rows else None),
    }
    return render(request, "label/dashboard_region.html", context)
