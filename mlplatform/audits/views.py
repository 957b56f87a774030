"""Audit pages: the lead auditor's queue, assignment and pool; the audits list; the audit workspace
and its plan. Thin: access and work in ``audits.work`` / ``audits.pool``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mlplatform.accounts.enums import Role
from mlplatform.core.french import de
from mlplatform.label import services as label_services
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused
from mlplatform.reports.pdf import pdf_response

from . import pool, services, work
from .enums import AuditStatus
from .forms import AssignForm, CancelForm, PlanForm, PoolAddForm
from .models import Audit, AuditorProfile
from .pdf import plan_context
from .requests import open_counts, requests_of
from .work import AuditRights, StaleAudit, rights_for

PAGE_SIZE = 50
AUDIT_RELATED = (
    "file__structure__parent",
    "file__framework",
    "file__assessment__framework_version__framework",
    "external_auditor",
    "network_auditor",
    "assigned_by",
    "delivered_by",
)
STALE_MESSAGE = (
    "L'autre auditeur·rice a modifié cet audit pendant que vous le modifiiez. Vos saisies sont conservées "
    "ci-dessous ; comparez-les avec la version enregistrée, puis enregistrez à nouveau."
)
STATUS_FILTERS = {
    "": None,
    "planifies": AuditStatus.SCHEDULED,
    "remis": AuditStatus.DELIVERED,
    "annules": AuditStatus.CANCELLED,
}


def audit_for(request: HttpRequest, pk: int, *, assigner: bool = False) -> tuple[Audit, AuditRights]:
    """The audit if the person may open it (404 otherwise), with what they may do there. With
    ``assigner``, the lead auditor and the national admin reach every audit (to cancel it)."""
    membership = request.membership
    if assigner and work.is_assigner(membership):
        audits = work.assigner_audits()
    else:
        audits = work.visible_audits(membership)
    audit = get_object_or_404(audits.select_related(*AUDIT_RELATED), pk=pk)
    return audit, rights_for(membership, audit)


def require_pair(rights: AuditRights) -> None:
    if not rights.pair:
        raise PermissionDenied(work.PAIR_ONLY_MESSAGE)


def require_assigner(request: HttpRequest) -> None:
    if not work.is_assigner(request.membership):
        raise PermissionDenied("Seul·e l'auditeur·rice référent·e (ou l'UNML) affecte les audits.")


def locked_redirect(request: HttpRequest, audit: Audit) -> HttpResponse:
    messages.error(request, work.LOCKED_MESSAGE if audit.is_delivered else work.CANCELLED_MESSAGE)
    return redirect("label:audit_detail", pk=audit.pk)


# The audits list


def list_view(request: HttpRequest) -> HttpResponse:
    """Auditors: the audits of their pair. The structures' people: their perimeter's audits."""
    membership = request.membership
    if membership is None or membership.role == Role.COMMISSION_MEMBER:
        raise PermissionDenied("Les audits se consultent depuis les dossiers de la commission.")
    status_key = request.GET.get("etat", "")
    if status_key not in STATUS_FILTERS:
        status_key = ""
    lead = membership.role == Role.AUDITOR and work.is_assigner(membership)
    # The lead auditor finds every audit she assigned (pair, dates, state); she opens only her own.
    mine_only = lead and request.GET.get("binome") == "moi"
    audits = work.assigner_audits() if lead and not mine_only else work.visible_audits(membership)
    if STATUS_FILTERS[status_key]:
        audits = audits.filter(status=STATUS_FILTERS[status_key])
    audits = (
        open_counts(work.with_pair_flag(audits, membership.user))
        .select_related("file__structure__parent", "external_auditor", "network_auditor")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "is_auditor": membership.role == Role.AUDITOR,
        "is_lead": lead,
        "mine_only": mine_only,
        "is_assigner": work.is_assigner(membership),
        "status_key": status_key,
        "status_filters": [
            ("", "Tous"),
            ("planifies", "Planifiés"),
            ("remis", "Rapport remis"),
            ("annules", "Annulés"),
        ],
    }
    return render(request, "audits/list.html", context)


# The lead auditor: queue, assignment, cancellation, pool


def queue_view(request: HttpRequest) -> HttpResponse:
    require_assigner(request)
    today = timezone.localdate()
    context = {
        "queue": work.queue(today),
        "today": today,
        "notice_days": work.FOLLOW_UP_NOTICE_DAYS,
    }
    return render(request, "audits/queue.html", context)


def assign_view(request: HttpRequest, file_pk: int) -> HttpResponse:
    require_assigner(request)
    try:
        file = work.assignable_file(file_pk)
    except LabelFile.DoesNotExist:
        raise Http404("Ce dossier n'attend pas d'audit.") from None
    candidates = pool.candidates(file)
    form = AssignForm(request.POST or None, file=file, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.schedule_audit(
                file,
                request.membership,
                external=data["external"],
                network=data["network"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                mode=data["mode"],
                kind=data["kind"],
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                f"{audit.get_kind_display()} {de(file.structure)} affecté à "
                f"{audit.external_auditor} et {audit.network_auditor}.",
            )
            return redirect("label:audit_queue")
    context = {"file": file, "form": form, "candidates": candidates}
    return render(request, "audits/assign.html", context)


def cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk, assigner=True)
    if not rights.assigner:
        raise PermissionDenied("Seul·e l'auditeur·rice référent·e (ou l'UNML) annule un audit.")
    if not rights.scheduled:
        return locked_redirect(request, audit)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            work.cancel_audit(audit, request.membership, reason=form.cleaned_data["reason"])
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"L'audit {de(audit.file.structure)} est annulé.")
            return redirect("label:audit_queue")
    return render(request, "audits/cancel.html", {"audit": audit, "form": form})


def pool_view(request: HttpRequest) -> HttpResponse:
    require_assigner(request)
    national = label_services.is_national_admin(request.membership)
    profiles = list(pool.pool())
    for profile in profiles:
        # The rules of pool.set_active: not oneself; a lead auditor only by the national admin.
        profile.can_toggle = profile.user_id != request.user.pk and (
            national or not profile.is_lead or not profile.is_active
        )
    context = {"profiles": profiles}
    return render(request, "audits/pool.html", context)


def pool_add_view(request: HttpRequest) -> HttpResponse:
    require_assigner(request)
    may_name_lead = label_services.is_national_admin(request.membership)
    form = PoolAddForm(request.POST or None, may_name_lead=may_name_lead)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = pool.add_to_pool(
                request.membership,
                user=data["user"],
                kind=data["kind"],
                home_structure=data["home_structure"],
                certification=data["certification"],
                is_lead=data.get("is_lead", False),
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"{profile.user} rejoint le vivier ({profile.get_kind_display()}).")
            return redirect("label:audit_pool")
    return render(request, "audits/pool_add.html", {"form": form})


@require_POST
def pool_toggle_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_assigner(request)
    profile = get_object_or_404(AuditorProfile.objects.select_related("user"), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        pool.set_active(profile, request.membership, active=active)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if active:
            messages.success(request, f"{profile.user} est de nouveau disponible pour des audits.")
        else:
            messages.success(
                request,
                f"{profile.user} n'est plus proposé·e pour de nouveaux audits ; "
                "ses audits en cours lui restent.",
            )
    return redirect("label:audit_pool")


# The audit workspace and its plan


def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    file = audit.file
    requests = list(requests_of(audit))
    context = {
        "audit": audit,
        "rights": rights,
        "file": file,
        "structure": file.structure,
        "framework_version": work.framework_version_of(audit),
        "sees_plan": work.sees_plan(rights, audit),
        "sees_report": work.sees_report(rights, audit),
        "plan_missing": work.plan_missing(audit),
        "requests": requests,
        "counts": work.finding_counts(audit),
    }
    return render(request, "audits/detail.html", context)


def plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    if not rights.scheduled:
        return locked_redirect(request, audit)
    form = PlanForm(request.POST or None, instance=Audit.objects.get(pk=audit.pk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        was_sent = audit.plan_sent_at is not None
        try:
            work.save_plan(
                audit, request.membership, expected_version=form.cleaned_data["version"], **form.plan()
            )
        except StaleAudit as stale:
            conflict = stale.current
            messages.error(request, STALE_MESSAGE)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            text = "Le plan d'audit est enregistré."
            if was_sent and audit.plan_sent_at is None:
                text += " Il a changé depuis sa transmission : transmettez-le à nouveau à la structure."
            messages.success(request, text)
            return redirect("label:audit_detail", pk=audit.pk)
    context = {"audit": audit, "rights": rights, "form": form, "conflict": conflict}
    return render(request, "audits/plan_form.html", context)


@require_POST
def plan_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        work.send_plan(audit, request.membership, expected_version=version)
    except StaleAudit:
        messages.error(
            request, "Le plan a été modifié entre-temps : relisez-le ci-dessous avant de le transmettre."
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            "Le plan d'audit est transmis : la direction et le·la référent·e qualité de la structure "
            "sont prévenus par courriel.",
        )
    return redirect("label:audit_detail", pk=audit.pk)


def plan_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    if not work.sees_plan(rights, audit):
        raise Http404("Le plan d'audit n'est pas encore transmis à la structure.")
    return pdf_response(
        "audits/plan_pdf.html",
        plan_context(audit),
        f"plan-audit-{audit.file.structure.code}-{audit.starts_on:%Y-%m-%d}",
        request,
    )
