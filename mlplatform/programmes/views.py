"""Pages of the programmes. Read: the national programme for everyone in the network, a PRAE for its
region (the ARML, its MLs) and the UNML; write: the UNML on the PNAE, an ARML on its PRAE, and the ARML
référentes of a national action on its follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.evidence.checks import upload_rules
from mlplatform.evidence.views import attachment_header
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from . import queries, services, sheets
from .deliverables import EvidenceRefused, add_deliverable
from .enums import ProgrammeKind
from .exports import XLSX_HEADER, XLSX_WIDTHS, xlsx_rows
from .forms import (
    ActionReviewForm,
    BudgetForm,
    DeclineForm,
    DeliverableForm,
    FollowUpForm,
    IndicatorForm,
    IndicatorValueForm,
    MilestoneForm,
    MilestoneStatusForm,
    PraeForm,
    ProgrammeReviewForm,
    ReferentsForm,
    RegionalActionForm,
    SheetForm,
    SnapshotForm,
)
from .models import Action, Programme, Review, Snapshot
from .reviews import programme_review, save_action_review, save_programme_review, take_snapshot

STALE_MESSAGE = (
    "Quelqu'un a modifié le suivi de cette action pendant que vous le modifiiez : rien n'a été "
    "enregistré. Vos saisies sont conservées ci-dessous ; vérifiez la version enregistrée puis "
    "enregistrez à nouveau."
)


def _programme(request: HttpRequest, code: str) -> Programme:
    return get_object_or_404(Programme.objects.for_user(request.user).select_related("owner"), code=code)


def _action(request: HttpRequest, code: str, number: int) -> tuple[Programme, Action]:
    programme = _programme(request, code)
    version = queries.version_of(programme, request.GET.get("annee"))
    action = get_object_or_404(queries.sheet_actions(version), number=number)
    return programme, action


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(
        Programme.objects.for_user(request.user).select_related("owner").order_by("kind", "code")
    )
    membership = request.membership
    can_create = (
        membership is not None
        and membership.role in services.ARML_ROLES
        and not any(p.owner_id == membership.structure_id for p in programmes)
    )
    return render(request, "programmes/list.html", {"programmes": programmes, "can_create": can_create})


def create_prae(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if membership is None or membership.role not in services.ARML_ROLES:
        raise PermissionDenied("Seule une ARML crée son programme régional.")
    if Programme.objects.filter(owner_id=membership.structure_id, kind=ProgrammeKind.REGIONAL).exists():
        messages.info(request, "Votre ARML a déjà son programme régional.")
        return redirect("programmes:list")
    national = services.national_programme()
    initial = {"start_year": national.start_year, "end_year": national.end_year} if national else {}
    initial["year"] = timezone.localdate().year
    form = PraeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_prae(membership.structure, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(None if name == "__all__" else name, problems)
        else:
            messages.success(request, "Programme régional créé : déclinez les actions nationales.")
            return redirect("programmes:add_action", code=programme.code)
    return render(request, "programmes/create.html", {"form": form})


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code)
    version = queries.version_of(programme, request.GET.get("annee"))
    context = queries.overview(version) | {
        "programme": programme,
        "version": version,
        "versions": list(programme.versions.order_by("year")),
        "years": queries.years(programme),
        "can_edit": services.can_edit_programme(request.user, programme),
        "is_national_admin": request.membership is not None
        and request.membership.role == Role.NATIONAL_ADMIN,
    }
    return render(request, "programmes/overview.html", context)


def _sheet_context(request: HttpRequest, programme: Programme, action: Action) -> dict:
    return {
        "programme": programme,
        "version": action.programme_version,
        "action": action,
        "indicator_rows": queries.indicator_table(action, programme),
        "milestones": list(action.milestones.all()),
        "today": timezone.localdate(),
        "years": queries.years(programme),
    }


def action_sheet(request: HttpRequest, code: str, number: int) -> HttpResponse:
    programme, action = _action(request, code, number)
    context = _sheet_context(request, programme, action) | {
        "journal": queries.journal(action),
        "declinations": queries.declinations(action) if programme.is_national else [],
        "can_follow_up": services.can_follow_up(request.user, action),
        "can_edit_sheet": sheets.can_edit_sheet(request.user, action),
    }
    return render(request, "programmes/action.html", context)


FOLLOW_UP_FORMS = {
    "suivi": FollowUpForm,
    "indicateur": IndicatorForm,
    "valeur": IndicatorValueForm,
    "jalon": MilestoneForm,
    "etat_jalon": MilestoneStatusForm,
    "budget": BudgetForm,
    "bilan": ActionReviewForm,
    "livrable": DeliverableForm,
    "referentes": ReferentsForm,
}


def _follow_up_forms(action: Action, posted: str | None = None, data=None, files=None) -> dict:
    indicators = list(action.indicators.all())
    milestones = list(action.milestones.all())
    extra = {
        "valeur": {"indicators": indicators},
        "etat_jalon": {"milestones": milestones},
        "livrable": {"rules": upload_rules(), "files": files if posted == "livrable" else None},
    }
    initial = {
        "suivi": {"version": action.version, "status": action.status, "progress": action.progress},
        "valeur": {"version": action.version, "year": timezone.localdate().year},
        "budget": {"version": action.version, "year": timezone.localdate().year},
        "bilan": {"version": action.version, "year": timezone.localdate().year - 1},
        "referentes": {"version": action.version, "armls": list(action.referent_structures.all())},
    }
    forms = {}
    for name, form_class in FOLLOW_UP_FORMS.items():
        bound = data if name == posted else None
        forms[name] = form_class(
            bound,
            prefix=name,
            initial=initial.get(name, {"version": action.version}),
            **extra.get(name, {}),
        )
    return forms


def follow_up(request: HttpRequest, code: str, number: int) -> HttpResponse:
    programme, action = _action(request, code, number)
    if not services.can_follow_up(request.user, action):
        raise PermissionDenied("Vous ne pouvez pas mettre à jour le suivi de cette action.")
    posted = request.POST.get("formulaire") if request.method == "POST" else None
    if posted is not None and posted not in FOLLOW_UP_FORMS:
        posted = None
    can_set_referents = programme.is_national and services.can_edit_programme(
        request.user, action.programme_version.programme
    )
    if posted == "referentes" and not can_set_referents:
        raise PermissionDenied("Seule l'UNML désigne les ARML référentes d'une action nationale.")
    forms = _follow_up_forms(action, posted, request.POST if posted else None, request.FILES)
    stale = False
    if posted:
        form = forms[posted]
        if form.is_valid():
            try:
                _apply(posted, form.cleaned_data, action, request.user)
            except services.StaleEdit:
                stale = True
                form.add_error(None, STALE_MESSAGE)
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            except EvidenceRefused as refused:
                form.add_error("file", refused.messages)
            else:
                messages.success(request, "Suivi enregistré.")
                return redirect(action.get_absolute_url() + _year_query(request))
    context = _sheet_context(request, programme, action) | {
        "forms": forms,
        "stale": stale,
        "posted": posted,
        "can_set_referents": can_set_referents,
    }
    return render(request, "programmes/follow_up.html", context, status=409 if stale else 200)


def _year_query(request: HttpRequest) -> str:
    year = request.GET.get("annee", "")
    return f"?annee={year}" if year.isdigit() else ""


def _apply(name: str, data: dict, action: Action, user) -> None:
    expected = data["version"]
    if name == "suivi":
        services.save_follow_up(
            action,
            user=user,
            expected_version=expected,
            status=data["status"],
            progress=data["progress"],
            comment=data["comment"],
        )
    elif name == "indicateur":
        services.add_indicator(
            action,
            user=user,
            expected_version=expected,
            label=data["label"],
            unit=data["unit"],
            observatory_code=data["observatory_code"],
        )
    elif name == "valeur":
        indicator = action.indicators.get(pk=data["indicator"])
        services.set_indicator_value(
            indicator,
            user=user,
            expected_version=expected,
            year=data["year"],
            target=data["target"],
            actual=data["actual"],
        )
    elif name == "jalon":
        services.add_milestone(
            action, user=user, expected_version=expected, title=data["title"], due_on=data["due_on"]
        )
    elif name == "etat_jalon":
        milestone = action.milestones.get(pk=data["milestone"])
        services.set_milestone_status(milestone, user=user, expected_version=expected, status=data["status"])
    elif name == "referentes":
        services.set_referent_armls(action, user=user, expected_version=expected, armls=list(data["armls"]))
    elif name == "livrable":
        add_deliverable(action, data["file"], user=user, expected_version=expected, title=data["title"])
    elif name == "budget":
        services.save_budget_line(
            action,
            user=user,
            expected_version=expected,
            year=data["year"],
            funder=data["funder"],
            planned=data["planned"],
            spent=data["spent"],
            fte=data["fte"],
        )
    else:
        texts = {key: data[key] for key in ("results", "highlights", "animation_figures", "outlook")}
        save_action_review(action, user=user, expected_version=expected, year=data["year"], **texts)


SHEET_STALE_MESSAGE = (
    "Quelqu'un a modifié cette fiche action pendant que vous la modifiiez : rien n'a été enregistré. "
    "Vos saisies sont conservées ci-dessous ; comparez-les avec la version enregistrée, puis "
    "enregistrez à nouveau pour les appliquer."
)


def _sheet_initial(action: Action, years: list[int]) -> dict:
    values = sheets.sheet_values(action)
    initial = {
        "version": action.version,
        "title": action.title,
        **{key: sheets.as_text(values[key]) for key in sheets.LIST_FIELDS},
        "description": sheets.as_text([item["text"] for item in values["description"]]),
        "capitalisation": {True: "oui", False: "non"}.get(action.capitalisation, ""),
        "essaimage": {True: "oui", False: "non"}.get(action.essaimage, ""),
        "territorial_dimension": values["territorial_dimension"],
    }
    for year in years:
        initial[f"calendar_{year}"] = sheets.as_text(values["calendar"].get(str(year), []))
    return initial


def edit_action(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The ARML edits the fields of a sheet of its PRAE (version-checked, logged)."""
    programme, action = _action(request, code, number)
    if not sheets.can_edit_sheet(request.user, action):
        raise PermissionDenied("Seule l'ARML porteuse modifie les fiches de son programme régional.")
    years = queries.years(programme)
    form = SheetForm(request.POST or None, years=years, initial=_sheet_initial(action, years))
    conflict, conflict_rows = None, []
    if request.method == "POST" and form.is_valid():
        values = sheets.values_from_form(form.cleaned_data, action, years)
        try:
            changed = sheets.save_sheet(
                action, user=request.user, expected_version=form.cleaned_data["version"], values=values
            )
        except services.StaleEdit:
            conflict = Action.objects.get(pk=action.pk)
            conflict_rows = sheets.conflict_rows(values, conflict)
            form.add_error(None, SHEET_STALE_MESSAGE)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(
                request, "Fiche enregistrée." if changed else "Aucune modification à enregistrer."
            )
            return redirect(action.get_absolute_url() + _year_query(request))
    context = {
        "programme": programme,
        "version": action.programme_version,
        "action": action,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows,
    }
    return render(request, "programmes/edit_action.html", context, status=409 if conflict else 200)


