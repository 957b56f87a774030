"""Pages of professionalisation. Thin: access in access.py, work in services.py, figures in review.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mlplatform.core.french import counted
from mlplatform.network.perimeter import perimeter_for
from mlplatform.reports.charts import bar_chart, format_number, format_share
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from . import services
from .access import (
    can_cancel,
    can_declare_headcount,
    can_edit,
    can_register,
    plan_owner,
    readable_structure,
    require_edit,
    require_headcount,
    require_register,
    session_of,
    visible_actions,
)
from .enums import SEATED, Status
from .forms import ActionForm, EvaluationForm, HeadcountForm, RegistrationForm, SessionForm
from .models import JOB_FAMILIES, Headcount, Registration, Session
from .review import Review, review

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request: HttpRequest) -> tuple[int, str]:
    raw = request.GET.get("annee", "").strip()
    current = timezone.localdate().year
    if not raw:
        return current, ""
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw), ""
    return current, f"« {raw[:20]} » n'est pas une année valide : voici l'année {current}."


def _years() -> list[int]:
    current = timezone.localdate().year
    return list(range(current + 1, current - 6, -1))


def _seats() -> dict:
    return {
        "seated": Count("registrations", filter=Q(registrations__status__in=SEATED)),
        "waiting": Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    }


def home_view(request: HttpRequest) -> HttpResponse:
    """The person's plan: their ARML's (an ML's), their own (an ARML's, the UNML's)."""
    structure = request.membership.structure if perimeter_for(request.user).is_structural else None
    if structure is None:
        raise Http404("Page introuvable.")
    organiser = structure.parent if structure.is_ml else structure
    return redirect("training:plan", code=organiser.code)


def plan_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    year, year_problem = _year(request)
    sessions = Session.objects.annotate(**_seats()).order_by("starts_on", "pk")
    actions = (
        visible_actions(request)
        .filter(structure=structure, year=year)
        .prefetch_related(Prefetch("sessions", queryset=sessions))
        .order_by("title", "pk")
    )
    return render(
        request,
        "training/plan.html",
        {
            "structure": structure,
            "year": year,
            "year_problem": year_problem,
            "years": _years(),
            "actions": actions,
            "can_edit": can_edit(request, structure),
            "own_structure": request.membership.structure,
        },
    )


def action_add_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    require_edit(request, structure)
    form = ActionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.structure = structure
        action.save()
        messages.success(request, f"Action « {action.title} » publiée : ajoutez ses sessions.")
        return redirect("training:session_add", code=code, pk=action.pk)
    return render(
        request,
        "training/form.html",
        {
            "structure": structure,
            "form": form,
            "title": "Publier une action de formation",
            "action": None,
            "conflict": None,
        },
    )


def session_add_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    structure = plan_owner(request, code)
    action = get_object_or_404(visible_actions(request).filter(structure=structure), pk=pk)
    require_edit(request, structure)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.action = action
        session.save()
        messages.success(request, f"Session du {session.starts_on:%d/%m/%Y} ajoutée à « {action.title} ».")
        return redirect(f"{reverse('training:plan', args=[code])}?annee={action.year}")
    sessions = action.sessions.order_by("starts_on", "pk")
    return render(
        request,
        "training/form.html",
        {
            "structure": structure,
            "form": form,
            "title": f"Ajouter une session — {action.title}",
            "action": action,
            "sessions": sessions,
            "conflict": None,
        },
    )


def session_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    organiser = session.action.structure
    registrations = (
        Registration.objects.for_user(request.user)
        .filter(session=session)
        .exclude(status=Status.CANCELLED)
        .select_related("structure")
        .prefetch_related("attendances")
        .order_by("created_at", "pk")
    )
    seats = Session.objects.filter(pk=session.pk).aggregate(**_seats())
    editing = can_edit(request, organiser)
    rows = [
        (
            registration,
            [
                (half_day, half_day in {a.half_day for a in registration.attendances.all()})
                for half_day in range(1, session.half_days + 1)
            ],
        )
        for registration in registrations
    ]
    cancellable = {registration.pk for registration, _ in rows if can_cancel(request, session, registration)}
    return render(
        request,
        "training/session.html",
        {
            "structure": organiser,
            "session": session,
            "action": session.action,
            "rows": rows,
            "seated": seats["seated"],
            "waiting": seats["waiting"],
            "left": max(session.capacity - seats["seated"], 0),
            "can_edit": editing,
            "can_register": can_register(request, session),
            "form": RegistrationForm(),
            "half_days": range(1, session.half_days + 1),
            "seated_statuses": list(SEATED),
            "evaluations": session.evaluations.count(),
            "cancellable": cancellable,
        },
    )


@require_POST
def register_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    structure = require_register(request, session)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label} : {' '.join(errors)}" for name, errors in form.errors.items()
        )
        messages.error(request, f"Inscription refusée, rien n'a été enregistré. {problems}")
        return redirect(session.get_absolute_url())
    try:
        registration = services.register(session, structure, **form.cleaned_data)
    except services.TrainingRefused as refused:
        messages.error(request, str(refused))
        return redirect(session.get_absolute_url())
    if registration.status == Status.WAITING:
        messages.warning(
            request, f"La session est complète : {registration.name} est sur la liste d'attente."
        )
    else:
        messages.success(request, f"{registration.name} est inscrit·e.")
    return redirect(session.get_absolute_url())


