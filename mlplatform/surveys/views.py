"""Pages of the signed-in people: campaigns, a structure's results, posters, evidence, invitations,
paper entry. Every structure is reached through the perimeter (404 outside it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Site, Structure
from mlplatform.network.perimeter import Level, perimeter_for
from mlplatform.reports.csvfile import csv_response
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from . import campaigns as campaign_services
from . import editor, exports, loader, opendata, pages
from . import evidence as survey_evidence
from .enums import Channel
from .forms import CampaignForm, QuestionnaireForm
from .models import Campaign, CollectionLink
from .public import collect
from .results import campaign_structures

OPENER_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ARML_REFERENT})
OPENER_REFUSED = "Seules l'administration nationale et les référent·es des ARML ouvrent des enquêtes."
CONTRIBUTOR_REFUSED = (
    "Seules les personnes de la structure peuvent faire cette démarche ; vous pouvez consulter ses résultats."
)


def _campaign(request: HttpRequest, code: str) -> Campaign:
    queryset = Campaign.objects.visible_to(perimeter_for(request.user)).select_related(
        "questionnaire", "owner", "previous"
    )
    return get_object_or_404(queryset, code=code)


def _structure(request: HttpRequest, campaign: Campaign, code: str) -> Structure:
    structure = get_object_or_404(
        Structure.objects.for_user(request.user).select_related("parent"), code=code
    )
    if not campaign.links.filter(structure=structure).exists():
        raise Http404("Cette structure ne participe pas à la campagne.")
    return structure


def _require_contributor(request: HttpRequest, structure: Structure) -> None:
    membership = getattr(request, "membership", None)
    if membership is None or not membership.contributes_to(structure):
        raise PermissionDenied(CONTRIBUTOR_REFUSED)


@require_GET
def campaigns_view(request: HttpRequest) -> HttpResponse:
    perimeter = perimeter_for(request.user)
    if not perimeter.is_structural:
        raise PermissionDenied("Les baromètres de satisfaction concernent les structures du réseau.")
    campaigns = list(Campaign.objects.visible_to(perimeter).select_related("questionnaire", "owner"))
    membership = getattr(request, "membership", None)
    can_open = membership is not None and membership.role in OPENER_ROLES
    context = {"campaigns": campaigns, "can_open": can_open}
    return render(request, "surveys/campaigns.html", context)


@require_GET
def campaign_view(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    context = pages.campaign_context(campaign, perimeter_for(request.user))
    return render(request, "surveys/campaign.html", {"campaign": campaign, **context})


NATIONAL_EXPORT_REFUSED = "L'export national des résultats est réservé à l'administration nationale."
REGIONAL_EXPORT_REFUSED = (
    "Les exports régionaux des résultats sont pour l'administration nationale et les ARML."
)


def _sheet_response(sheet: exports.Sheet) -> HttpResponse:
    return xlsx_response(sheet.filename, sheet.title, sheet.header, sheet.rows, sheet.widths)


@require_GET
def national_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    if perimeter_for(request.user).level != Level.NATIONAL:
        raise PermissionDenied(NATIONAL_EXPORT_REFUSED)
    return _sheet_response(exports.national_sheet(_campaign(request, code)))


@require_GET
def regional_xlsx_view(request: HttpRequest, code: str, region: str) -> HttpResponse:
    if perimeter_for(request.user).level not in (Level.NATIONAL, Level.REGIONAL):
        raise PermissionDenied(REGIONAL_EXPORT_REFUSED)
    campaign = _campaign(request, code)
    arml = get_object_or_404(Structure.objects.for_user(request.user), code=region, type=StructureType.ARML)
    return _sheet_response(exports.regional_sheet(campaign, arml))


@require_GET
def results_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    context = pages.structure_context(campaign, target, request.user, getattr(request, "membership", None))
    return render(request, "surveys/results.html", {"campaign": campaign, "structure": target, **context})


@require_GET
def results_pdf_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    context = pages.structure_context(campaign, target, request.user, getattr(request, "membership", None))
    context = {"campaign": campaign, "structure": target, "for_pdf": True, **context}
    return pdf_response(
        "surveys/results_pdf.html", context, f"resultats-{campaign.code}-{target.code}", request
    )


@require_GET
def results_xlsx_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    header, rows = pages.xlsx_rows(campaign, target)
    return xlsx_response(
        f"resultats-{campaign.code}-{target.code}", "Résultats", header, rows, (14, 60, 40, 12, 12)
    )


@require_GET
def poster_view(request: HttpRequest, code: str, structure: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    link = get_object_or_404(
        CollectionLink.objects.select_related("site"), campaign=campaign, structure=target, pk=pk
    )
    url = campaign_services.public_url(link)
    context = {"campaign": campaign, "structure": target, "link": link, "url": url, "qr": pages.qr_svg(url)}
    name = f"affiche-{campaign.code}-{target.code}" + (f"-{link.site.name}" if link.site else "")
    return pdf_response("surveys/poster_pdf.html", context, name, request)


@require_POST
def attach_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    _require_contributor(request, target)
    level, text = survey_evidence.attach_results(request, campaign, target)
    getattr(messages, level)(request, text)
    return redirect("surveys:results", code=campaign.code, structure=target.code)


@require_http_methods(["GET", "POST"])
def paper_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    _require_contributor(request, target)
    sites = list(Site.objects.filter(structure=target).order_by("name"))
    site = None
    chosen = request.POST.get("lieu", "") if request.method == "POST" else ""
    if chosen:
        site = next((s for s in sites if str(s.pk) == chosen), None)
        if site is None:
            messages.error(request, "Lieu d'accueil inconnu : rien n'a été enregistré.")
            return redirect("surveys:paper", code=campaign.code, structure=target.code)
    if not campaign.is_open():
        context = {"campaign": campaign, "structure": target, "sites": sites, "refused": True}
        return render(request, "surveys/paper.html", context)
    return collect(
        request,
        campaign,
        target,
        site,
        channel=Channel.PAPER,
        template="surveys/paper.html",
        extra={"sites": sites, "refused": False},
    )


@require_http_methods(["GET", "POST"])
def invitations_view(request: HttpRequest, code: str, structure: str) -> HttpResponse:
    campaign = _campaign(request, code)
    target = _structure(request, campaign, structure)
    _require_contributor(request, target)
    invitable = campaign.audience in campaign_services.INVITED_AUDIENCES
    if request.method == "POST" and invitable:
        text = request.POST.get("adresses", "")
        upload = request.FILES.get("fichier")
        if upload is not None:
            try:
                text += "\n" + upload.read(1_000_000).decode("utf-8")
            except UnicodeDecodeError:
                messages.error(
                    request,
                    "Le fichier doit être un texte en UTF-8 (une adresse par ligne). Rien n'a été envoyé.",
                )
                return redirect("surveys:invitations", code=campaign.code, structure=target.code)
        try:
            report = campaign_services.send_invitations(
                campaign, target, text, remind=request.POST.get("relance") == "1"
            )
        except campaign_services.CampaignRefused as refusal:
            return render(
                request,
                "surveys/invitations.html",
                {
                    "campaign": campaign,
                    "structure": target,
                    "invitable": invitable,
                    "problems": refusal.problems,
                    "counts": pages.invitation_counts(campaign, target),
                },
                status=400,
            )
        messages.success(request, pages.send_message(report))
        return redirect("surveys:invitations", code=campaign.code, structure=target.code)
    context = {
        "campaign": campaign,
        "structure": target,
        "invitable": invitable,
        "problems": [],
        "counts": pages.invitation_counts(campaign, target),
    }
    return render(request, "surveys/invitations.html", context)


def _opener(request: HttpRequest) -> Structure:
    """The structure opening campaigns or writing questionnaires: the UNML or an ARML (its referent)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in OPENER_ROLES:
        raise PermissionDenied(
            "Seules l'administration nationale et les référent·es des ARML ouvrent des enquêtes."
        )
    return membership.structure