def add_action(request: HttpRequest, code: str) -> HttpResponse:
    """A PRAE's new action: the declination of a national action, or an action of its own."""
    programme = _programme(request, code)
    if programme.is_national or not services.can_edit_programme(request.user, programme):
        raise PermissionDenied("Seule l'ARML porteuse ajoute des actions à son programme régional.")
    version = queries.version_of(programme, None)
    national = services.national_programme()
    national_version = services.current_version(national) if national else None
    declined = set(version.actions.filter(declines__isnull=False).values_list("declines__number", flat=True))
    available = [
        a
        for a in (national_version.actions.order_by("number") if national_version else [])
        if a.number not in declined
    ]
    posted = request.POST.get("formulaire") if request.method == "POST" else None
    decline_form = DeclineForm(
        request.POST if posted == "decliner" else None, actions=available, prefix="decliner"
    )
    own_form = RegionalActionForm(request.POST if posted == "propre" else None, prefix="propre")
    form = {"decliner": decline_form, "propre": own_form}.get(posted or "")
    if form is not None and form.is_valid():
        try:
            if posted == "decliner":
                national_action = national_version.actions.get(number=form.cleaned_data["national_action"])
                action = services.decline_action(
                    version, national_action, user=request.user, adaptation=form.cleaned_data["adaptation"]
                )
            else:
                action = services.add_regional_action(version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, f"Action n° {action.number} ajoutée au programme régional.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "programmes/add_action.html",
        {"programme": programme, "version": version, "decline_form": decline_form, "own_form": own_form},
    )


