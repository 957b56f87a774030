"""Evidence requests of an audit: the list (the pair's and the structure's page), a new request,
a thread with its messages and files both ways, closing, and the scoped download of a file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mlplatform.evidence.checks import upload_rules
from mlplatform.evidence.views import attachment_header

from . import requests as evidence_requests
from .enums import RequestStatus
from .forms import MessageForm, RequestForm
from .models import Audit, EvidenceRequest, RequestAttachment
from .views import audit_for, require_pair

FILES_NOT_KEPT = (
    "Vos autres saisies sont conservées, mais le navigateur ne garde pas les fichiers choisis : "
    "sélectionnez-les à nouveau."
)


def _request_of(audit: Audit, request_pk: int) -> EvidenceRequest:
    queryset = EvidenceRequest.objects.select_related("requirement__commitment", "created_by")
    evidence_request = get_object_or_404(queryset, audit=audit, pk=request_pk)
    evidence_request.audit = audit  # already read, with what it refers to
    return evidence_request


def requests_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit's requests: the pair's working list, and the structure's page to answer them."""
    audit, rights = audit_for(request, pk)
    context = {
        "audit": audit,
        "rights": rights,
        "requests": list(evidence_requests.requests_of(audit)),
        "structure_side": evidence_requests.is_structure_side(request.membership, audit),
    }
    return render(request, "audits/requests.html", context)


def request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    form = RequestForm(
        request.POST or None, request.FILES or None, requirements=evidence_requests.requirement_choices(audit)
    )
    if not rights.scheduled:
        messages.error(request, "L'audit n'est plus en cours : aucune nouvelle demande n'est possible.")
        return redirect("label:audit_requests", pk=audit.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = evidence_requests.open_request(
                audit,
                request.membership,
                subject=data["subject"],
                text=data["text"],
                requirement=data["requirement"],
                due_on=data["due_on"],
                files=data["files"],
            )
        except evidence_requests.RequestRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, f"Demande « {created.subject} » envoyée à la structure.")
            return redirect("label:audit_request", pk=audit.pk, request_pk=created.pk)
    context = {
        "audit": audit,
        "rights": rights,
        "form": form,
        "rules": upload_rules(),
        "files_note": FILES_NOT_KEPT,
    }
    return render(request, "audits/request_form.html", context)


def request_view(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The thread; a POST adds a message (the pair, or the structure's people answering)."""
    audit, rights = audit_for(request, pk)
    evidence_request = _request_of(audit, request_pk)
    auditor = evidence_requests.is_pair(request.membership, audit)
    structure_side = evidence_requests.is_structure_side(request.membership, audit)
    may_write = (
        (auditor or structure_side) and rights.scheduled and evidence_request.status != RequestStatus.CLOSED
    )
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not (auditor or structure_side):
            raise PermissionDenied("Seuls le binôme d'auditeurs et la structure auditée écrivent ici.")
        if form.is_valid():
            try:
                evidence_requests.post_message(
                    evidence_request,
                    request.membership,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except evidence_requests.RequestRefused as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, "Message envoyé.")
                return redirect("label:audit_request", pk=audit.pk, request_pk=evidence_request.pk)
    context = {
        "audit": audit,
        "rights": rights,
        "evidence_request": evidence_request,
        "thread": list(evidence_requests.thread(evidence_request)),
        "form": form,
        "may_write": may_write or bool(form.errors),
        "auditor": auditor,
        "rules": upload_rules(),
        "files_note": FILES_NOT_KEPT,
    }
    return render(request, "audits/request.html", context, status=422 if form.errors else 200)


@require_POST
def request_close_view(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    audit, rights = audit_for(request, pk)
    require_pair(rights)
    evidence_request = _request_of(audit, request_pk)
    try:
        evidence_requests.close_request(evidence_request, request.membership)
    except evidence_requests.RequestRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"La demande « {evidence_request.subject} » est close.")
    return redirect("label:audit_request", pk=audit.pk, request_pk=evidence_request.pk)


def attachment_view(request: HttpRequest, pk: int, request_pk: int, attachment_pk: int) -> HttpResponse:
    """Stream a file of a thread, only to those who may open the audit."""
    audit, _rights = audit_for(request, pk)
    attachment = get_object_or_404(
        RequestAttachment, pk=attachment_pk, message__request_id=request_pk, message__request__audit=audit
    )
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Le fichier est introuvable.") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = attachment_header(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
