"""The vocabularies of network life: kinds of meetings and bodies, themes, events, partners."""

from django.db import models


class MeetingKind(models.TextChoices):
    # A structure's own governing bodies.
    CONSEIL_ADMINISTRATION = "conseil_administration", "Conseil d'administration"
    BUREAU = "bureau", "Bureau"
    ASSEMBLEE_GENERALE = "assemblee_generale", "Assemblée générale"
    # Network bodies (UNML: Conférence des présidents, Comité des directeurs; ARML: regional COPIL).
    CONFERENCE_PRESIDENTS = "conference_presidents", "Conférence des présidents"
    COMITE_DIRECTEURS = "comite_directeurs", "Comité des directeurs"
    COPIL_REGIONAL = "copil_regional", "Comité de pilotage régional (avec les financeurs)"
    # Network animation.
    GROUPE_TRAVAIL = "groupe_travail", "Groupe de travail"
    COMITE_THEMATIQUE = "comite_thematique", "Comité stratégique ou thématique"
    RESEAU = "reunion_reseau", "Réunion de réseau (directions, référents)"
    PARTENAIRE = "reunion_partenaire", "Réunion avec des partenaires"


# Governing bodies: counted one by one in the yearly figures (« 3 CA, 5 bureaux, 1 AG »).
BODY_KINDS = (
    MeetingKind.CONSEIL_ADMINISTRATION,
    MeetingKind.BUREAU,
    MeetingKind.ASSEMBLEE_GENERALE,
    MeetingKind.CONFERENCE_PRESIDENTS,
    MeetingKind.COMITE_DIRECTEURS,
    MeetingKind.COPIL_REGIONAL,
)
# Network-wide bodies: recorded by the UNML, read by every ARML.
NETWORK_KINDS = (MeetingKind.CONFERENCE_PRESIDENTS, MeetingKind.COMITE_DIRECTEURS)


class Theme(models.TextChoices):
    GOUVERNANCE = "gouvernance", "Gouvernance"
    JUSTICE = "justice", "Justice"
    HANDICAP = "handicap", "Handicap"
    RELATIONS_ENTREPRISES = "relations_entreprises", "Relations entreprises"
    CEJ = "cej", "Contrat d'engagement jeune"
    IMILO = "imilo", "I-Milo (système d'information)"
    COMMUNICATION = "communication", "Communication"
    QUALITE = "qualite", "Qualité et label"
    SANTE = "sante", "Santé"
    LOGEMENT = "logement", "Logement et mobilité"
    FORMATION = "formation", "Formation et orientation"
    RGPD = "rgpd", "Données personnelles (RGPD)"
    FINANCEMENTS = "financements", "Financements et conventionnement"
    AUTRE = "autre", "Autre"


class EventLevel(models.TextChoices):
    LOCAL = "local", "Local"
    REGIONAL = "regional", "Régional"
    NATIONAL = "national", "National"


class EventKind(models.TextChoices):
    FORUM_EMPLOI = "forum_emploi", "Forum ou salon de l'emploi"
    JOB_DATING = "job_dating", "Job dating, recrutement"
    JOURNEE_PRO = "journee_professionnelle", "Journée professionnelle"
    INFORMATION = "information", "Réunion d'information, portes ouvertes"
    AUTRE = "autre", "Autre événement"


class PartnerType(models.TextChoices):
    ETAT = "etat", "État"
    REGION = "region", "Région"
    COLLECTIVITE = "collectivite", "Autre collectivité"
    EMPLOYEURS = "employeurs", "Employeurs, branches"
    FORMATION = "formation", "Organismes de formation"
    OPCO = "opco", "OPCO"
    SANTE = "sante", "Santé"
    JUSTICE = "justice", "Justice"
    ASSOCIATION = "association", "Associations"
    AUTRE = "autre", "Autre"


class AgreementLevel(models.TextChoices):
    NATIONAL = "national", "Accord national"
    REGIONAL = "regional", "Déclinaison régionale"
    LOCAL = "local", "Convention locale"


class EvaluationOutcome(models.TextChoices):
    KEPT = "kept", "Poursuivi"
    RENEWED = "renewed", "Renouvelé"
    ENDED = "ended", "Arrêté"


class Body(models.TextChoices):
    """The bodies whose composition a structure records."""

    CONSEIL_ADMINISTRATION = "conseil_administration", "Conseil d'administration"
    BUREAU = "bureau", "Bureau"
    ASSEMBLEE_GENERALE = "assemblee_generale", "Assemblée générale"


class College(models.TextChoices):
    ELUS = "elus", "Élus des collectivités territoriales"
    ETAT = "etat", "Services de l'État"
    PARTENAIRES_ECONOMIQUES = "partenaires_economiques", "Partenaires économiques et sociaux"
    ASSOCIATIONS = "associations", "Associations et personnes qualifiées"
    MISSIONS_LOCALES = "missions_locales", "Missions Locales (pour une ARML)"
    AUTRE = "autre", "Autre"