def declination_matrix(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code)
    if not programme.is_national:
        raise PermissionDenied("La matrice des déclinaisons porte sur le programme national.")
    if request.membership is None or request.membership.role != Role.NATIONAL_ADMIN:
        raise PermissionDenied("La matrice des déclinaisons est réservée à l'UNML.")
    version = queries.version_of(programme, request.GET.get("annee"))
    context = queries.matrix(programme, version) | {"programme": programme, "version": version}
    return render(request, "programmes/matrix.html", context)


def _print_context(request: HttpRequest, programme: Programme, number: int | None) -> dict:
    version = queries.version_of(programme, request.GET.get("annee"))
    actions = queries.sheet_actions(version)
    if number is not None:
        actions = actions.filter(number=number)
    actions = list(actions)
    if number is not None and not actions:
        raise Http404("Fiche action introuvable.")
    indicators = {a.pk: queries.indicator_table(a, programme) for a in actions}
    return {
        "programme": programme,
        "version": version,
        "sheets": [{"action": a, "indicator_rows": indicators[a.pk]} for a in actions],
        "single": number is not None,
        "years": queries.years(programme),
        "generated_at": timezone.now(),
    }


def print_view(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    programme = _programme(request, code)
    return render(request, "programmes/print.html", _print_context(request, programme, number))


def pdf_view(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    programme = _programme(request, code)
    context = _print_context(request, programme, number) | {"for_pdf": True}
    name = f"{programme.code}-{context['version'].year}" + (f"-action-{number}" if number else "")
    return pdf_response("programmes/print.html", context, name, request)


def xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code)
    version = queries.version_of(programme, request.GET.get("annee"))
    actions = list(queries.sheet_actions(version))
    rows = xlsx_rows(programme, actions)
    return xlsx_response(
        f"{programme.code}-{version.year}-actions", "Actions", XLSX_HEADER, rows, XLSX_WIDTHS
    )


def review_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The bilan of a programme for a year; its editors write the programme's own review."""
    programme = _programme(request, code)
    if not programme.start_year - 1 <= year <= programme.end_year + 1:
        raise Http404("Année hors de la période du programme.")
    version = queries.version_for_year(programme, year, request.GET.get("annee"))
    can_edit = services.can_edit_programme(request.user, programme)
    own = Review.objects.filter(programme=programme, action__isnull=True, year=year).first()
    initial = {"review_version": own.version if own else 0}
    if own:
        initial |= {
            key: getattr(own, key) for key in ("results", "highlights", "animation_figures", "outlook")
        }
    form = ProgrammeReviewForm(request.POST or None, initial=initial) if can_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les responsables du programme rédigent son bilan.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_programme_review(
                    programme,
                    year=year,
                    expected_version=data["review_version"],
                    user=request.user,
                    **{k: data[k] for k in ("results", "highlights", "animation_figures", "outlook")},
                )
            except services.StaleEdit:
                form.add_error(None, STALE_MESSAGE.replace("le suivi de cette action", "ce bilan"))
                status = 409
            else:
                messages.success(request, f"Bilan {year} enregistré.")
                return redirect(request.path + _year_query(request))
    context = programme_review(version, year) | {
        "programme": programme,
        "version": version,
        "form": form,
        "years": queries.years(programme),
    }
    return render(request, "programmes/review.html", context, status=status)


def snapshots_view(request: HttpRequest, code: str) -> HttpResponse:
    """The review snapshots of a programme; its editors take a new one (state of every action now)."""
    programme = _programme(request, code)
    version = queries.version_of(programme, request.GET.get("annee"))
    can_edit = services.can_edit_programme(request.user, programme)
    form = SnapshotForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les responsables du programme font un état des lieux.")
        if form.is_valid():
            snapshot = take_snapshot(version, user=request.user, label=form.cleaned_data["label"])
            messages.success(request, "État des lieux enregistré.")
            return redirect("programmes:snapshot", code=programme.code, pk=snapshot.pk)
    snapshots = list(version.snapshots.select_related("taken_by"))
    return render(
        request,
        "programmes/snapshots.html",
        {"programme": programme, "version": version, "snapshots": snapshots, "form": form},
    )


def snapshot_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code)
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("programme_version", "taken_by"),
        programme_version__programme=programme,
        pk=pk,
    )
    return render(request, "programmes/snapshot.html", {"programme": programme, "snapshot": snapshot})


def deliverable_view(request: HttpRequest, code: str, number: int, pk: int) -> HttpResponse:
    """Stream a deliverable of an action, only to the people who read the programme."""
    _programme_obj, action = _action(request, code, number)
    deliverable = get_object_or_404(action.deliverables.all(), pk=pk)
    try:
        handle = deliverable.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Le fichier est introuvable.") from None
    response = FileResponse(handle, content_type=deliverable.content_type)
    response["Content-Length"] = str(deliverable.size)
    response["Content-Disposition"] = attachment_header(deliverable.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
