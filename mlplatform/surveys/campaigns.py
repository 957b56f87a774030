"""Opening campaigns (collection links for each structure and each of its sites) and invitations.

Invitations: a list of addresses is read, checked as a whole (every problem listed, nothing sent on a
bad list), then each address gets a single-use link by e-mail. The list is not kept: an invitation
holds the hash of its token and a keyed hash of the address (to refuse sending twice and to send the
one reminder when the same list is given again), never the address itself.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from mlplatform.core.mail import notify
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Site, Structure

from .answering import new_token, token_hash
from .enums import Audience
from .figures import schedule_figures
from .models import Campaign, CollectionLink, Invitation, QuestionnaireVersion

MAX_ADDRESSES = 2000
# Audiences answering about the structure of their own ML, and the others (MLs about their ARML/UNML).
ML_AUDIENCES = (Audience.YOUTH, Audience.EMPLOYERS, Audience.THEMATIC)
INVITED_AUDIENCES = (Audience.EMPLOYERS, Audience.ML_FOR_ARML, Audience.ML_FOR_UNML, Audience.THEMATIC)


class CampaignRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def measured_structures(owner: Structure, audience: str) -> list[Structure]:
    """The structures whose service a campaign of ``owner`` measures."""
    if audience == Audience.ML_FOR_UNML:
        return [owner] if owner.type == StructureType.UNML else []
    if audience == Audience.ML_FOR_ARML:
        armls = Structure.objects.arml().open()
        return list(armls if owner.type == StructureType.UNML else armls.filter(pk=owner.pk))
    mls = Structure.objects.ml().open()
    if owner.type == StructureType.ARML:
        mls = mls.filter(parent=owner)
    return list(mls.order_by("code"))


def open_campaign(
    *,
    code: str,
    title: str,
    questionnaire: QuestionnaireVersion,
    owner: Structure,
    opens_on: datetime.date,
    closes_on: datetime.date,
    previous: Campaign | None = None,
) -> Campaign:
    """Create the campaign and the collection links of each measured structure and of its sites."""
    problems = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,59}", code or ""):
        problems.append("Le code de la campagne : 3 à 60 minuscules, chiffres ou tirets.")
    elif Campaign.objects.filter(code=code).exists():
        problems.append(f"Une campagne porte déjà le code « {code} ».")
    if not (title or "").strip():
        problems.append("Le titre est obligatoire.")
    if closes_on < opens_on:
        problems.append("La clôture doit suivre l'ouverture.")
    if owner.type == StructureType.ML:
        problems.append("Seules l'UNML et les ARML ouvrent des campagnes.")
    if owner.type == StructureType.ARML and questionnaire.audience in (Audience.ML_FOR_UNML,):
        problems.append("Une ARML ne mesure pas la satisfaction à l'égard de l'UNML.")
    if problems:
        raise CampaignRefused(problems)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            code=code,
            title=title.strip(),
            questionnaire=questionnaire,
            audience=questionnaire.audience,
            owner=owner,
            opens_on=opens_on,
            closes_on=closes_on,
            previous=previous,
        )
        structures = measured_structures(owner, questionnaire.audience)
        links = [CollectionLink(campaign=campaign, structure=s, token=new_token()) for s in structures]
        if questionnaire.audience in (Audience.YOUTH, Audience.THEMATIC):
            sites = Site.objects.filter(structure__in=structures).order_by("structure", "name")
            links += [
                CollectionLink(campaign=campaign, structure_id=s.structure_id, site=s, token=new_token())
                for s in sites
            ]
        CollectionLink.objects.bulk_create(links)
        transaction.on_commit(lambda: schedule_figures(campaign))
    return campaign


def public_url(link: CollectionLink) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys_public:answer", kwargs={"token": link.token})


def _address_hash(campaign: Campaign, address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{campaign.pk}:{address.lower()}".encode()).hexdigest()


def read_addresses(text: str) -> list[str]:
    """The addresses of a pasted list (one per line, or separated by commas or semicolons)."""
    problems = []
    addresses: list[str] = []
    for number, item in enumerate(re.split(r"[\s,;]+", text or ""), start=1):
        item = item.strip().strip("<>")
        if not item:
            continue
        try:
            validate_email(item)
        except ValidationError:
            problems.append(f"Adresse n° {number} invalide : « {item[:80]} ».")
            continue
        if item.lower() not in addresses:
            addresses.append(item.lower())
    if not addresses and not problems:
        problems.append("Aucune adresse dans la liste.")
    if len(addresses) > MAX_ADDRESSES:
        problems.append(f"{MAX_ADDRESSES} adresses au plus par envoi.")
    if problems:
        raise CampaignRefused(problems)
    return addresses


@dataclass
class SendReport:
    sent: int = 0
    reminded: int = 0
    skipped: int = 0


def send_invitations(
    campaign: Campaign, structure: Structure, text: str, *, remind: bool = False
) -> SendReport:
    """Invite each address of the list (or, with ``remind``, remind once those who have not answered).

    The addresses are used to send and then forgotten: only the e-mails queued hold them."""
    if not campaign.is_open():
        raise CampaignRefused(["La campagne n'est pas ouverte : aucune invitation ne peut être envoyée."])
    if campaign.audience not in INVITED_AUDIENCES:
        raise CampaignRefused(["Ce public répond par le lien ouvert et l'affiche, sans invitation."])
    addresses = read_addresses(text)
    report = SendReport()
    with transaction.atomic():
        existing = {
            i.address_hash: i
            for i in Invitation.objects.filter(campaign=campaign, structure=structure)
            .select_for_update(of=("self",))
            .order_by("token_hash")
        }
        for address in addresses:
            digest = _address_hash(campaign, address)
            invitation = existing.get(digest)
            token = new_token()
            if invitation is None and not remind:
                Invitation.objects.create(
                    campaign=campaign, structure=structure, token_hash=token_hash(token), address_hash=digest
                )
                report.sent += 1
            elif invitation is not None and remind and not invitation.used and not invitation.reminded:
                Invitation.objects.filter(pk=invitation.pk).update(
                    token_hash=token_hash(token), reminded=True
                )
                report.reminded += 1
            else:
                report.skipped += 1
                continue
            link = settings.SITE_URL.rstrip("/") + reverse(
                "surveys_public:answer_invitation", kwargs={"token": token}
            )
            notify(
                [address],
                ("Rappel : " if remind else "") + f"{campaign.title} — votre avis compte",
                "surveys/email/invitation.txt",
                {"campaign": campaign, "structure": structure, "link": link, "remind": remind},
                forget_recipients=True,  # the address list is used to send, then kept nowhere
            )
    return report
