"""Reading a submitted questionnaire and storing it, all or nothing.

``clean(questionnaire, data)`` checks every answer against the questionnaire (forged option values,
missing required answers, over-long texts, numbers out of range) and lists every problem in French;
``submit`` stores a clean submission as one anonymous ``Response`` and its ``Answer`` rows in one
transaction, using up the invitation first when there is one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from mlplatform.network.models import Site, Structure

from .enums import LONG_TEXT_MAX, SHORT_TEXT_MAX, QuestionType
from .figures import forget_figures
from .loader import options_of
from .models import Answer, Campaign, Invitation, QuestionnaireVersion, Response

HONEYPOT = "site_web"  # a field people never see (hidden); robots fill it in
RATE_LIMIT = 30  # submissions per address and per hour
RATE_WINDOW_SECONDS = 3600


class CampaignClosed(Exception):
    """The campaign is not collecting answers (not open yet, or closed)."""


class InvitationUsed(Exception):
    """The invitation was already used (or never existed)."""


@dataclass
class Cleaned:
    answers: dict[str, list[str] | str | float] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def token_hash(token: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:survey-invitation:{token}".encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(18)


def is_shown(question: dict, answers: dict) -> bool:
    """A question with a condition is asked only when the earlier answer is one of the given values."""
    condition = question.get("show_if")
    if not condition:
        return True
    given = answers.get(condition["question"])
    given = given if isinstance(given, list) else [given] if given is not None else []
    return any(str(value) in condition["equals"] for value in given)


def clean(questionnaire: QuestionnaireVersion, data) -> Cleaned:
    """Every answer of the questionnaire read from ``data`` (the POST), with one problem per question."""
    result = Cleaned()
    for question in questionnaire.questions():
        code, kind = question["code"], question["type"]
        if kind == QuestionType.MULTIPLE:
            raw: list[str] | str = [value for value in data.getlist(code) if value != ""]
        else:
            raw = (data.get(code) or "").strip()
        if not is_shown(question, result.answers):
            continue  # answers to a question not asked (its condition is not met) are dropped
        if not raw:
            if question.get("required"):
                result.problems[code] = "Cette question est obligatoire."
            continue
        allowed = {value for value, _ in options_of(question)}
        if kind == QuestionType.MULTIPLE:
            if len(set(raw)) != len(raw) or not set(raw) <= allowed:
                result.problems[code] = "Réponse invalide : choisissez parmi les options proposées."
                continue
            result.answers[code] = list(raw)
        elif kind in (QuestionType.SINGLE, QuestionType.SCALE, QuestionType.NPS):
            if raw not in allowed:
                result.problems[code] = "Réponse invalide : choisissez parmi les options proposées."
                continue
            result.answers[code] = raw
        elif kind == QuestionType.NUMBER:
            try:
                number = float(raw.replace(",", ".").replace("\u202f", "").replace(" ", ""))
            except ValueError:
                result.problems[code] = "Indiquez un nombre, en chiffres."
                continue
            low, high = question.get("min"), question.get("max")
            if number != number or (low is not None and number < low) or (high is not None and number > high):
                result.problems[code] = f"Indiquez un nombre entre {low} et {high}."
                continue
            result.answers[code] = number
        else:
            limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
            if len(raw) > limit:
                result.problems[code] = (
                    f"Votre texte est trop long : {limit} caractères au plus ({len(raw)} saisis)."
                )
                continue
            result.answers[code] = raw
    return result


def rate_limited(address: str | None) -> bool:
    """Counts the submissions of an address in the cache (a hash of it, for an hour, nothing else)."""
    if not address:
        return False
    key = "surveys:rate:" + hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT


def submit(
    campaign: Campaign,
    structure: Structure,
    answers: dict,
    *,
    channel: str,
    site: Site | None = None,
    invitation_token: str | None = None,
) -> None:
    """Store one anonymous response. Raises ``CampaignClosed`` or ``InvitationUsed``: nothing stored.

    Every channel, paper entry included, only while the campaign is open: a closed campaign's
    results never change."""
    if not campaign.is_open():
        raise CampaignClosed
    store(campaign, structure, answers, channel=channel, site=site, invitation_token=invitation_token)


def store(
    campaign: Campaign,
    structure: Structure,
    answers: dict,
    *,
    channel: str,
    site: Site | None = None,
    invitation_token: str | None = None,
) -> None:
    """The writing part of ``submit``, without the dates (the demo and the tests fill past campaigns)."""
    with transaction.atomic():
        if invitation_token is not None:
            used = Invitation.objects.filter(
                campaign=campaign, structure=structure, token_hash=token_hash(invitation_token), used=False
            ).update(used=True)
            if not used:
                raise InvitationUsed
        response = Response.objects.create(
            campaign=campaign,
            structure=structure,
            site=site,
            channel=channel,
            submitted_on=timezone.localdate(),
        )
        rows = []
        for code, value in answers.items():
            common = {"response": response, "campaign": campaign, "structure": structure, "site": site}
            if isinstance(value, list):  # the options ticked, and one row for the person (see results)
                rows += [Answer(question=code, choice=item, **common) for item in ["", *value]]
            elif isinstance(value, float):
                rows.append(Answer(question=code, number=value, **common))
            elif len(value) <= 40 and _is_choice(campaign.questionnaire, code):
                rows.append(Answer(question=code, choice=value, **common))
            else:
                rows.append(Answer(question=code, text=value, **common))
        Answer.objects.bulk_create(rows)
    if campaign.status() == "closed":  # the demo and the tests fill past campaigns
        forget_figures(campaign)


def _is_choice(questionnaire: QuestionnaireVersion, code: str) -> bool:
    kinds = {q["code"]: q["type"] for q in questionnaire.questions()}
    return kinds[code] in (QuestionType.SINGLE, QuestionType.SCALE, QuestionType.NPS)
