"""The national and regional dashboards: figures per stage and region, the target, the map, query counts."""

from __future__ import annotations

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.models import Framework
from mlplatform.label.dashboards import NOT_ENGAGED, national_figures, next_deadline, region_figures
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.regions_map import RegionShare, regions_map, shade_of
from mlplatform.network.enums import StructureType

from ..factories import login, make_structure

TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def file_for(structure, stage: str, **fields) -> LabelFile:
    framework, _ = Framework.objects.get_or_create(code="ML" if structure.is_ml else "ARML-UNML")
    return LabelFile.objects.create(
        structure=structure, framework=framework, stage=stage, enrolled_on=day(-400), **fields
    )


def labelled(structure, stage: str = Stage.LABELLED, **fields) -> LabelFile:
    values = {"valid_from": day(-100), "valid_until": day(900), "follow_up_due_on": day(60), **fields}
    return file_for(structure, stage, **values)


@pytest.fixture
def network(world):
    """ML-A1 labelled, ML-A2 enrolled, ML-B1 expired, the ARMLs and the UNML without a file."""
    labelled(world.ml)
    file_for(world.ml2, Stage.ENROLLED)
    file_for(world.other_ml, Stage.EXPIRED, valid_from=day(-1200), valid_until=day(-100))
    make_structure("ML-A9", StructureType.ML, world.arml, name="Mission Locale fermée", closed_on=day(-10))
    return world


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_national_figures_count_every_open_structure(network):
    figures = national_figures(TODAY)
    total = figures.network
    assert total.total == 6  # the closed Mission Locale is not counted
    assert total.counts[NOT_ENGAGED] == 3 and total.engaged == 2 and total.labelled == 1
    rows = {row.name: row for row in figures.regions}
    alpha, beta, unml = rows["Région Alpha"], rows["Région Bêta"], rows["Tête de réseau (UNML)"]
    assert (alpha.total, alpha.engaged, alpha.labelled, alpha.code) == (3, 2, 1, "ARML-A")
    assert (beta.total, beta.engaged, beta.labelled, beta.counts[Stage.EXPIRED]) == (2, 0, 0, 1)
    assert (unml.total, unml.counts[NOT_ENGAGED], unml.code) == (1, 1, None)
    assert figures.target.remaining == 4 and figures.target.share == pytest.approx(2 / 6)


def test_a_renewal_in_progress_still_counts_as_labelled_but_a_future_label_does_not(world):
    labelled(world.ml, Stage.AUDIT_REQUESTED, audit_requested_on=day(-5), self_assessed_on=day(-300))
    labelled(world.ml2, valid_from=day(7), valid_until=day(1000), follow_up_due_on=None)
    figures = national_figures(TODAY)
    assert figures.network.labelled == 1
    assert figures.network.renewing == 1  # counted as labelled, at the stage of its renewal


def test_the_dashboard_says_why_labelled_and_the_labelled_stage_differ(world, client):
    """One structure labelled at its stage, one labelled with its renewal requested: "2 labellisées"
    beside a stage column of 1, and the page says the difference is the renewal in progress."""
    labelled(world.ml)
    labelled(world.ml2, Stage.AUDIT_REQUESTED, audit_requested_on=day(-5), self_assessed_on=day(-300))
    login(client, world.user(Role.NATIONAL_ADMIN))
    page = " ".join(text_of(client.get(reverse("label:dashboard"))).split())
    assert "2 sur 6, dont 1 en cours de renouvellement" in page
    assert "Dont renouvellement" in page and "compte à l'étape de ce renouvellement" in page


def test_the_engagement_target(network, settings):
    settings.LABEL_ENGAGEMENT_TARGET = "2024-12-31"
    target = national_figures(datetime.date(2026, 11, 23)).target
    assert target.is_past and target.delay_text == "échéance dépassée depuis le 31/12/2024"
    settings.LABEL_ENGAGEMENT_TARGET = day(10).isoformat()
    target = national_figures(TODAY).target
    assert not target.is_past and target.days_left == 10 and target.delay_text == "10 jours avant l'échéance"


def test_the_national_dashboard_page(network, client, settings):
    settings.LABEL_ENGAGEMENT_TARGET = "2024-12-31"
    login(client, network.user(Role.NATIONAL_ADMIN))
    page = text_of(client.get(reverse("label:dashboard")))
    assert "Échéance dépassée" in page and "depuis le 31/12/2024" in page
    assert "33,3\u00a0%" in page  # engaged: 2 of 6
    assert '4</span><span class="kpi-label">structures encore à engager' in page
    assert 'role="img"' in page and "Part des structures labellisées par région (données)" in page
    assert f'href="{reverse("label:region", kwargs={"code": "ARML-A"})}"' in page


