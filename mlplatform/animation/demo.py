"""Demo network life: ARML Normandie 2022 shaped like seed 004 (367 meetings run, 762 attended,
3 CA, 5 bureaux, 1 AG, thematic referents, the Akto framework agreement declining the national
one, local agreements, more than 400 local events, the composition of its board), the UNML's
network bodies, lighter records for the fictitious demo regions, and a few practices in the
catalogue.

Deterministic (seeded), written with bulk_create so that ``make run`` stays fast, and idempotent:
nothing is done when the UNML already has network-body meetings.
"""

from __future__ import annotations

import datetime
import hashlib
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import (
    AgreementLevel,
    Body,
    College,
    EvaluationOutcome,
    EventKind,
    EventLevel,
    MeetingKind,
    PartnerType,
    Theme,
)
from .models import (
    BodyMember,
    Event,
    Meeting,
    Partnership,
    PartnershipDocument,
    PartnershipEvaluation,
    Practice,
    Referent,
)

NORMANDIE = "ARML-NOR"
YEAR = 2022
# Seed 004, the ARML team's page: 367 meetings run, 762 attended; 3 CA, 5 bureaux, 1 AG.
ORGANISED_2022 = 367
ATTENDED_2022 = 762
# Network bodies of the UNML a year (2 Conférences des présidents, 4 Comités des directeurs): every
# ARML takes part, so they count among its attended meetings.
CONFERENCES, COMMITTEES = 2, 4
# Meetings the seed names, then the rest spread over the themes of the report.
NAMED_2022 = (
    (MeetingKind.CONSEIL_ADMINISTRATION, Theme.GOUVERNANCE, "Conseil d'administration", 3),
    (MeetingKind.BUREAU, Theme.GOUVERNANCE, "Bureau de l'ARML", 5),
    (MeetingKind.ASSEMBLEE_GENERALE, Theme.GOUVERNANCE, "Assemblée générale", 1),
    (MeetingKind.COPIL_REGIONAL, Theme.FINANCEMENTS, "Comité de pilotage régional (État, Région)", 4),
    (MeetingKind.GROUPE_TRAVAIL, Theme.IMILO, "Groupe d'appui régional I-Milo", 9),
    (MeetingKind.RESEAU, Theme.IMILO, "Réunion des référents I-Milo", 6),
    (MeetingKind.RESEAU, Theme.RELATIONS_ENTREPRISES, "Réunion des référents entreprises", 10),
    (MeetingKind.GROUPE_TRAVAIL, Theme.RELATIONS_ENTREPRISES, "Groupe de travail parrainage", 6),
    (MeetingKind.GROUPE_TRAVAIL, Theme.RELATIONS_ENTREPRISES, "Réunion entrepreneuriat", 1),
    (MeetingKind.RESEAU, Theme.GOUVERNANCE, "Réunion des directeurs et directrices", 10),
    (MeetingKind.COMITE_THEMATIQUE, Theme.COMMUNICATION, "Commission technique communication", 4),
)
OTHER_THEMES = (
    (MeetingKind.RESEAU, Theme.CEJ, "Réunion des référents CEJ"),
    (MeetingKind.RESEAU, Theme.JUSTICE, "Réunion des référents justice"),
    (MeetingKind.RESEAU, Theme.HANDICAP, "Réunion des référents handicap"),
    (MeetingKind.GROUPE_TRAVAIL, Theme.FORMATION, "Groupe de travail formation"),
    (MeetingKind.GROUPE_TRAVAIL, Theme.LOGEMENT, "Groupe de travail mobilité"),
    (MeetingKind.COMITE_THEMATIQUE, Theme.SANTE, "Comité stratégique santé"),
    (MeetingKind.RESEAU, Theme.QUALITE, "Réunion des référents qualité"),
    (MeetingKind.GROUPE_TRAVAIL, Theme.CEJ, "Groupe de travail CEJ jeunes en rupture"),
)
ORGANISERS = (
    ("DREETS Normandie", Theme.CEJ, MeetingKind.PARTENAIRE),
    ("Région Normandie", Theme.FORMATION, MeetingKind.PARTENAIRE),
    ("Pôle emploi Normandie", Theme.CEJ, MeetingKind.PARTENAIRE),
    ("UNML", Theme.GOUVERNANCE, MeetingKind.RESEAU),
    ("Carif-Oref de Normandie", Theme.FORMATION, MeetingKind.GROUPE_TRAVAIL),
    ("ARS Normandie", Theme.SANTE, MeetingKind.PARTENAIRE),
    ("Direction interrégionale des services pénitentiaires", Theme.JUSTICE, MeetingKind.PARTENAIRE),
    ("MEDEF Normandie", Theme.RELATIONS_ENTREPRISES, MeetingKind.PARTENAIRE),
    ("SIMILO", Theme.IMILO, MeetingKind.GROUPE_TRAVAIL),
    ("Cap emploi Normandie", Theme.HANDICAP, MeetingKind.PARTENAIRE),
)
REFERENT_THEMES = (
    (Theme.JUSTICE, "Chargée de mission justice"),
    (Theme.HANDICAP, "Chargé de mission handicap"),
    (Theme.RELATIONS_ENTREPRISES, "Chargée de relations entreprises"),
    (Theme.CEJ, "Chargé de mission CEJ"),
    (Theme.IMILO, "Référente I-Milo"),
    (Theme.COMMUNICATION, "Chargée de communication"),
)
ML_REFERENT_THEMES = (Theme.JUSTICE, Theme.HANDICAP, Theme.RELATIONS_ENTREPRISES, Theme.RGPD)
FIRST_NAMES = ("Camille", "Dominique", "Claude", "Alex", "Sacha", "Morgane", "Yann", "Nadia", "Léa", "Karim")
LAST_NAMES = ("Lefèvre", "Martin", "Bertin", "Hamon", "Roussel", "Lemoine", "Duval", "Marie", "Lecomte")
EVENT_TITLES = (
    (EventKind.FORUM_EMPLOI, "Forum de l'emploi"),
    (EventKind.JOB_DATING, "Job dating"),
    (EventKind.INFORMATION, "Information collective"),
    (EventKind.JOURNEE_PRO, "Journée des partenaires"),
    (EventKind.AUTRE, "Semaine de l'industrie"),
)
PRACTICES = (
    ("Kit action « Un jeune, une entreprise » (parrainage)", Theme.RELATIONS_ENTREPRISES),
    ("Accueil des jeunes sous main de justice : trame d'entretien", Theme.JUSTICE),
    ("Guide de l'accueil des jeunes en situation de handicap", Theme.HANDICAP),
    ("Kit communication « Semaine des Missions Locales »", Theme.COMMUNICATION),
    ("Registre des traitements RGPD : modèle commenté", Theme.RGPD),
    ("Tableau de suivi des sorties CEJ", Theme.CEJ),
)
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _day(rng: random.Random, year: int) -> datetime.date:
    """A working day of ``year``."""
    day = datetime.date(year, 1, 3) + datetime.timedelta(days=rng.randrange(355))
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


