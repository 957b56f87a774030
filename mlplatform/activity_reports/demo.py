"""Demo activity reports: the published 2022 report of ARML Normandie (texts shaped like seed 004,
figures from the demo observatory, network-life, training, programme and survey records), and
draft reports for a few Normandie MLs. Idempotent; runs after the observatory demo (its figures
are frozen at publication)."""

from __future__ import annotations

from django.db import transaction

from mlplatform.accounts.models import User
from mlplatform.network.models import Structure
from mlplatform.observatory.demo import load_demo as load_observatory_demo

from . import services
from .enums import BlockKind
from .models import ActivityReport, NarrativeBlock

YEAR = 2022
# Drafts of Missions Locales with demo accounts: the 2022 report of Caen, written by its quality
# referent, and the 2022 report of Rouen, started by its director.
DRAFTS = (("ML-14-CAEN", "qualite.caen@demo.test", YEAR), ("ML-76-ROUEN", "directrice.rouen@demo.test", YEAR))
DRAFT_EDITORIAL = (
    "Premier jet de l'éditorial : l'année du Contrat d'engagement jeune, et les partenariats noués avec "
    "les entreprises du territoire (à compléter)."
)
TEXTS: dict[tuple[str, str], str] = {
    ("editorial", BlockKind.EDITORIAL): (
        "2022 a été l'année du retour à un fonctionnement normal après la crise sanitaire, et celle d'un "
        "rythme de réformes soutenu.\n\n"
        "Le réseau normand a d'abord relevé le défi du **Contrat d'engagement jeune**, lancé sans phase "
        "d'expérimentation : fort de son expérience de la Garantie jeunes, il a dépassé l'objectif fixé par "
        "l'État. Au 31 décembre, plus d'un tiers des sorties du CEJ se faisaient vers l'emploi durable ou "
        "l'alternance.\n\n"
        "La **mutualisation** entre Missions Locales est devenue le principe d'organisation du réseau : "
        "ressources humaines, finances, pratiques métier. Le soutien renforcé de l'État a permis de "
        "consolider l'équipe de l'ARML, avec des experts du réseau mis à disposition sur la justice, le "
        "handicap et l'accompagnement au label.\n\n"
        "Enfin, le réseau a lancé une démarche globale de **labellisation qualité** ; les premiers audits "
        "auront lieu en 2023."
    ),
    ("theme_cej", BlockKind.OBJECTIVES): (
        "- Déployer le CEJ dans les 24 Missions Locales dès mars 2022\n"
        "- Atteindre l'objectif régional d'entrées fixé par l'État\n"
        "- Outiller les coordinateurs CEJ (réunions mensuelles, espace partagé)"
    ),
    ("theme_cej", BlockKind.HIGHLIGHTS): (
        "Deux sessions régionales de formation au CEJ, animées avec l'ARML Grand Est ; le **CEJATHON** "
        "national remporté par la vidéo du pôle communication."
    ),
    (
        "theme_cej",
        BlockKind.OUTLOOK,
    ): "Consolider les sorties vers l'emploi durable et préparer le CEJ « jeunes en rupture ».",
    ("theme_emploi", BlockKind.HIGHLIGHTS): (
        "Le Printemps des solutions, orienté vers le CEJ et les entreprises : plus de 400 événements locaux "
        "sur tout le territoire normand."
    ),
    ("plan_formation", BlockKind.TEXT): (
        "Après deux années presque entièrement à distance, 2022 a marqué le retour des formations en "
        "présentiel, à Rouen et à Caen."
    ),
    ("plan_formation", BlockKind.OUTLOOK): (
        "Réaliser un catalogue pour rendre l'offre de formation plus visible et la promouvoir auprès "
        "du réseau."
    ),
    ("communication", BlockKind.TEXT): (
        "Cinq campagnes régionales de communication ont rythmé l'année, dont la campagne « Booste ton profil "
        "avec une formation » et la célébration des 40 ans du réseau (Battle photo 1982 vs 2022)."
    ),
    ("qualite", BlockKind.TEXT): (
        "Le réseau normand s'est engagé dans le label qualité : accompagnement des directions, premières "
        "auto-évaluations et préparation des audits de 2023."
    ),
}


def _write(report: ActivityReport, user: User, texts: dict[tuple[str, str], str]) -> None:
    for (key, kind), text in texts.items():
        block = NarrativeBlock.objects.filter(section__report=report, section__key=key, kind=kind).first()
        if block is not None:
            services.save_block(block, text=text, expected_version=block.version, user=user)


def load_activity_reports_demo() -> str:
    arml = Structure.objects.filter(code="ARML-NOR").first()
    writer = User.objects.filter(email="equipe.normandie@demo.test").first()
    proofreader = User.objects.filter(email="referente.normandie@demo.test").first()
    if arml is None or writer is None or proofreader is None:
        return "Rapports d'activité de démonstration : réseau ou comptes de démonstration absents."
    if ActivityReport.objects.filter(structure=arml, year=YEAR).exists():
        return "Rapports d'activité de démonstration : déjà chargés."
    # The observatory demo holds the report's year and the year before (calibrated on seed 004).
    observatory = load_observatory_demo(years=(YEAR - 1, YEAR))
    with transaction.atomic():
        return _reports(arml, writer, proofreader, observatory)


def _reports(arml: Structure, writer: User, proofreader: User, observatory: str) -> str:
    report = services.create_report(arml, YEAR, user=writer)
    _write(report, writer, TEXTS)
    report.refresh_from_db()
    report = services.submit(report, expected_version=report.version, user=writer)
    report = services.proofread(report, expected_version=report.version, user=proofreader)
    services.publish(report, expected_version=report.version, user=proofreader)
    drafts = 0
    for code, email, year in DRAFTS:
        ml = Structure.objects.filter(code=code).first()
        author = User.objects.filter(email=email).first()
        if ml is None or author is None:
            continue
        draft = services.create_report(ml, year, user=author)
        _write(draft, author, {("editorial", BlockKind.EDITORIAL): DRAFT_EDITORIAL})
        drafts += 1
    return (
        f"{observatory}\nRapports d'activité de démonstration : rapport {YEAR} de l'ARML Normandie publié, "
        f"{drafts} brouillons de Missions Locales."
    )
