"""The public answering pages: no account, no JavaScript needed, nothing kept about the person.

A page per collection link (a structure, or one of its sites) and per invitation. Abuse is contained
without tracking anyone: a hidden honeypot field, a per-address rate limit counted in the cache
(a hash of the address, for an hour), the campaign's dates enforced on every request.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mlplatform.accounts.throttle import client_ip
from mlplatform.network.models import Site, Structure

from . import answering
from .enums import Channel
from .form import form_sections
from .models import Campaign, CollectionLink, Invitation


def _message(
    request: HttpRequest, title: str, text: str, status: int, campaign: Campaign | None
) -> HttpResponse:
    context = {"title": title, "text": text, "campaign": campaign}
    return render(request, "surveys/public_message.html", context, status=status)


def _closed(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if campaign.status() == "scheduled":
        text = f"Ce questionnaire ouvrira le {campaign.opens_on:%d/%m/%Y}. Revenez à partir de cette date."
    else:
        text = (
            f"Ce questionnaire est clos depuis le {campaign.closes_on:%d/%m/%Y} : il n'accepte plus de "
            "réponses, et rien n'a été enregistré. Merci de votre intérêt."
        )
    return _message(request, "Ce questionnaire n'est pas ouvert", text, 410, campaign)


def _used(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    text = (
        "Ce lien d'invitation a déjà servi (chaque invitation ne sert qu'une fois) ou n'est plus valable "
        "(un rappel vous a peut-être envoyé un nouveau lien). Rien n'a été enregistré."
    )
    return _message(request, "Invitation déjà utilisée", text, 410, campaign)


def collect(
    request: HttpRequest,
    campaign: Campaign,
    structure: Structure,
    site: Site | None,
    *,
    channel: str,
    invitation_token: str | None = None,
    template: str = "surveys/answer.html",
    extra: dict | None = None,
) -> HttpResponse:
    """Show the questionnaire, or read and store it (shared by the public pages and paper entry)."""
    if not campaign.is_open():
        return _closed(request, campaign)
    questionnaire = campaign.questionnaire
    context = {"campaign": campaign, "structure": structure, "site": site, **(extra or {})}
    if request.method != "POST":
        return render(
            request, template, {**context, "sections": form_sections(questionnaire), "problems": {}}
        )
    if channel != Channel.PAPER:
        if request.POST.get(answering.HONEYPOT):
            return render(request, "surveys/thanks.html", context)  # a robot: thanked, nothing stored
        if answering.rate_limited(client_ip(request)):
            text = "Trop de questionnaires ont été envoyés depuis cette connexion. Réessayez dans une heure."
            return _message(request, "Trop d'envois", text, 429, campaign)
    cleaned = answering.clean(questionnaire, request.POST)
    if cleaned.problems:
        sections = form_sections(questionnaire, request.POST, cleaned.problems)
        return render(
            request, template, {**context, "sections": sections, "problems": cleaned.problems}, status=400
        )
    try:
        answering.submit(
            campaign,
            structure,
            cleaned.answers,
            channel=channel,
            site=site,
            invitation_token=invitation_token,
        )
    except answering.CampaignClosed:
        return _closed(request, campaign)
    except answering.InvitationUsed:
        return _used(request, campaign)
    return render(
        request,
        template if channel == Channel.PAPER else "surveys/thanks.html",
        {
            **context,
            "sections": form_sections(questionnaire),
            "problems": {},
            "saved": True,
        },
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer_view(request: HttpRequest, token: str) -> HttpResponse:
    link = (
        CollectionLink.objects.select_related("campaign__questionnaire", "structure", "site")
        .filter(token=token)
        .first()
    )
    if link is None:
        raise Http404("Lien de questionnaire inconnu.")
    channel = Channel.ONLINE
    return collect(request, link.campaign, link.structure, link.site, channel=channel)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("campaign__questionnaire", "structure")
        .filter(token_hash=answering.token_hash(token))
        .first()
    )
    if invitation is None or invitation.used:
        return _used(request, invitation.campaign if invitation else None)
    return collect(
        request,
        invitation.campaign,
        invitation.structure,
        None,
        channel=Channel.INVITATION,
        invitation_token=token,
    )