class _Builder:
    def __init__(self) -> None:
        self.meetings: list[tuple[Meeting, list[int]]] = []
        self.events: list[Event] = []
        self.referents: list[Referent] = []

    def meeting(self, structure: Structure, kind: str, theme: str, title: str, day, participants=(), **extra):
        count = extra.pop("participant_count", None)
        meeting = Meeting(
            structure=structure,
            kind=kind,
            theme=theme,
            title=title,
            date=day,
            participant_count=count,
            **extra,
        )
        self.meetings.append((meeting, list(participants)))

    def save(self) -> None:
        created = Meeting.objects.bulk_create([meeting for meeting, _ in self.meetings], batch_size=500)
        through = Meeting.participants.through
        rows = [
            through(meeting_id=meeting.pk, structure_id=structure_id)
            for meeting, (_, participants) in zip(created, self.meetings, strict=True)
            for structure_id in participants
        ]
        through.objects.bulk_create(rows, batch_size=1000)
        Event.objects.bulk_create(self.events, batch_size=500)
        Referent.objects.bulk_create(self.referents, batch_size=500)


def _normandie(builder: _Builder, arml: Structure, mls: list[Structure], rng: random.Random) -> None:
    ml_ids = [ml.pk for ml in mls]
    organised = 0
    for kind, theme, title, count in NAMED_2022:
        for number in range(1, count + 1):
            participants = (
                rng.sample(ml_ids, min(len(ml_ids), 3)) if kind not in (MeetingKind.BUREAU,) else []
            )
            builder.meeting(
                arml,
                kind,
                theme,
                f"{title} n° {number}" if count > 1 else title,
                _day(rng, YEAR),
                participants,
                participant_count=rng.randint(8, 30),
                agenda="Point d'actualité du réseau ; bilan des actions ; questions diverses.",
            )
            organised += 1
    while organised < ORGANISED_2022:
        kind, theme, title = OTHER_THEMES[organised % len(OTHER_THEMES)]
        builder.meeting(
            arml,
            kind,
            theme,
            title,
            _day(rng, YEAR),
            rng.sample(ml_ids, min(len(ml_ids), rng.randint(1, 4))),
            participant_count=rng.randint(4, 25),
        )
        organised += 1
    for index in range(ATTENDED_2022 - CONFERENCES - COMMITTEES):
        organiser, theme, kind = ORGANISERS[index % len(ORGANISERS)]
        builder.meeting(
            arml,
            kind,
            theme,
            f"Réunion {organiser}",
            _day(rng, YEAR),
            organised=False,
            organiser_name=organiser,
        )
    for name, day, kind, young, professionals in (
        ("Journée de l'entrepreneuriat", datetime.date(2022, 4, 8), EventKind.JOURNEE_PRO, 0, 18),
        (
            "Webinaire CEJ « Jeunes et entreprises, tous gagnants ! »",
            datetime.date(2022, 9, 7),
            EventKind.INFORMATION,
            0,
            100,
        ),
        ("Duoday en Normandie", datetime.date(2022, 11, 17), EventKind.AUTRE, 282, 300),
    ):
        builder.events.append(
            Event(
                structure=arml,
                level=EventLevel.REGIONAL,
                kind=kind,
                title=name,
                starts_on=day,
                ends_on=day,
                young_people=young,
                professionals=professionals,
                partners="DREETS Normandie, Pôle emploi",
            )
        )
    for theme, job in REFERENT_THEMES:
        builder.referents.append(
            Referent(
                structure=arml,
                theme=theme,
                name=_person(rng),
                job_title=job,
                email=f"{theme.replace('_', '-')}@arml-normandie.demo.invalid",
            )
        )


