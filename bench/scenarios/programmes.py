"""Programmes of action at national scale: the PNAE 2018-2020 from its data file, and every ARML of
the reference network with a PRAE declining the 13 national actions, each with two indicators (one
typed, one bound to the observatory), targets and actuals for three years, milestones, a budget and a
bilan.

Measures the server time, the queries and the HTML weight of the programme pages: the PNAE overview
(with the operational themes' table), the UNML's declination matrix (common indicators with their
actual values), a PRAE overview, one regional action sheet and the PRAE's bilan.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.measure import Measure, timed
from bench.scenarios.assessment import _client, _get

SCENARIO = "programmes"
YEARS = (2018, 2019, 2020)


def _setup():
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.network.demo import load_demo_network, load_reference_network
    from mlplatform.network.enums import StructureType
    from mlplatform.network.models import Structure
    from mlplatform.observatory.indicators import INDICATORS
    from mlplatform.programmes import services
    from mlplatform.programmes.loader import DATA_DIR, load_file
    from mlplatform.programmes.reviews import save_action_review

    load_reference_network()
    load_demo_network()
    national = load_file(DATA_DIR / "PNAE-2018-2020.yaml").version
    unml = Structure.objects.get(type=StructureType.UNML)
    admin = User.objects.create_user("bench.programmes.admin@bench.test", "bench")
    Membership.objects.create(user=admin, structure=unml, role=Role.NATIONAL_ADMIN)
    armls = list(Structure.objects.filter(type=StructureType.ARML).order_by("code"))
    referent = User.objects.create_user("bench.programmes.arml@bench.test", "bench")
    Membership.objects.create(user=referent, structure=armls[0], role=Role.ARML_REFERENT)
    bound_code = INDICATORS[0].code
    national_actions = list(national.actions.order_by("number"))
    for arml in armls:
        programme = services.create_prae(arml, user=None, start_year=2018, end_year=2020, year=2019)
        version = programme.versions.get()
        for national_action in national_actions:
            action = services.decline_action(version, national_action, user=None, adaptation="Déclinaison.")
            for label, code in (("Réunions régionales", ""), ("Jeunes accompagnés", bound_code)):
                indicator = services.add_indicator(
                    action, user=None, expected_version=action.version, label=label, observatory_code=code
                )
                for year in YEARS:
                    services.set_indicator_value(
                        indicator,
                        user=None,
                        expected_version=action.version,
                        year=year,
                        target=Decimal(12),
                        actual=None if code else Decimal(year - 2010),
                    )
            for year in YEARS:
                services.add_milestone(
                    action,
                    user=None,
                    expected_version=action.version,
                    title=f"Comité {year}",
                    due_on=datetime.date(year, 6, 30),
                )
                services.save_budget_line(
                    action,
                    user=None,
                    expected_version=action.version,
                    year=year,
                    funder="État (DGEFP)",
                    planned=Decimal(15000),
                    spent=Decimal(12000),
                    fte=Decimal("0.5"),
                )
            services.save_follow_up(
                action, user=None, expected_version=action.version, status="en_cours", progress=40
            )
            save_action_review(
                action,
                user=None,
                expected_version=action.version,
                year=2019,
                results="Objectifs atteints aux deux tiers.",
                highlights="Journée régionale.",
            )
    return national, programme_of(armls[0]), admin, referent, len(armls)


def programme_of(arml):
    from mlplatform.programmes.models import Programme

    return Programme.objects.get(owner=arml)


def run() -> list[Measure]:
    national, regional, admin, referent, arml_count = _setup()
    national_client, arml_client = _client(admin), _client(referent)
    code = national.programme.code
    pages = (
        ("aperçu du PNAE", national_client, reverse("programmes:overview", args=[code])),
        ("matrice des déclinaisons", national_client, reverse("programmes:matrix", args=[code])),
        ("aperçu d'un PRAE", arml_client, reverse("programmes:overview", args=[regional.code])),
        ("fiche action régionale", arml_client, reverse("programmes:action", args=[regional.code, 1])),
        ("bilan 2019 d'un PRAE", arml_client, reverse("programmes:review", args=[regional.code, 2019])),
    )  # fmt: skip
    measures = [
        Measure(SCENARIO, "ARML avec un PRAE", arml_count, "ARML", "13 déclinaisons chacune, 2 indicateurs"),
    ]
    for name, client, url in pages:
        measures.append(
            Measure(SCENARIO, name, timed(lambda c=client, u=url: _get(c, u)), "ms", "médiane de 5")
        )
        with CaptureQueriesContext(connection) as queries:
            weight = len(client.get(url).content)
        measures.append(Measure(SCENARIO, f"{name} : requêtes", len(queries), "req."))
        measures.append(Measure(SCENARIO, f"{name} : poids HTML", weight / 1024, "Ko"))
    return measures
