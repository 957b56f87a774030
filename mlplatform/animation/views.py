"""Pages of network life. Thin: access in access.py, figures in counts.py, work in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mlplatform.evidence.services import EvidenceRefused
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import perimeter_for

from . import services
from .access import can_edit, meeting_of, require_edit, visible_meetings, visible_structure
from .counts import yearly_counts
from .enums import NETWORK_KINDS, MeetingKind, Theme
from .files import serve_file
from .forms import CatalogueFilterForm, MeetingForm
from .models import (
    BodyMember,
    ChangeLog,
    Event,
    Meeting,
    Partnership,
    PartnershipDocument,
    PartnershipEvaluation,
    Practice,
    Referent,
)

PAGE_SIZE = 25
JOURNAL_PAGE_SIZE = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request: HttpRequest) -> tuple[int, str]:
    """The year asked for (``?annee=``), or the current one with a message if it is not a year."""
    raw = request.GET.get("annee", "").strip()
    current = timezone.localdate().year
    if not raw:
        return current, ""
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw), ""
    return current, f"« {raw[:20]} » n'est pas une année valide : voici l'année {current}."


ROLES = {"animees": "Animées par la structure", "suivies": "Suivies (participation)"}


def _meeting_filters(request: HttpRequest) -> dict[str, str]:
    """The meeting list's filters; an unknown value is ignored (the list is simply not filtered)."""
    values = {name: request.GET.get(name, "") for name in ("type", "theme", "role")}
    allowed = {"type": MeetingKind.values, "theme": Theme.values, "role": list(ROLES)}
    return {name: value if value in allowed[name] else "" for name, value in values.items()}


def overview_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = visible_structure(request, code)
    year, year_problem = _year(request)
    in_perimeter = perimeter_for(request.user).contains(structure)
    meetings = visible_meetings(request).filter(date__year=year)
    if in_perimeter:
        meetings = meetings.filter(
            Q(structure=structure) | (Q(participants=structure, organised=True) & ~Q(structure=structure))
        ).distinct()
    else:  # the UNML's network bodies, read by an ARML
        meetings = meetings.filter(structure=structure, kind__in=NETWORK_KINDS)
    filters = _meeting_filters(request)
    if filters["type"]:
        meetings = meetings.filter(kind=filters["type"])
    if filters["theme"]:
        meetings = meetings.filter(theme=filters["theme"])
    if filters["role"] == "animees":
        meetings = meetings.filter(structure=structure, organised=True)
    elif filters["role"] == "suivies":
        meetings = meetings.exclude(structure=structure, organised=True)
    meetings = meetings.select_related("structure").order_by("-date", "-pk")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "structure": structure,
        "year": year,
        "year_problem": year_problem,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "in_perimeter": in_perimeter,
        "filters": filters,
        "roles": ROLES.items(),
        "kinds": MeetingKind.choices,
        "themes": Theme.choices,
        "counts": yearly_counts(structure, year) if in_perimeter else None,
        "page": page,
        "can_edit": can_edit(request.membership, structure),
        "events": [],
        "partnerships": [],
        "referents": [],
        "members": [],
    }
    if in_perimeter:
        context["events"] = list(
            Event.objects.for_user(request.user).filter(structure=structure, starts_on__year=year)[:50]
        )
        context["partnerships"] = list(
            Partnership.objects.for_user(request.user)
            .filter(structure=structure)
            .select_related("parent")
            .prefetch_related(
                Prefetch("evaluations", PartnershipEvaluation.objects.order_by("-year", "pk")),
                Prefetch("documents", PartnershipDocument.objects.order_by("-uploaded_at", "-pk")),
            )
            .order_by("ends_on", "partner_name", "pk")[:100]
        )
        context["referents"] = list(Referent.objects.for_user(request.user).filter(structure=structure))
        context["members"] = list(BodyMember.objects.for_user(request.user).filter(structure=structure))
    return render(request, "animation/overview.html", context)


