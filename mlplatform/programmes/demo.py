"""Demo programmes: the PNAE 2018-2020 (the seed's data file) and the PRAE of Normandie and of two
fictitious regions, each declining national actions, with indicators (one bound to the
observatory), milestones (one always overdue) and journal entries.

Idempotent: an ARML that already has its PRAE is left alone. Dates of milestones are relative to
today so that the home page always has something to show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from . import services
from .enums import ActionStatus, MilestoneStatus
from .loader import DATA_DIR, ProgrammeFileRefused, load_file
from .models import Action, Programme
from .reviews import save_action_review, save_programme_review

PNAE_FILE = DATA_DIR / "PNAE-2018-2020.yaml"
NORMANDIE = "ARML-NOR"
OTHER_REGIONS = ("ARML-BRE-DEMO", "ARML-OCC-DEMO")
# (national action, how the region declines it, status, progress)
NORMANDIE_DECLINATIONS = (
    (1, "Réunions trimestrielles des assistants techniques régionaux I-milo et charte régionale de "
        "saisie, déclinée de la charte nationale (démonstration).", ActionStatus.IN_PROGRESS, 60),
    (3, "Tutoriel alternance testé dans trois Missions Locales normandes avec les OPCA régionaux "
        "(démonstration).", ActionStatus.IN_PROGRESS, 35),
    (5, "Groupe de travail régional PACEA-Garantie jeunes et trame régionale des actes de service "
        "(démonstration).", ActionStatus.DONE, 100),
    (6, "Référents CEP formés dans chaque Mission Locale et webinaire régional (démonstration).",
        ActionStatus.TO_LAUNCH, 0),
)  # fmt: skip
NORMANDIE_OWN = (
    ("Mobilité des jeunes en territoire rural : plateforme régionale de solutions (démonstration)",
     "Action propre à la Normandie, avec le conseil régional et les départements."),
    ("Observatoire régional de l'activité des Missions Locales normandes (démonstration)",
     "Tableaux de bord régionaux à partir des chiffres de l'observatoire de la plateforme."),
)  # fmt: skip
OTHER_DECLINATIONS = ((1, ActionStatus.IN_PROGRESS, 40), (5, ActionStatus.IN_PROGRESS, 20))


def _indicators(action: Action, label: str, targets: dict[int, int], actuals: dict[int, int]) -> None:
    action.refresh_from_db()
    indicator = services.add_indicator(action, user=None, expected_version=action.version, label=label)
    for year, target in targets.items():
        action.refresh_from_db()
        actual = actuals.get(year)
        services.set_indicator_value(
            indicator,
            user=None,
            expected_version=action.version,
            year=year,
            target=Decimal(target),
            actual=None if actual is None else Decimal(actual),
        )


def _follow(action: Action, status: str, progress: int, comment: str) -> None:
    action.refresh_from_db()
    services.save_follow_up(
        action, user=None, expected_version=action.version, status=status, progress=progress, comment=comment
    )


def _milestones(action: Action, today: datetime.date) -> None:
    for title, delta, done in (
        ("Comité de pilotage régional", -20, False),
        ("Séminaire régional des référents", 45, False),
        ("Bilan d'étape en conférence", -90, True),
    ):
        action.refresh_from_db()
        milestone = services.add_milestone(
            action, user=None, expected_version=action.version, title=title,
            due_on=today + datetime.timedelta(days=delta),
        )  # fmt: skip
        if done:
            action.refresh_from_db()
            services.set_milestone_status(
                milestone, user=None, expected_version=action.version, status=MilestoneStatus.DONE
            )


def _prae(arml: Structure, national_version, declinations, own, today: datetime.date) -> Programme:
    # Prorogued to 2022 (as regional programmes often are), so that the 2022 activity report of the
    # demo has a programme review to show.
    programme = services.create_prae(arml, user=None, start_year=2018, end_year=2022, year=2019)
    version = programme.versions.get()
    version.adopted_by = "comité de pilotage régional (démonstration)"
    version.adopted_on = datetime.date(2018, 12, 14)
    version.save(update_fields=["adopted_by", "adopted_on"])
    for index, (number, adaptation, status, progress) in enumerate(declinations):
        action = services.decline_action(
            version, national_version.actions.get(number=number), user=None, adaptation=adaptation
        )
        _follow(
            action, status, progress, "Point d'avancement présenté au comité de pilotage (démonstration)."
        )
        _indicators(
            action,
            "Conseillers formés",
            {2018: 20, 2019: 40, 2020: 60, 2021: 70, 2022: 80},
            {2018: 18, 2019: 31, 2020: 55, 2021: 68, 2022: 83},
        )
        _budget_and_review(action, number)
        if index == 0:
            action.refresh_from_db()
            services.add_indicator(
                action, user=None, expected_version=action.version, label="Jeunes accompagnés dans la région",
                observatory_code="jeunes_accompagnes",
            )  # fmt: skip
            _milestones(action, today)
    save_programme_review(
        programme,
        year=2019,
        expected_version=None,
        results=f"{len(declinations)} actions nationales déclinées et {len(own)} actions régionales suivies "
        "en comité de pilotage (démonstration).",
        highlights="Séminaire régional des référents en juin 2019 (démonstration).",
        outlook="Étendre les déclinaisons aux actions du thème 3 en 2020 (démonstration).",
    )
    save_programme_review(
        programme,
        year=2022,
        expected_version=None,
        results="Programme prorogé jusqu'en 2022 : la professionnalisation des conseillers a dépassé sa "
        "cible ; les partenariats régionaux approchent de la leur (démonstration).",
        highlights="Journées professionnelles régionales sur le CEJ (démonstration).",
        outlook="Préparer le programme régional suivant avec les directions (démonstration).",
    )
    for title, context in own:
        action = services.add_regional_action(version, user=None, title=title, context=context)
        _follow(action, ActionStatus.IN_PROGRESS, 25, "Action lancée (démonstration).")
        _indicators(
            action,
            "Partenaires engagés",
            {2019: 10, 2020: 15, 2021: 18, 2022: 20},
            {2019: 6, 2020: 12, 2022: 19},
        )
    return programme


def _budget_and_review(action: Action, number: int) -> None:
    """A budget by funder and the bilan of 2019, a past year of the programme."""
    for year, funder, planned, spent, fte in (
        (2019, "État (DGEFP)", 15000, 14200, "0.4"),
        (2019, "Conseil régional", 8000, 6500, None),
        (2020, "État (DGEFP)", 15000, None, "0.4"),
    ):
        action.refresh_from_db()
        services.save_budget_line(
            action, user=None, expected_version=action.version, year=year, funder=funder,
            planned=Decimal(planned), spent=None if spent is None else Decimal(spent),
            fte=None if fte is None else Decimal(fte),
        )  # fmt: skip
    action.refresh_from_db()
    save_action_review(
        action,
        user=None,
        expected_version=action.version,
        year=2019,
        results=f"31 conseillers formés pour une cible de 40 (action nationale n° {number}, démonstration).",
        highlights="Deux réunions régionales et un webinaire (démonstration).",
        animation_figures="3 réunions, 64 participants, 12 Missions Locales représentées (démonstration).",
        outlook="Atteindre la cible en 2020 avec une session de rattrapage (démonstration).",
    )


@transaction.atomic
def load_demo() -> str:
    """Load the PNAE from its data file and the demo PRAE; a short report."""
    try:
        result = load_file(PNAE_FILE)
    except ProgrammeFileRefused as refused:
        return "Programmes : PNAE refusé — " + "; ".join(refused.problems)
    national_version = services.current_version(result.version.programme)
    today = timezone.localdate()
    created = []
    armls = {
        s.code: s
        for s in Structure.objects.filter(type=StructureType.ARML, code__in=(NORMANDIE, *OTHER_REGIONS))
    }
    for code in (NORMANDIE, *OTHER_REGIONS):
        arml = armls.get(code)
        if arml is None or Programme.objects.filter(owner=arml).exists():
            continue
        if code == NORMANDIE:
            _prae(arml, national_version, NORMANDIE_DECLINATIONS, NORMANDIE_OWN, today)
        else:
            declinations = [
                (number, f"Déclinaison régionale de l'action {number} (démonstration).", status, progress)
                for number, status, progress in OTHER_DECLINATIONS
            ]
            _prae(arml, national_version, declinations, (), today)
        created.append(code)
    if created and not result.version.programme.reviews.filter(year=2019, action__isnull=True).exists():
        save_programme_review(
            result.version.programme,
            year=2019,
            expected_version=None,
            highlights=(
                "État des lieux présenté à chaque Conférence des présidents et présidentes (démonstration)."
            ),
            outlook="Préparer la version 2020 avec les ARML (démonstration).",
        )
    if NORMANDIE in armls:  # Normandie, ARML référente of the national action 1 (demo)
        national_version.actions.get(number=1).referent_structures.add(armls[NORMANDIE])
    loaded = "chargé" if result.created else "déjà chargé"
    praes = ", ".join(created) or "aucun"
    return f"Programmes : PNAE 2018-2020 {loaded} ; PRAE de démonstration créés : {praes}."
