"""Pages that add and edit events, referents and partnerships, evaluate a partnership, list and
export the referents of a region, and publish a practice. Thin: forms and saving in records.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mlplatform.evidence.checks import EvidenceRefused
from mlplatform.network.models import Structure
from mlplatform.reports.xlsx import xlsx_response

from . import services
from .access import require_edit, visible_structure
from .enums import Theme
from .files import serve_file
from .forms import DocumentForm, PracticeForm
from .models import Partnership, Practice, Referent
from .records import KINDS, EvaluationForm, RecordKind, add_evaluation, create_record, update_record

STALE = (
    "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : rien n'a été enregistré. "
    "Vos saisies sont conservées ci-dessous ; comparez-les avec la version enregistrée, puis "
    "enregistrez à nouveau."
)


def _kind(slug: str) -> RecordKind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("Type d'enregistrement inconnu.")
    return kind


def _overview(structure: Structure, kind: RecordKind) -> str:
    return reverse("animation:overview", kwargs={"code": structure.code}) + f"#{kind.anchor}"


def _saved_values(form, record) -> list[tuple[str, str]]:
    """(label, value) of the saved record, shown beside a stale form."""
    values = []
    for name in form.Meta.fields:
        display = getattr(record, f"get_{name}_display", None)
        value = display() if display else getattr(record, name)
        values.append((form.fields[name].label, "—" if value in (None, "") else str(value)))
    return values


def _record_page(request: HttpRequest, structure: Structure, kind: RecordKind, record=None) -> HttpResponse:
    extra = {"structure": structure} if kind.needs_structure else {}
    form = kind.form(request.POST or None, instance=record, **extra)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                saved = create_record(kind, structure, form, request.user)
            else:
                saved = update_record(kind, record, form, request.user)
        except services.StaleRecord as stale:
            messages.error(request, STALE)
            conflict = _saved_values(form, stale.current)
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
        else:
            messages.success(request, f"« {saved} » est enregistré.")
            return redirect(_overview(structure, kind))
    return render(
        request,
        "animation/record_form.html",
        {"structure": structure, "kind": kind, "record": record, "form": form, "conflict": conflict},
    )


def record_add_view(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    record_kind = _kind(kind)
    structure = visible_structure(request, code)
    require_edit(request, structure)
    return _record_page(request, structure, record_kind)


def record_edit_view(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    record_kind = _kind(kind)
    structure = visible_structure(request, code)
    record = get_object_or_404(record_kind.model.objects.for_user(request.user), structure=structure, pk=pk)
    require_edit(request, structure)
    return _record_page(request, structure, record_kind, record)


def _partnership(request: HttpRequest, code: str, pk: int) -> Partnership:
    structure = visible_structure(request, code)
    return get_object_or_404(
        Partnership.objects.for_user(request.user).select_related("structure"), structure=structure, pk=pk
    )


def evaluation_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The partnership's page for its own people: yearly evaluations and documents."""
    partnership = _partnership(request, code, pk)
    structure = partnership.structure
    require_edit(request, structure)
    form = EvaluationForm(
        request.POST or None, partnership=partnership, initial={"year": timezone.localdate().year}
    )
    return _evaluation_page(request, partnership, form, DocumentForm())


def document_add_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    partnership = _partnership(request, code, pk)
    require_edit(request, partnership.structure)
    if request.method != "POST":
        return redirect("animation:evaluation", code=code, pk=pk)
    document_form = DocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        try:
            services.add_partnership_document(
                partnership,
                document_form.cleaned_data["file"],
                title=document_form.cleaned_data["title"],
                user=request.user,
            )
        except services.AnimationRefused as refusal:
            document_form.add_error(None, refusal.messages)
        else:
            messages.success(request, "Le document est ajouté au partenariat.")
            return redirect("animation:evaluation", code=code, pk=pk)
    form = EvaluationForm(partnership=partnership, initial={"year": timezone.localdate().year})
    return _evaluation_page(request, partnership, form, document_form)


def document_view(request: HttpRequest, code: str, pk: int, document: int) -> HttpResponse:
    partnership = _partnership(request, code, pk)
    item = get_object_or_404(partnership.documents, pk=document)
    return serve_file(item.file, item.file_name, item.file_content_type, item.file_size)