@require_POST
def attendance_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    require_edit(request, session.action.structure)
    present: dict[int, list[int]] = {}
    try:
        for key in request.POST:
            if key.startswith("presence-"):
                present[int(key.removeprefix("presence-"))] = [int(v) for v in request.POST.getlist(key)]
        count = services.record_attendance(session, present)
    except ValueError:
        messages.error(request, "La feuille de présence est illisible : rien n'a été enregistré.")
    except services.TrainingRefused as refused:
        messages.error(request, f"{refused} Rien n'a été enregistré.")
    else:
        messages.success(request, f"Feuille de présence enregistrée ({count} demi-journées de présence).")
    return redirect(session.get_absolute_url())


@require_POST
def convene_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = session_of(request, code, pk)
    require_edit(request, session.action.structure)
    try:
        count = services.convene(session)
    except services.TrainingRefused as refused:
        messages.error(request, str(refused))
    else:
        sent = counted(count, "convocation envoyée", "convocations envoyées")
        messages.success(request, f"{sent} ; les inscriptions sont confirmées.")
    return redirect(session.get_absolute_url())


def certificate_view(request: HttpRequest, code: str, pk: int, registration: int) -> HttpResponse:
    """A person's attendance certificate: read by whoever reads the person's registration."""
    session = session_of(request, code, pk)
    person = get_object_or_404(
        Registration.objects.for_user(request.user).filter(session=session).select_related("structure"),
        pk=registration,
    )
    attended = person.attendances.count()
    if not attended:
        messages.error(request, f"Aucune présence enregistrée pour {person.name} : pas d'attestation.")
        return redirect(session.get_absolute_url())
    context = {
        "registration": person,
        "session": session,
        "action": session.action,
        "attended": attended,
        "days": format_number(attended / 2, 1),
        "generated_at": timezone.now(),
    }
    filename = f"attestation-{session.action.title[:40]}-{person.name}"
    return pdf_response("training/certificate_pdf.html", context, filename, request)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def evaluate_view(request: HttpRequest, key: str) -> HttpResponse:
    """The anonymous evaluation form of a session (no account; nothing about the person is kept)."""
    session = get_object_or_404(Session.objects.select_related("action__structure"), evaluation_key=key)
    form = EvaluationForm(request.POST or None)
    context = {"session": session, "action": session.action, "form": form, "problem": "", "done": False}
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate(session, **form.cleaned_data)
        except services.TrainingRefused as refused:
            context["problem"] = str(refused)
        else:
            context["done"] = True
    return render(request, "training/evaluate.html", context)


