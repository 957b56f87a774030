"""Questionnaires (versioned data), campaigns, collection links, invitations and anonymous responses.

Anonymity by design (docs/barometres.md, « Modèle de menace »): a ``Response`` holds a random
id, the campaign, the structure (and reception site) it is about, how it was collected and the
day, nothing else; no invitation, no account, no address, no time of day. ``Invitation`` only
records that its token was used, with no date and no key shared with any response: what an
invitation answered is unknowable.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone

from mlplatform.network.models import Site, Structure
from mlplatform.network.perimeter import ScopedQuerySet

from .enums import Audience, Channel


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire, as loaded from its YAML file: never changed once loaded."""

    code = models.CharField("code", max_length=40)
    version = models.CharField("version", max_length=20)
    title = models.CharField("titre", max_length=200)
    audience = models.CharField("public", max_length=10, choices=Audience.choices)
    default_wording = models.BooleanField(
        "version par défaut à remplacer par la version officielle de l'UNML", default=False
    )
    # The structure that wrote a thematic questionnaire (an ARML, the UNML); null for national ones.
    owner = models.ForeignKey(
        Structure, verbose_name="auteur", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    definition = models.JSONField("questionnaire")
    sha256 = models.CharField("empreinte", max_length=64)
    loaded_at = models.DateTimeField("chargé le", default=timezone.now)

    class Meta:
        verbose_name = "version de questionnaire"
        verbose_name_plural = "versions de questionnaire"
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="surveys_questionnaire_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def sections(self) -> list[dict]:
        return self.definition["sections"]

    def questions(self) -> list[dict]:
        return [question for section in self.sections for question in section["questions"]]


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, perimeter) -> CampaignQuerySet:
        """National campaigns for everyone with a structural perimeter; regional ones inside it."""
        from mlplatform.network.perimeter import Level

        if perimeter.level == Level.NATIONAL:
            return self.all()
        if not perimeter.is_structural:
            return self.none()
        national = models.Q(owner__type="UNML")
        if perimeter.level == Level.REGIONAL:
            return self.filter(national | models.Q(owner_id=perimeter.structure_id))
        parents = Structure.objects.filter(children__pk=perimeter.structure_id).values("pk")
        return self.filter(national | models.Q(owner__in=parents))


class Campaign(models.Model):
    """A barometer (opened by the UNML) or a regional thematic survey (opened by an ARML)."""

    code = models.SlugField("code", max_length=60, unique=True)
    title = models.CharField("titre", max_length=200)
    questionnaire = models.ForeignKey(
        QuestionnaireVersion, verbose_name="questionnaire", on_delete=models.PROTECT, related_name="campaigns"
    )
    audience = models.CharField("public", max_length=10, choices=Audience.choices)
    owner = models.ForeignKey(
        Structure, verbose_name="ouverte par", on_delete=models.PROTECT, related_name="survey_campaigns"
    )
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture (dernier jour de collecte)")
    previous = models.ForeignKey(
        "self", verbose_name="campagne précédente", on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne"
        ordering = ["-opens_on", "code"]

    def __str__(self) -> str:
        return self.title

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "scheduled"
        return "open" if today <= self.closes_on else "closed"

    def status_label(self) -> str:
        return {"scheduled": "à venir", "open": "ouverte", "closed": "close"}[self.status()]

    def is_open(self) -> bool:
        return self.status() == "open"


class CollectionLink(models.Model):
    """A structure's (or one of its sites') public link to a campaign's questionnaire."""

    scope_path = "structure"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="survey_links")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField("jeton", max_length=40, unique=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "lien de collecte"
        verbose_name_plural = "liens de collecte"
        ordering = ["campaign", "structure", "site"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "structure", "site"],
                condition=models.Q(site__isnull=False),
                name="surveys_link_unique_site",
            ),
            models.UniqueConstraint(
                fields=["campaign", "structure"],
                condition=models.Q(site__isnull=True),
                name="surveys_link_unique_structure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} / {self.structure.code}{' / ' + self.site.name if self.site else ''}"


class Invitation(models.Model):
    """A single-use invitation: only the hash of its token and whether it was used (no date, no link
    to the response it gave). The address is never stored, only a keyed hash to refuse duplicates and
    to send the one reminder to those who have not answered when the list is pasted again."""

    scope_path = "structure"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    address_hash = models.CharField(max_length=64)
    used = models.BooleanField(default=False)
    reminded = models.BooleanField(default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["campaign", "structure", "token_hash"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "structure", "address_hash"], name="surveys_invitation_unique_address"
            )
        ]

    def __str__(self) -> str:
        return (
            f"Invitation {self.campaign_id}/{self.structure_id} ({'utilisée' if self.used else 'en attente'})"
        )


def _random_id() -> uuid.UUID:
    return uuid.uuid4()


class Response(models.Model):
    """One anonymous questionnaire: see the module's docstring for what it never holds."""

    scope_path = "structure"

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField("collecte", max_length=10, choices=Channel.choices)
    submitted_on = models.DateField("jour de la réponse")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse"
        ordering = ["submitted_on", "id"]
        indexes = [
            # Covers the results' count of responses per structure, site and channel.
            models.Index(fields=["campaign", "structure", "site", "channel"], name="surveys_resp_counts")
        ]

    def __str__(self) -> str:
        return f"Réponse du {self.submitted_on:%d/%m/%Y}"


class Answer(models.Model):
    """One answer of a response (one row per chosen option for a multiple choice). The campaign,
    structure and site are repeated so that results are one grouped query."""

    scope_path = "structure"

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    question = models.CharField(max_length=40)
    choice = models.CharField(max_length=40, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse à une question"
        ordering = ["question", "id"]
        indexes = [
            # Covers the results' one grouped query (campaign -> structure, site, question, choice, sum).
            models.Index(
                fields=["campaign", "structure", "site", "question", "choice", "number"],
                name="surveys_answer_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} : {self.choice or self.number or self.text[:40]}"


class CampaignFigures(models.Model):
    """A closed campaign's grouped counts (``results.counts``), computed once in the background when it
    closes (``figures.py``), so that the first results page after closing reads them instead of the
    answers. Figures of another closing day (the campaign's dates changed since) are not used."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="figures")
    closes_on = models.DateField("clôture prise en compte")
    responses = models.PositiveIntegerField("réponses")
    cells = models.JSONField("comptes par structure et lieu")
    computed_at = models.DateTimeField("calculés le", default=timezone.now)

    class Meta:
        verbose_name = "chiffres d'une campagne close"
        verbose_name_plural = "chiffres des campagnes closes"
        ordering = ["-computed_at", "campaign"]

    def __str__(self) -> str:
        return f"Chiffres de la campagne {self.campaign_id} ({self.responses} réponses)"