def _body_members(arml: Structure, mls: list[Structure], rng: random.Random) -> list[BodyMember]:
    """The ARML's board: presidents of Missions Locales (elected officials), State and partners."""
    seats = [
        (Body.BUREAU, College.MISSIONS_LOCALES, "Présidente"),
        (Body.BUREAU, College.MISSIONS_LOCALES, "Vice-président"),
        (Body.BUREAU, College.MISSIONS_LOCALES, "Trésorier"),
        (Body.BUREAU, College.MISSIONS_LOCALES, "Secrétaire"),
    ]
    seats += [(Body.CONSEIL_ADMINISTRATION, College.MISSIONS_LOCALES, "")] * 8
    seats += [
        (Body.CONSEIL_ADMINISTRATION, College.ETAT, "Membre de droit"),
        (Body.CONSEIL_ADMINISTRATION, College.ELUS, ""),
        (Body.CONSEIL_ADMINISTRATION, College.PARTENAIRES_ECONOMIQUES, ""),
    ]
    organisations = {
        College.ETAT: "DREETS Normandie",
        College.ELUS: "Région Normandie",
        College.PARTENAIRES_ECONOMIQUES: "MEDEF Normandie",
    }
    return [
        BodyMember(
            structure=arml,
            body=body,
            college=college,
            name=_person(rng),
            organisation=organisations.get(college) or (mls[index % len(mls)].name if mls else ""),
            office=office,
        )
        for index, (body, college, office) in enumerate(seats)
    ]


def _ml_year(
    builder: _Builder, ml: Structure, arml: Structure, year: int, rng: random.Random, events: int
) -> None:
    for kind, count in (
        (MeetingKind.CONSEIL_ADMINISTRATION, 3),
        (MeetingKind.BUREAU, 2),
        (MeetingKind.ASSEMBLEE_GENERALE, 1),
    ):
        for number in range(1, count + 1):
            label = dict(MeetingKind.choices)[kind]
            builder.meeting(
                ml, kind, Theme.GOUVERNANCE, f"{label} n° {number}" if count > 1 else label, _day(rng, year)
            )
    for _ in range(rng.randint(4, 10)):
        organiser, theme, kind = rng.choice(ORGANISERS)
        builder.meeting(
            ml,
            kind,
            theme,
            f"Réunion {organiser}",
            _day(rng, year),
            organised=False,
            organiser_name=organiser,
        )
    for _ in range(events):
        kind, title = rng.choice(EVENT_TITLES)
        day = _day(rng, year)
        builder.events.append(
            Event(
                structure=ml,
                level=EventLevel.LOCAL,
                kind=kind,
                title=f"{title} — {ml.name}"[:200],
                starts_on=day,
                ends_on=day,
                young_people=rng.randint(10, 120),
                employers=rng.randint(0, 30),
                professionals=rng.randint(0, 15),
            )
        )