@pytest.mark.parametrize("role", [Role.ARML_REFERENT, Role.ML_DIRECTOR, Role.AUDITOR, Role.COMMISSION_MEMBER])
def test_the_national_dashboard_is_for_the_unml(role, world, client):
    login(client, world.user(role))
    assert client.get(reverse("label:dashboard")).status_code == 403


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def _grow(world, count: int) -> None:
    """More Missions Locales in both regions, at every stage (some without file)."""
    stages = [Stage.ENROLLED, Stage.AUDIT_REQUESTED, Stage.AUDIT_SCHEDULED, Stage.ON_AGENDA, Stage.LABELLED]
    for index in range(count):
        parent = world.arml if index % 2 else world.other_arml
        structure = make_structure(f"ML-X{index}", StructureType.ML, parent, name=f"Mission Locale X{index}")
        if index % 6 == 5:
            continue
        stage = stages[index % len(stages)]
        if stage == Stage.LABELLED:
            labelled(structure)
        else:
            file_for(structure, stage, self_assessed_on=day(-300), audit_requested_on=day(-20))


@pytest.mark.parametrize(
    ("role", "name", "kwargs"),
    [
        (Role.NATIONAL_ADMIN, "label:dashboard", {}),
        (Role.ARML_REFERENT, "label:region", {"code": "ARML-A"}),
        (Role.NATIONAL_ADMIN, "label:region", {"code": "ARML-A"}),
    ],
)
def test_dashboard_query_counts_do_not_grow_with_the_network(role, name, kwargs, network, client):
    login(client, network.user(role))
    path = reverse(name, kwargs=kwargs)
    client.get(path)
    before = _count(client, path)
    _grow(network, 12)
    assert _count(client, path) == before


def test_the_regional_dashboard_lists_its_mls_with_their_next_deadline(world, client):
    file_for(
        world.ml,
        Stage.AUDIT_REQUESTED,
        self_assessed_on=day(-60),
        audit_requested_on=day(-9),
    )
    labelled(world.ml2, follow_up_due_on=day(30))
    login(client, world.user(Role.ARML_REFERENT))
    page = text_of(client.get(reverse("label:region", kwargs={"code": "ARML-A"})))
    assert "1 demande d'audit en attente de l'avis de l'ARML" in page
    assert f"Avis de l'ARML attendu depuis le {day(-9):%d/%m/%Y}" in page
    assert f"Audit de suivi attendu avant le {day(30):%d/%m/%Y}" in page
    assert "Mission Locale Bêta Un" not in page  # another region
    assert 'class="overdue"' in page
    figures = region_figures(world.arml, TODAY)
    assert {stage: count for stage, _, count in figures.counts}[Stage.LABELLED] == 1
    assert figures.own.stage == NOT_ENGAGED and figures.labelled == 1 and figures.pending_opinions == 1


@pytest.mark.parametrize(
    ("key", "status"),
    [
        (Role.ARML_STAFF, 200),
        ("OTHER_ARML_REFERENT", 404),
        (Role.ML_DIRECTOR, 404),
        (Role.AUDITOR, 404),
    ],
)
def test_the_regional_dashboard_is_for_the_arml_and_the_unml(key, status, world, client):
    login(client, world.user(key))
    assert client.get(reverse("label:region", kwargs={"code": "ARML-A"})).status_code == status


def test_next_deadline_takes_a_pending_opinion_first(world):
    file = LabelFile(
        structure=world.ml, stage=Stage.AUDIT_REQUESTED, audit_requested_on=day(-3), valid_until=day(40)
    )
    deadline = next_deadline(file, TODAY)
    assert deadline.label.startswith("Avis de l'ARML") and deadline.overdue
    file.arml_opinion = ArmlOpinion.FAVOURABLE
    assert next_deadline(file, TODAY).label == "Fin de validité du label le"


# The map


def test_the_map_is_accessible_and_says_the_same_as_its_table():
    chart = regions_map(
        [
            RegionShare("Normandie", 25, 10),
            RegionShare("Provence-Alpes-Côte d’Azur", 30, 0),
            RegionShare("Région Alpha", 4, 3),
        ]
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Normandie : 40,0\u00a0% des structures labellisées (10 sur 25)" in svg  # the tile's title
    assert ">Normandie<" in svg and ">40\u00a0%<" in svg  # its visible name and value
    assert ">Région Alpha<" in svg and "Autres régions" in svg  # a region the layout does not know
    assert ">Corse<" in svg and "Corse : aucune structure" in svg
    assert "<pattern" in svg and 'stroke-dasharray="4 3"' in svg  # patterns, not colour alone
    assert "style=" not in svg
    rows = dict(chart.table.rows)
    assert rows["Normandie"] == ["25", "10", "40,0\u00a0%"]
    assert rows["Provence-Alpes-Côte d’Azur"][2] == "0,0\u00a0%"
    # The apostrophe of the name does not matter: the tile is found.
    assert "Provence-Alpes-Côte d’Azur : 0,0" in svg or "Provence-Alpes-Côte d'Azur : 0,0" in html.unescape(
        svg
    )


def test_shades_are_told_apart_by_their_pattern():
    patterns = [shade_of(share).pattern for share in (0, 0.1, 0.3, 0.6, 0.9)]
    assert len(set(patterns)) == len(patterns)
    assert shade_of(None).label == "Aucune structure" and shade_of(0.5).label == "de 50 à 75 %"