def _meeting_form_page(request: HttpRequest, structure: Structure, meeting: Meeting | None) -> HttpResponse:
    choices = services.participant_choices(structure).order_by("type", "sort_name", "pk")
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        choices=choices,
        meeting=meeting,
        network_bodies=structure.type == StructureType.UNML,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if meeting is None:
                saved = services.create_meeting(
                    structure,
                    form.values(),
                    participants=data["participants"],
                    minutes=data["minutes"],
                    user=request.user,
                )
            else:
                saved = services.update_meeting(
                    meeting,
                    data["version"] if data["version"] is not None else -1,
                    form.values(),
                    participants=data["participants"],
                    minutes=data["minutes"],
                    user=request.user,
                )
        except services.StaleRecord as stale:
            conflict = stale.current
            messages.error(
                request,
                "Quelqu'un a modifié cette réunion pendant que vous la modifiiez : rien n'a été enregistré. "
                "Vos saisies sont conservées ci-dessous ; comparez-les avec la version enregistrée, puis "
                "enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.AnimationRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, f"La réunion « {saved.title} » est enregistrée.")
            return redirect(saved)
    return render(
        request,
        "animation/meeting_form.html",
        {"structure": structure, "meeting": meeting, "form": form, "conflict": conflict},
    )


def meeting_add_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = visible_structure(request, code)
    require_edit(request, structure)
    return _meeting_form_page(request, structure, None)


def meeting_edit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, code, pk)
    require_edit(request, meeting.structure)
    return _meeting_form_page(request, meeting.structure, meeting)


def meeting_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, code, pk)
    context = {
        "meeting": meeting,
        "structure": meeting.structure,
        "participants": list(meeting.participants.order_by("type", "sort_name", "pk")),
        "can_edit": can_edit(request.membership, meeting.structure),
        "changes": list(
            services.ChangeLog.objects.filter(record="meeting", record_id=meeting.pk)
            .select_related("user")
            .order_by("-at", "-pk")[:20]
        ),
    }
    return render(request, "animation/meeting.html", context)


def meeting_minutes_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, code, pk)
    if not meeting.minutes:
        raise Http404("Cette réunion n'a pas de compte rendu.")
    return serve_file(meeting.minutes, meeting.file_name, meeting.file_content_type, meeting.file_size)


@require_POST
def meeting_evidence_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """« Utiliser comme preuve »: the minutes join the structure's evidence library."""
    meeting = meeting_of(request, code, pk)
    require_edit(request, meeting.structure)
    try:
        evidence = services.minutes_as_evidence(meeting, user=request.user)
    except (services.AnimationRefused, EvidenceRefused) as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(meeting)
    messages.success(
        request,
        f"Le compte rendu est dans la bibliothèque de preuves (« {evidence.title} ») : reliez-le aux "
        "exigences concernées depuis l'auto-évaluation.",
    )
    return redirect(evidence)


def catalogue_view(request: HttpRequest) -> HttpResponse:
    """The shared practices: read by everyone signed in, whatever their perimeter."""
    filters = CatalogueFilterForm(request.GET)
    membership = getattr(request, "membership", None)
    values = filters.values()
    practices = Practice.objects.select_related("structure")
    if values["q"]:
        query = values["q"]
        practices = practices.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(structure__name__icontains=query)
        )
    if values["theme"]:
        practices = practices.filter(theme=values["theme"])
    page = Paginator(practices.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "animation/catalogue.html",
        {
            "filters": filters,
            "values": values,
            "page": page,
            "can_publish": membership is not None and membership.perimeter().is_structural,
            # The practices this person may put into their structure's evidence library.
            "own_structure_id": (
                membership.structure_id
                if membership is not None and can_edit(membership, membership.structure)
                else None
            ),
        },
    )


def practice_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    if not practice.file:
        raise Http404("Cette pratique n'a pas de fichier.")
    return serve_file(practice.file, practice.file_name, practice.file_content_type, practice.file_size)


def journal_view(request: HttpRequest, code: str) -> HttpResponse:
    """Every change to the structure's network-life records, the latest first (inside the perimeter)."""
    structure = visible_structure(request, code)
    if not perimeter_for(request.user).contains(structure):
        raise Http404("Page introuvable.")
    changes = (
        ChangeLog.objects.for_user(request.user)
        .filter(structure=structure)
        .select_related("user")
        .order_by("-at", "-pk")
    )
    page = Paginator(changes, JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "animation/journal.html", {"structure": structure, "page": page})