def _lighter_region(
    builder: _Builder, arml: Structure, years, rng: random.Random, partnerships: list[Partnership]
) -> None:
    """A fictitious region: two regional events a year and its agreement with the Région."""
    for year in years:
        for kind, title in EVENT_TITLES[2:4]:
            day = _day(rng, year)
            builder.events.append(
                Event(
                    structure=arml,
                    level=EventLevel.REGIONAL,
                    kind=kind,
                    title=f"{title} régionale"[:200],
                    starts_on=day,
                    ends_on=day,
                    young_people=rng.randint(0, 60),
                    employers=rng.randint(0, 20),
                    professionals=rng.randint(10, 80),
                    partners="DREETS, Région",
                )
            )
    partnerships.append(
        Partnership(
            structure=arml,
            partner_name=f"Région — {arml.region or arml.name}"[:200],
            partner_type=PartnerType.REGION,
            title="Convention pluriannuelle d'objectifs",
            level=AgreementLevel.REGIONAL,
            starts_on=datetime.date(years[0], 1, 1),
            ends_on=datetime.date(years[-1] + 1, 12, 31),
            signatories=f"Région, {arml.name}",
            objectives="Animation régionale du réseau des Missions Locales.",
        )
    )


def _partnerships(unml: Structure, arml: Structure, mls: list[Structure], rng: random.Random, today) -> int:
    national = Partnership.objects.create(
        structure=unml,
        partner_name="AKTO, Prism'emploi, FASTT, FPE.TT et l'État (DGEFP)",
        partner_type=PartnerType.OPCO,
        title="Accord national de coopération « Missions Jeunes »",
        level=AgreementLevel.NATIONAL,
        signed_on=datetime.date(2021, 11, 25),
        starts_on=datetime.date(2021, 11, 25),
        ends_on=datetime.date(2024, 11, 24),
        signatories="État (DGEFP), Prism'emploi, UNML, AKTO, FASTT, FPE.TT",
        objectives="Emploi et qualification des jeunes accompagnés dans le cadre du PACEA.",
    )
    regional = Partnership.objects.create(
        structure=arml,
        partner_name="AKTO Normandie",
        partner_type=PartnerType.OPCO,
        title="Accord-cadre régional « Missions Jeunes »",
        level=AgreementLevel.REGIONAL,
        parent=national,
        signed_on=datetime.date(2022, 12, 6),
        starts_on=datetime.date(2022, 12, 6),
        ends_on=today + datetime.timedelta(days=75),
        signatories="Services de l'État, ARML Normandie, Prism'emploi Normandie, AKTO, FASTT, FPE.TT",
        objectives="Mobiliser les entreprises et agences d'emploi pour la qualification des jeunes.",
        indicators="Jeunes en mission d'intérim ; jeunes en formation qualifiante.",
    )
    document = PartnershipDocument(
        partnership=regional,
        title="Accord-cadre signé le 6 décembre 2022",
        file_name="accord-cadre-missions-jeunes.pdf",
        file_size=len(TINY_PDF),
        file_content_type="application/pdf",
        file_sha256=hashlib.sha256(TINY_PDF).hexdigest(),
    )
    document.file.save("accord", ContentFile(TINY_PDF), save=False)
    document.save()
    PartnershipEvaluation.objects.create(
        partnership=regional,
        year=2023,
        achieved="Déclinaison dans 10 Missions Locales ; réunions trimestrielles avec les agences d'emploi.",
        outcome=EvaluationOutcome.KEPT,
    )
    rows = [
        Partnership(
            structure=arml,
            partner_name="Direction interrégionale des services pénitentiaires",
            partner_type=PartnerType.JUSTICE,
            title="Convention régionale justice",
            level=AgreementLevel.REGIONAL,
            starts_on=datetime.date(2021, 1, 1),
            ends_on=datetime.date(2023, 12, 31),
            signatories="DISP de Rennes, ARML Normandie",
        )
    ]
    for ml in mls[:8]:
        rows.append(
            Partnership(
                structure=ml,
                partner_name="AKTO",
                partner_type=PartnerType.OPCO,
                title="Convention locale « Missions Jeunes »",
                level=AgreementLevel.LOCAL,
                parent=regional,
                starts_on=datetime.date(2023, 2, 1),
                ends_on=datetime.date(2025, 12, 31),
            )
        )
        rows.append(
            Partnership(
                structure=ml,
                partner_name="SPIP du département",
                partner_type=PartnerType.JUSTICE,
                title="Convention d'accompagnement des jeunes sous main de justice",
                level=AgreementLevel.LOCAL,
                starts_on=datetime.date(2022, 1, 1),
                ends_on=None,
            )
        )
    Partnership.objects.bulk_create(rows)
    return 2 + len(rows)