@require_POST
def document_evidence_view(request: HttpRequest, code: str, pk: int, document: int) -> HttpResponse:
    partnership = _partnership(request, code, pk)
    require_edit(request, partnership.structure)
    item = get_object_or_404(partnership.documents, pk=document)
    try:
        evidence = services.document_as_evidence(item, user=request.user)
    except EvidenceRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("animation:evaluation", code=code, pk=pk)
    messages.success(
        request,
        f"Le document est dans la bibliothèque de preuves (« {evidence.title} ») : reliez-le aux "
        "exigences concernées depuis l'auto-évaluation.",
    )
    return redirect(evidence)


def _evaluation_page(request: HttpRequest, partnership: Partnership, form, document_form) -> HttpResponse:
    structure = partnership.structure
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            add_evaluation(partnership, form, request.user)
        except services.StaleRecord:
            form.add_error(
                "year", "Une évaluation de cette année vient d'être enregistrée par quelqu'un d'autre."
            )
        else:
            messages.success(request, "L'évaluation annuelle du partenariat est enregistrée.")
            return redirect(_overview(structure, KINDS["partenariats"]))
    context = {
        "structure": structure,
        "partnership": partnership,
        "form": form,
        "document_form": document_form,
        "evaluations": list(partnership.evaluations.order_by("-year", "pk")),
        "documents": list(
            partnership.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
        ),
    }
    return render(request, "animation/evaluation_form.html", context)


def _directory(request: HttpRequest, structure: Structure):
    """The referents of the structure and, for an ARML, of its Missions Locales (the regional network)."""
    referents = Referent.objects.for_user(request.user).select_related("structure")
    if structure.type == "ARML":
        referents = referents.filter(
            structure__in=[structure.pk, *structure.children.values_list("pk", flat=True)]
        )
    else:
        referents = referents.filter(structure=structure)
    theme = request.GET.get("theme", "")
    if theme and theme in Theme.values:
        referents = referents.filter(theme=theme)
    return referents.order_by("theme", "structure__sort_name", "name", "pk"), theme


def directory_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = visible_structure(request, code)
    if not _in_perimeter(request, structure):
        raise Http404("Page introuvable.")
    referents, theme = _directory(request, structure)
    return render(
        request,
        "animation/directory.html",
        {"structure": structure, "referents": list(referents), "theme": theme, "themes": Theme.choices},
    )


def directory_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = visible_structure(request, code)
    if not _in_perimeter(request, structure):
        raise Http404("Page introuvable.")
    referents, _ = _directory(request, structure)
    rows = (
        (r.get_theme_display(), r.structure.name, r.name, r.job_title, r.email, r.phone) for r in referents
    )
    return xlsx_response(
        f"referents-{structure.code}-{timezone.localdate():%Y-%m-%d}",
        "Référents thématiques",
        ("Thème", "Structure", "Nom", "Fonction", "Adresse électronique", "Téléphone"),
        rows,
        widths=(28, 40, 28, 30, 34, 18),
    )


def _in_perimeter(request: HttpRequest, structure: Structure) -> bool:
    """Referents are personal data: only inside the perimeter (never the UNML's for an ARML)."""
    return Structure.objects.for_user(request.user).filter(pk=structure.pk).exists()


def practice_publish_view(request: HttpRequest) -> HttpResponse:
    """A structure's people publish a practice of their structure in the network's catalogue."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.perimeter().is_structural:
        raise PermissionDenied("Seules les personnes d'une structure du réseau peuvent publier une pratique.")
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.publish_practice(
                membership.structure, form.values(), file=form.cleaned_data["file"], user=request.user
            )
        except services.AnimationRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, f"La pratique « {practice.title} » est publiée dans le catalogue.")
            return redirect(reverse("animation:catalogue") + f"#pratique-{practice.pk}")
    return render(
        request,
        "animation/practice_form.html",
        {"form": form, "structure": membership.structure, "practice": None, "conflict": None},
    )


def practice_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The structure's people edit a practice it published (version check: a stale form changes
    nothing and keeps what was typed)."""
    practice = get_object_or_404(Practice.objects.select_related("structure"), pk=pk)
    require_edit(request, practice.structure)
    form = PracticeForm(request.POST or None, request.FILES or None, practice=practice)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            saved = services.update_practice(
                practice,
                version if version is not None else -1,
                form.values(),
                file=form.cleaned_data["file"],
                user=request.user,
            )
        except services.StaleRecord as stale:
            messages.error(request, STALE)
            conflict = stale.current
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.AnimationRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, f"La pratique « {saved.title} » est modifiée.")
            return redirect(reverse("animation:catalogue") + f"#pratique-{saved.pk}")
    return render(
        request,
        "animation/practice_form.html",
        {"form": form, "structure": practice.structure, "practice": practice, "conflict": conflict},
    )