def _charts(figures: Review) -> list:
    themes = figures.theme_rows()
    charts = [
        bar_chart(
            "Participant·es par thème",
            [label for label, _ in themes],
            [row.participants for _, row in themes],
            label="Participant·es",
            corner="Thème",
        )
    ]
    if figures.by_ml:
        charts.append(
            bar_chart(
                "Part de l'effectif formé par Mission Locale",
                [row.name for row in figures.by_ml],
                [row.staff_share for row in figures.by_ml],
                label="Part de l'effectif formé",
                corner="Mission Locale",
                value_format=format_share,
                max_value=1,
            )
        )
    return charts


def review_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    year, year_problem = _year(request)
    figures = review(structure, year)
    return render(
        request,
        "training/review.html",
        {
            "structure": structure,
            "year": year,
            "year_problem": year_problem,
            "years": _years(),
            "figures": figures,
            "charts": _charts(figures) if figures.actions else [],
        },
    )


def review_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    year, _ = _year(request)
    figures = review(structure, year)
    context = {
        "structure": structure,
        "year": year,
        "figures": figures,
        "charts": _charts(figures) if figures.actions else [],
        "for_pdf": True,
    }
    return pdf_response(
        "training/review_pdf.html", context, f"bilan-formation-{structure.code}-{year}", request
    )


def review_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = plan_owner(request, code)
    year, _ = _year(request)
    figures = review(structure, year)
    rows: list[list] = [
        ["Ensemble", "Actions", figures.actions],
        ["Ensemble", "Sessions", figures.sessions],
        ["Ensemble", "Participant·es (personnes distinctes)", figures.participants],
        ["Ensemble", "Jours de formation (somme sur les sessions)", figures.training_days],
        ["Ensemble", "Jours de formation (somme sur les participant·es)", figures.participant_days],
        ["Ensemble", "Effectif déclaré", figures.headcount],
        ["Ensemble", "Part de l'effectif formé", figures.staff_share],
        ["Ensemble", "Part des Missions Locales touchées", figures.mls_reached_share],
        ["Ensemble", "Avis reçus", figures.evaluations],
        ["Ensemble", "Part des avis satisfaits (3 ou 4 sur 4)", figures.satisfied_share],
        ["Ensemble", "Part des avis jugeant la formation utile (3 ou 4 sur 4)", figures.useful_share],
    ]
    for label, row in figures.theme_rows():
        rows += [
            [f"Thème : {label}", "Actions", row.actions],
            [f"Thème : {label}", "Sessions", row.sessions],
            [f"Thème : {label}", "Participant·es", row.participants],
            [f"Thème : {label}", "Jours de formation (sessions)", row.training_days],
        ]
    for label, count in figures.family_rows():
        rows.append(["Effectif par famille d'emplois (déclaré)", label, count])
    for row in figures.by_ml:
        rows += [
            [f"Mission Locale : {row.name}", "Participant·es", row.participants],
            [f"Mission Locale : {row.name}", "Jours de formation (participant·es)", row.participant_days],
            [f"Mission Locale : {row.name}", "Effectif déclaré", row.headcount],
        ]
    return xlsx_response(
        f"bilan-formation-{structure.code}-{year}",
        "Bilan",
        ["Périmètre", "Indicateur", "Valeur"],
        rows,
        widths=[40, 50, 14],
    )


def headcounts_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = readable_structure(request, code)
    editing = can_declare_headcount(request, structure)
    form = HeadcountForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_headcount(request, structure)
        if form.is_valid():
            families = {name: form.cleaned_data.get(name) for name in JOB_FAMILIES}
            services.set_headcount(structure, form.cleaned_data["year"], form.cleaned_data["total"], families)
            messages.success(request, f"Effectif {form.cleaned_data['year']} enregistré.")
            return redirect("training:headcounts", code=code)
    headcounts = Headcount.objects.filter(structure=structure).order_by("-year")
    return render(
        request,
        "training/headcounts.html",
        {
            "structure": structure,
            "form": form,
            "headcounts": headcounts,
            "can_edit": editing,
            "family_labels": [Headcount._meta.get_field(name).verbose_name for name in JOB_FAMILIES],
        },
    )