def _network_bodies(builder: _Builder, unml: Structure, armls: list[Structure], years, rng) -> None:
    for year in years:
        for number in range(1, CONFERENCES + 1):
            builder.meeting(
                unml,
                MeetingKind.CONFERENCE_PRESIDENTS,
                Theme.GOUVERNANCE,
                f"Conférence des présidents n° {number}",
                _day(rng, year),
                [a.pk for a in armls],
                participant_count=rng.randint(30, 60),
            )
        for number in range(1, COMMITTEES + 1):
            builder.meeting(
                unml,
                MeetingKind.COMITE_DIRECTEURS,
                Theme.GOUVERNANCE,
                f"Comité des directeurs n° {number}",
                _day(rng, year),
                [a.pk for a in armls],
                participant_count=rng.randint(15, 30),
            )


def _practices(structures: list[Structure], rng: random.Random) -> int:
    created = 0
    for (title, theme), structure in zip(PRACTICES, structures, strict=False):
        practice = Practice(
            structure=structure,
            title=title,
            theme=theme,
            description=(
                "Démarche menée avec les conseillers et les partenaires du territoire : objectifs, étapes, "
                "outils et bilan. Réutilisable par toute Mission Locale."
            ),
            contact=f"{_person(rng)}, {structure.name}",
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 300)),
        )
        if created < 2:
            practice.file.save("kit", ContentFile(TINY_PDF), save=False)
            practice.file_name = "kit-action.pdf"
            practice.file_size = len(TINY_PDF)
            practice.file_content_type = "application/pdf"
            practice.file_sha256 = hashlib.sha256(TINY_PDF).hexdigest()
        practice.save()
        created += 1
    return created


def load_demo() -> str:
    unml = Structure.objects.filter(type=StructureType.UNML).order_by("pk").first()
    arml = Structure.objects.filter(code=NORMANDIE).first()
    if unml is None or arml is None:
        return "Animation du réseau (démonstration) : UNML ou ARML Normandie absente, rien à faire."
    if Meeting.objects.filter(structure=unml).exists():
        return "Animation du réseau (démonstration) : déjà chargée."
    rng = random.Random("animation-demo")
    today = timezone.localdate()
    armls = list(Structure.objects.arml().order_by("code"))
    mls = list(Structure.objects.filter(parent=arml, type=StructureType.ML).order_by("code"))
    builder = _Builder()
    light_partnerships: list[Partnership] = []
    with transaction.atomic():
        _normandie(builder, arml, mls, rng)
        for ml in mls:
            _ml_year(builder, ml, arml, YEAR, rng, events=17)
            for theme in ML_REFERENT_THEMES:
                builder.referents.append(
                    Referent(
                        structure=ml, theme=theme, name=_person(rng), job_title="Conseiller·ère référent·e"
                    )
                )
        recent = (today.year - 1, today.year)
        _network_bodies(builder, unml, armls, (YEAR, *recent), rng)
        for other in armls:
            if other.pk == arml.pk:
                continue
            for year in recent:
                for kind, theme, title, count in NAMED_2022[:4]:
                    for number in range(1, count + 1):
                        builder.meeting(other, kind, theme, f"{title} n° {number}", _day(rng, year))
                for kind, theme, title in OTHER_THEMES:
                    builder.meeting(other, kind, theme, title, _day(rng, year))
            builder.referents += [
                Referent(structure=other, theme=theme, name=_person(rng), job_title=job)
                for theme, job in REFERENT_THEMES[:3]
            ]
            _lighter_region(builder, other, recent, rng, light_partnerships)
        builder.save()
        BodyMember.objects.bulk_create(_body_members(arml, mls, rng))
        partnerships = _partnerships(unml, arml, mls, rng, today)
        Partnership.objects.bulk_create(light_partnerships)
        partnerships += len(light_partnerships)
        practices = _practices([arml, *mls], rng)
    return (
        f"Animation du réseau (démonstration) : {len(builder.meetings)} réunions, {len(builder.events)} "
        f"événements, {len(builder.referents)} référents, {partnerships} partenariats, {practices} pratiques."
    )
