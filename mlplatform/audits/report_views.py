"""Audit pages: findings per commitment (HTMX or plain forms), overall opinion, delivery (locks the
report), the report and its PDF, the structure's written response."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mlplatform.label.transitions import TransitionRefused
from mlplatform.reports.pdf import pdf_response

from . import work
from .enums import FindingKind
from .forms import FindingForm, OpinionForm, ResponseForm
from .models import Audit, AuditFinding
from .pdf import report_context
from .views import STALE_MESSAGE, audit_for, locked_redirect, require_pair
from .work import CommitmentFindings, StaleAudit, StaleFinding, finding_stamp


def _anchor(audit: Audit, commitment_pk: int) -> str:
    return reverse("label:audit_findings", kwargs={"pk": audit.pk}) + f"#engagement-{commitment_pk}"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _block(audit: Audit, commitment_pk: int) -> CommitmentFindings | None:
    commitment = work.audit_commitments(audit).filter(pk=commitment_pk).first()
    if commitment is None:
        return None
    block = CommitmentFindings(commitment)
    findings = AuditFinding.objects.filter(audit=audit, commitment=commitment).select_related("author")
    for finding in findings.order_by("created_at", "pk"):
        block.by_kind.setdefault(finding.kind, []).append(finding)
    return block


def _block_context(audit, rights, block, *, error: str = "", draft: dict | None = None) -> dict:
    return {
        "audit": audit,
        "rights": rights,
        "block": block,
        "error": error,
        "draft": draft or {"kind": "", "text": ""},
        "kinds": FindingKind.choices,
    }


def findings_view(request: HttpRequest, pk: int, *, refused: dict | None = None) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    refused = refused or {}
    blocks = [
        {
            **_block_context(
                audit,
                rights,
                block,
                error=refused.get("error", "") if refused.get("commitment") == block.commitment.pk else "",
                draft=refused.get("draft") if refused.get("commitment") == block.commitment.pk else None,
            )
        }
        for block in work.findings_by_commitment(audit, include_empty=True)
    ]
    context = {
        "audit": audit,
        "rights": rights,
        "blocks": blocks,
        "counts": work.finding_counts(audit),
        "kinds": FindingKind.choices,
        "opinion_form": OpinionForm(
            initial={"overall_opinion": audit.overall_opinion, "version": audit.version}
        ),
    }
    return render(request, "audits/findings.html", context, status=422 if refused else 200)


@require_POST
def finding_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    try:
        commitment_pk = int(request.POST.get("commitment", ""))
    except ValueError:
        commitment_pk = 0
    block = _block(audit, commitment_pk)
    if block is None:
        # The page's forms always name one of the structure's commitments.
        messages.error(request, "Cet engagement n'est pas dans le référentiel de la structure auditée.")
        return redirect("label:audit_findings", pk=audit.pk)
    draft = {"kind": request.POST.get("kind", ""), "text": request.POST.get("text", "")}
    try:
        work.add_finding(
            audit, request.membership, commitment=block.commitment, kind=draft["kind"], text=draft["text"]
        )
    except TransitionRefused as refusal:
        if not _is_htmx(request):
            return findings_view(
                request, pk, refused={"commitment": commitment_pk, "error": refusal.message, "draft": draft}
            )
        context = _block_context(audit, rights, block, error=refusal.message, draft=draft)
        return render(request, "audits/_commitment_findings.html", context, status=422)
    if not _is_htmx(request):
        messages.success(request, f"Constat ajouté à l'engagement {block.commitment.ref}.")
        return redirect(_anchor(audit, commitment_pk))
    context = _block_context(audit, rights, _block(audit, commitment_pk))
    context["saved"] = f"Constat ajouté à l'engagement {block.commitment.ref}."
    context["oob_counts"] = work.finding_counts(audit)
    return render(request, "audits/_commitment_findings.html", context)


def _finding(audit: Audit, finding_pk: int) -> AuditFinding:
    return get_object_or_404(
        AuditFinding.objects.select_related("commitment", "author"), audit=audit, pk=finding_pk
    )


def finding_edit_view(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    finding = _finding(audit, finding_pk)
    if not rights.scheduled:
        return locked_redirect(request, audit)
    initial = {"kind": finding.kind, "text": finding.text, "stamp": finding_stamp(finding)}
    form = FindingForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work.update_finding(
                finding,
                request.membership,
                kind=data["kind"],
                text=data["text"],
                expected_stamp=data["stamp"],
            )
        except StaleFinding as stale:
            conflict = stale.current
            messages.error(request, STALE_MESSAGE)
            form.data = form.data.copy()
            form.data["stamp"] = finding_stamp(conflict)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Constat modifié (engagement {finding.commitment.ref}).")
            return redirect(_anchor(audit, finding.commitment_id))
    context = {"audit": audit, "rights": rights, "finding": finding, "form": form, "conflict": conflict}
    return render(request, "audits/finding_edit.html", context)


@require_POST
def finding_delete_view(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    finding = _finding(audit, finding_pk)
    try:
        work.delete_finding(finding, request.membership)
    except TransitionRefused as refusal:
        if not _is_htmx(request):
            messages.error(request, refusal.message)
            return redirect("label:audit_detail", pk=audit.pk)
        block = _block(audit, finding.commitment_id)
        context = _block_context(audit, rights, block, error=refusal.message)
        return render(request, "audits/_commitment_findings.html", context, status=409)
    text = f"Constat supprimé (engagement {finding.commitment.ref})."
    if not _is_htmx(request):
        messages.success(request, text)
        return redirect(_anchor(audit, finding.commitment_id))
    context = _block_context(audit, rights, _block(audit, finding.commitment_id))
    context["saved"] = text
    context["oob_counts"] = work.finding_counts(audit)
    return render(request, "audits/_commitment_findings.html", context)


def opinion_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    if not rights.scheduled:
        return locked_redirect(request, audit)
    form = OpinionForm(
        request.POST or None, initial={"overall_opinion": audit.overall_opinion, "version": audit.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            work.save_opinion(
                audit,
                request.membership,
                text=form.cleaned_data["overall_opinion"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleAudit as stale:
            conflict = stale.current
            messages.error(request, STALE_MESSAGE)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "L'avis global est enregistré.")
            return redirect(reverse("label:audit_findings", kwargs={"pk": audit.pk}) + "#avis-global")
    context = {"audit": audit, "rights": rights, "form": form, "conflict": conflict}
    return render(request, "audits/opinion.html", context)


@require_POST
def deliver_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    try:
        work.deliver(audit, request.membership)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("label:audit_findings" if rights.scheduled else "label:audit_detail", pk=audit.pk)
    messages.success(
        request,
        "Le rapport est remis : il est verrouillé. La structure est prévenue et peut y apporter "
        "sa réponse écrite.",
    )
    return redirect("label:audit_report", pk=audit.pk)


def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    visible = work.sees_report(rights, audit)
    context = {"audit": audit, "rights": rights, "visible": visible}
    if visible:
        context.update(report_context(audit))
    else:
        context["structure"] = audit.file.structure
    return render(request, "audits/report.html", context)


def report_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    if not work.sees_report(rights, audit):
        raise Http404("Le rapport n'est pas encore remis.")
    prefix = "rapport-audit" if audit.is_delivered else "projet-rapport-audit"
    return pdf_response(
        "audits/report_pdf.html",
        report_context(audit),
        f"{prefix}-{audit.file.structure.code}-{audit.starts_on:%Y-%m-%d}",
        request,
    )


def respond_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    if not rights.responder:
        raise PermissionDenied(
            "Seules la direction et le·la référent·e qualité de la structure répondent au rapport."
        )
    if not audit.is_delivered or audit.structure_response:
        messages.error(
            request,
            "La réponse de la structure est déjà enregistrée."
            if audit.structure_response
            else "La structure répond au rapport une fois celui-ci remis.",
        )
        return redirect("label:audit_report", pk=audit.pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            work.respond(audit, request.membership, text=form.cleaned_data["text"])
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, "Votre réponse est jointe au rapport ; le binôme d'auditeurs est prévenu."
            )
            return redirect("label:audit_report", pk=audit.pk)
    return render(request, "audits/respond.html", {"audit": audit, "rights": rights, "form": form})
