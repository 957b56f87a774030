"""Pages of a structure's evidence library. Thin: access in access.py, work in services.py."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mlplatform.core.htmx import page_or_fragment

from . import services
from .access import can_manage, evidence_of, library_structure, require_manage
from .checks import upload_rules
from .forms import (
    FILE_KEPT_NOTE,
    SORTS,
    STATES,
    EvidenceEditForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    EvidenceReplaceForm,
    LibraryFilterForm,
)
from .models import Evidence
from .usage import usage_fragments

PAGE_SIZE = 25
STALE_MESSAGE = (
    "Quelqu'un a modifié cette preuve pendant que vous la consultiez (nouvelle version, modification "
    "ou archivage) : votre demande n'a pas été appliquée et rien n'a été enregistré. Voici la preuve "
    "à jour ; recommencez si c'est toujours nécessaire."
)


def library_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = library_structure(request, code)
    values = LibraryFilterForm(request.GET).values()
    items = Evidence.objects.for_user(request.user).filter(structure=structure)
    counts = items.counts()
    items = items.search(values["q"]).for_listing()
    if values["type"]:
        items = items.filter(kind=values["type"])
    if STATES[values["etat"]] is not None:
        items = items.filter(archived=STATES[values["etat"]])
    page = Paginator(items.order_by(*SORTS[values["tri"]]), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "structure": structure,
        "filters": LibraryFilterForm(),
        "values": values,
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "counts": counts,
        "can_manage": can_manage(request.membership, structure),
        "filtered": bool(values["q"] or values["type"] or values["etat"] != "actives"),
    }
    return page_or_fragment(request, "evidence/library.html", "evidence/_list.html", context)


def _refused(form, refusal: services.EvidenceRefused, field: str = "file") -> dict:
    form.add_error(field, refusal.messages)
    return {"duplicate": getattr(refusal, "existing", None)}


def add_file_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = library_structure(request, code)
    require_manage(request, structure)
    form = EvidenceFileForm(request.POST or None, request.FILES or None)
    extra: dict = {}
    if request.method == "POST" and form.is_valid():
        try:
            evidence = services.add_file(
                structure,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except services.EvidenceRefused as refusal:
            extra = _refused(form, refusal)
        else:
            messages.success(request, f"La preuve « {evidence.title} » est ajoutée à la bibliothèque.")
            return redirect(evidence)
    return render(
        request,
        "evidence/add_file.html",
        {"structure": structure, "form": form, "rules": upload_rules(), "file_note": FILE_KEPT_NOTE, **extra},
    )


def add_link_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = library_structure(request, code)
    require_manage(request, structure)
    form = EvidenceLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence = services.add_link(
                structure,
                url=form.cleaned_data["url"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except services.EvidenceRefused as refusal:
            _refused(form, refusal, field=None)
        else:
            messages.success(request, f"Le lien « {evidence.title} » est ajouté à la bibliothèque.")
            return redirect(evidence)
    return render(request, "evidence/add_link.html", {"structure": structure, "form": form})


def _detail(request: HttpRequest, evidence: Evidence, **extra) -> HttpResponse:
    manage = can_manage(request.membership, evidence.structure)
    replace_form = extra.pop("replace_form", None)
    if replace_form is None and manage and evidence.is_file and not evidence.archived:
        replace_form = EvidenceReplaceForm(evidence=evidence)
    context = {
        "evidence": evidence,
        "structure": evidence.structure,
        "versions": evidence.files.select_related("uploaded_by").order_by("-number"),
        "can_manage": manage,
        "replace_form": replace_form,
        "rules": upload_rules(),
        "file_note": FILE_KEPT_NOTE,
        "usage_fragments": usage_fragments(request, evidence),
        "duplicate": None,
        **extra,
    }
    return render(request, "evidence/detail.html", context)


def detail_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _detail(request, evidence_of(request, code, pk))


@require_POST
def replace_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    evidence = evidence_of(request, code, pk)
    require_manage(request, evidence.structure)
    form = EvidenceReplaceForm(request.POST, request.FILES, evidence=evidence)
    extra: dict = {}
    if form.is_valid():
        try:
            version = services.replace_file(
                evidence,
                form.cleaned_data["file"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEvidence as stale:
            messages.error(request, STALE_MESSAGE)
            evidence = evidence_of(request, code, pk)
            return _detail(request, evidence, replace_form=EvidenceReplaceForm(evidence=stale.current))
        except services.EvidenceRefused as refusal:
            extra = _refused(form, refusal)
        else:
            messages.success(
                request, f"La version {version.number} est enregistrée ; les précédentes restent disponibles."
            )
            return redirect(evidence)
    return _detail(request, evidence, replace_form=form, **extra)


def edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    evidence = evidence_of(request, code, pk)
    require_manage(request, evidence.structure)
    form = EvidenceEditForm(request.POST or None, evidence=evidence)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_details(
                evidence,
                user=request.user,
                expected_version=data["version"],
                title=data["title"],
                description=data["description"],
                url=data.get("url"),
            )
        except services.StaleEvidence as stale:
            conflict = stale.current
            messages.error(
                request,
                "Quelqu'un a modifié cette preuve pendant que vous la modifiiez. Vos saisies sont conservées "
                "ci-dessous ; comparez-les avec la version enregistrée, puis enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.EvidenceRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, "La preuve est modifiée.")
            return redirect(evidence)
    return render(
        request,
        "evidence/edit.html",
        {"evidence": evidence, "structure": evidence.structure, "form": form, "conflict": conflict},
    )


def _posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _change_state(request: HttpRequest, code: str, pk: int, action, done: str) -> HttpResponse:
    evidence = evidence_of(request, code, pk)
    require_manage(request, evidence.structure)
    version = _posted_version(request)
    if version is None:
        messages.error(request, "La demande est incomplète : rechargez la page et recommencez.")
        return redirect(evidence)
    try:
        action(evidence, request.user, version)
    except services.StaleEvidence:
        messages.error(request, STALE_MESSAGE)
    except services.EvidenceRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, done)
    return redirect(evidence)


@require_POST
def archive_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _change_state(
        request,
        code,
        pk,
        services.archive,
        "La preuve est archivée : elle n'apparaît plus dans la bibliothèque mais reste consultable.",
    )


@require_POST
def restore_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _change_state(
        request, code, pk, services.restore, "La preuve est de nouveau dans la bibliothèque."
    )


def attachment_header(name: str) -> str:
    """Content-Disposition for a download: ASCII fallback plus the exact name (RFC 5987/6266)."""
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(
        char if char.isprintable() and char not in '"\\;' else "_" for char in fallback
    ).strip()
    fallback = fallback or "fichier"
    if fallback == name:
        return f'attachment; filename="{fallback}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_view(request: HttpRequest, code: str, pk: int, number: int | None = None) -> HttpResponse:
    """Stream a version of the file (the current one without ``number``), only inside the perimeter."""
    evidence = evidence_of(request, code, pk)
    version = evidence.current_file if number is None else evidence.files.filter(number=number).first()
    if version is None:
        raise Http404("Cette preuve n'a pas de fichier à télécharger.")
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Le fichier est introuvable.") from None
    response = FileResponse(handle, content_type=version.content_type)
    response["Content-Length"] = str(version.size)
    response["Content-Disposition"] = attachment_header(version.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