@require_http_methods(["GET", "POST"])
def new_campaign_view(request: HttpRequest) -> HttpResponse:
    owner = _opener(request)
    form = CampaignForm(request.POST or None, owner=owner)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_services.open_campaign(
                code=data["code"],
                title=data["title"],
                questionnaire=data["questionnaire"],
                owner=owner,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                previous=data["previous"],
            )
        except campaign_services.CampaignRefused as refusal:
            problems = refusal.problems
        else:
            messages.success(request, f"Campagne ouverte : {campaign.links.count()} liens de collecte créés.")
            return redirect("surveys:campaign", code=campaign.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "surveys/new_campaign.html",
        {"form": form, "problems": problems, "owner": owner},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def new_questionnaire_view(request: HttpRequest) -> HttpResponse:
    owner = _opener(request)
    form = QuestionnaireForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            result = loader.load_text(text, owner=owner, source="questionnaire")
        except loader.QuestionnaireRefused as refusal:
            problems = refusal.problems
        else:
            version = result.version
            messages.success(
                request, f"Questionnaire « {version.title} » (version {version.version}) chargé."
            )
            return redirect("surveys:new_campaign")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "problems": problems, "owner": owner, "bases": editor.editable_bases(owner)}
    return render(request, "surveys/new_questionnaire.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit_questionnaire_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of a questionnaire written in a form (the base version is never changed)."""
    owner = _opener(request)
    base = get_object_or_404(editor.editable_versions(owner), pk=pk)
    national_admin = request.membership.is_national_admin
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "lignes":
        draft = editor.padded(editor.draft_from_post(request.POST))  # more blank rows, nothing loaded
    elif request.method == "POST":
        draft = editor.draft_from_post(request.POST)
        # The national admin writes a new version of a national questionnaire as its file would.
        author = None if base.owner_id is None and national_admin else owner
        try:
            result = editor.save(draft, author)
        except loader.QuestionnaireRefused as refusal:
            problems = refusal.problems
            draft = editor.padded(draft)
        else:
            version = result.version
            if result.created:
                messages.success(
                    request, f"Nouvelle version chargée : « {version.title} » (version {version.version})."
                )
            else:
                messages.info(
                    request, f"La version {version.version} existe déjà à l'identique : rien n'a changé."
                )
            return redirect("surveys:new_campaign")
    else:
        draft = editor.draft_of(base)
    context = {
        "base": base,
        "draft": draft,
        "problems": problems,
        "type_choices": editor.TYPE_CHOICES,
        "audience_choices": editor.AUDIENCE_CHOICES,
        "can_mark_default": national_admin,
    }
    return render(request, "surveys/edit_questionnaire.html", context, status=400 if problems else 200)


@require_GET
def opendata_view(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    if campaign.status() != "closed":
        raise Http404("Les données ouvertes d'une campagne sont publiées à sa clôture.")
    data = pages.campaign_counts(campaign)
    text = opendata.opendata_csv(campaign, data, campaign_structures(campaign))
    return csv_response(f"donnees-ouvertes-{campaign.code}", text)
