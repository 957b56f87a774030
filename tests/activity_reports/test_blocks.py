"""Every automatic block against its single source, the missing-data blocks, and the national
report gathering the regional reports' key figures."""

from __future__ import annotations

import datetime

from mlplatform.activity_reports.composition import compute
from mlplatform.activity_reports.figures import PEOPLE_CODES, Sources, observatory_block, theme_block
from mlplatform.activity_reports.network_figures import (
    annex_block,
    quality_block,
    team_block,
    training_block,
)
from mlplatform.activity_reports.secrecy import SECRET_TEXT, hidden_cells
from mlplatform.animation.counts import yearly_counts
from mlplatform.animation.models import Meeting
from mlplatform.observatory import indicators as ind
from mlplatform.observatory import report as obs_report
from mlplatform.reports.charts import format_number, format_share
from mlplatform.training.review import review

from ..observatory.factories import acte, import_rows, import_sample, jeune
from ..training.factories import action, attend, session
from .factories import draft, published

YEAR = 2023


def _values(block) -> dict[str, str]:
    return {item["label"]: item["value"] for item in block["figures"]}


def _import_crowd(year: int, people: int, qpv: int) -> None:
    """``people`` young people of ML-A1 seen in ``year`` (the first ``qpv`` living in a QPV)."""
    ids = [f"JEUNE-{n:04d}" for n in range(people)]
    import_rows(
        year,
        jeunes=[
            jeune("ML-A1", i, qpv="1" if n < qpv else "0", sexe="F" if n % 2 else "H")
            for n, i in enumerate(ids)
        ],
        evenements=[acte("ML-A1", i, f"{year}-03-0{1 + n % 9}") for n, i in enumerate(ids)],
    )


def test_observatory_block_is_the_observatory_page(world):
    _import_crowd(YEAR - 1, 20, 2)
    _import_crowd(YEAR, 24, 12)
    sources = Sources(world.ml, YEAR)
    block = observatory_block(sources)
    data = ind.indicators(YEAR, world.ml)
    figures = obs_report.key_figures(YEAR, world.ml, data)
    values = {item["label"]: item for item in block["figures"]}
    for figure in (*figures.headline, *figures.activity):
        raw = data["indicators"][figure.code]
        expected = SECRET_TEXT if figure.code in PEOPLE_CODES and 1 <= raw <= 10 else figure.value
        assert values[figure.label]["value"] == expected, figure.code
    assert (
        values["Jeunes accompagnés"]["value"]
        == format_number(data["indicators"]["jeunes_accompagnes"])
        == "24"
    )
    assert values["Jeunes accompagnés"]["change"] == figures.headline[0].change == "+20,0\xa0%"
    assert values["Entretiens individuels"]["value"] == "24"
    assert block["charts"] and all("<svg" in chart["svg"] for chart in block["charts"])
    # Shares: 12 of 24 in a QPV is shown; the 2 of 20 the year before would not be.
    public = {row[0]: row[1] for row in block["tables"][0]["rows"]}
    assert public[obs_report.FLAG_LABELS["qpv"]] == f"{format_share(0.5)} (12 jeunes)"
    before = observatory_block(Sources(world.ml, YEAR - 1))
    assert {row[0]: row[1] for row in before["tables"][0]["rows"]}[
        obs_report.FLAG_LABELS["qpv"]
    ] == SECRET_TEXT
    # The CEJ theme carries the profile of the CEJ entrants (observatory.profiles), the employment
    # theme the contract types.
    assert theme_block(sources, "cej")["tables"][0]["caption"].startswith("Profil des jeunes entrés en CEJ")
    assert theme_block(sources, "emploi")["tables"][0]["caption"].startswith("Types de contrat")
    # A theme reads the same source.
    citizenship = theme_block(sources, "citoyennete")
    assert citizenship["figures"][0]["value"] == obs_report.format_value("jeunes_service_civique", 0)


def test_small_counts_are_secret_in_every_block(world):
    import_sample(YEAR - 1)
    import_sample(YEAR)
    block = observatory_block(Sources(world.arml, YEAR))
    values = {item["label"]: item["value"] for item in block["figures"]}
    assert values["Jeunes accompagnés"] == SECRET_TEXT  # 3 young people in the sample
    assert all("<svg" not in str(row) for row in block["tables"])
    handicap = _values(theme_block(Sources(world.arml, YEAR), "handicap"))
    assert handicap[obs_report.FLAG_LABELS["rqth"]] == SECRET_TEXT


def test_missing_data_is_said_not_shown_as_zeros(world):
    sources = Sources(world.arml, YEAR)
    observatory = observatory_block(sources)
    assert observatory["available"] is False and "aucun extrait de l'observatoire" in observatory["missing"]
    assert observatory["figures"] == []
    assert team_block(sources)["available"] is False
    assert training_block(sources)["available"] is False
    health = theme_block(sources, "sante")
    assert health["available"] is False and "Aucune réunion" in health["missing"]


def test_team_block_is_the_network_life_count(world):
    for month in (1, 4, 9):
        Meeting.objects.create(
            structure=world.arml,
            kind="conseil_administration",
            theme="gouvernance",
            title="CA",
            date=datetime.date(YEAR, month, 3),
            organised=True,
        )
    Meeting.objects.create(
        structure=world.arml,
        kind="bureau",
        theme="gouvernance",
        title="Bureau",
        date=datetime.date(YEAR - 1, 5, 3),
        organised=True,
    )
    block = team_block(Sources(world.arml, YEAR))
    counts = yearly_counts(world.arml, YEAR)
    values = {item["label"]: item for item in block["figures"]}
    assert values["Réunions animées"]["value"] == format_number(counts.meetings_organised) == "3"
    assert values["Réunions animées"]["change"] == "+200,0\xa0%"
    assert values["Conseil d'administration"]["value"] == "3"


def test_training_block_is_the_training_review(world):
    training = action(world.arml, year=YEAR)
    first = session(training, half_days=4)
    attend(first, world.ml, "Camille", "camille@example.org", 4)
    attend(first, world.ml2, "Dominique", "dominique@example.org", 2)
    block = training_block(Sources(world.arml, YEAR))
    figures = review(world.arml, YEAR)
    values = _values(block)
    assert values["Participants"] == format_number(figures.participants) == "2"
    assert values["Sessions"] == format_number(figures.sessions)
    ml_values = _values(training_block(Sources(world.ml, YEAR)))
    assert ml_values["Salariés formés (plan régional)"] == "1"


def test_quality_and_annex_blocks(world):
    quality = quality_block(Sources(world.ml, YEAR))
    assert _values(quality)[f"Label au 31/12/{YEAR}"] == "Non engagée dans la démarche de labellisation"
    annex = annex_block(Sources(world.arml, YEAR))
    rows = annex["tables"][0]["rows"]
    assert [row[0] for row in rows] == ["Mission Locale Alpha Deux", "Mission Locale Alpha Un"]


def test_national_report_gathers_the_published_regional_reports(world):
    import_sample(YEAR)
    regional = published(world, YEAR)
    national = draft(world, "unml", YEAR)
    blocks = compute(national)
    regions = blocks["regions"]
    row = next(r for r in regions["tables"][0]["rows"] if r[0] == world.arml.name)
    frozen = {f["label"]: f["value"] for f in regional.frozen["observatoire"]["figures"]}
    assert row[2] == frozen["Jeunes accompagnés"]
    assert regions["links"][0]["url"] == regional.public_url()
    other = next(r for r in regions["tables"][0]["rows"] if r[0] == world.other_arml.name)
    assert other[1] == "Rapport non publié"


def test_report_page_query_count_does_not_grow_with_data(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mlplatform.accounts.enums import Role

    from ..factories import login, make_structure

    report = draft(world, "arml", YEAR)
    login(client, world.user(Role.ARML_STAFF))
    client.get(report.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        assert client.get(report.get_absolute_url()).status_code == 200
    for index in range(5):
        make_structure(f"ML-X{index}", "ML", world.arml, name=f"Mission Locale X{index}")
    for month in range(1, 7):
        Meeting.objects.create(
            structure=world.arml,
            kind="bureau",
            theme="justice",
            title="Bureau",
            date=datetime.date(YEAR, month, 3),
            organised=True,
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(report.get_absolute_url()).status_code == 200
    assert len(large) == len(small)


def test_a_lone_hidden_cell_hides_the_next_smallest():
    assert hidden_cells([40, 3, 25, 12]) == {1, 3}
    assert hidden_cells([40, 3, 5, 12]) == {1, 2}
    assert hidden_cells([40, 0, 25]) == set()


def test_programme_block_is_the_programme_review(world):
    from mlplatform.activity_reports.network_figures import programme_block
    from mlplatform.programmes.reviews import programme_review

    from ..programmes.world import prae, prae_action

    prae_action(world)
    programme = prae(world)
    version = programme.versions.order_by("-year").first()
    year = version.year
    block = programme_block(Sources(world.arml, year))
    review = programme_review(version, year)
    values = _values(block)
    assert values["Actions"] == format_number(review["counts"]["total"])
    assert values["Actions réalisées"] == format_number(review["counts"]["done"])
    assert len(block["tables"][0]["rows"]) == len(review["rows"])
    outside = programme_block(Sources(world.arml, programme.end_year + 1))
    assert outside["available"] is False and "Aucun programme" in outside["missing"]


def test_quality_block_shows_the_barometer_results_of_the_year(world):
    from mlplatform.activity_reports.network_figures import quality_block
    from mlplatform.surveys import results

    from ..surveys.helpers import add_responses, youth_campaign

    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12)
    add_responses(campaign, world.ml2, 4)
    year = campaign.closes_on.year
    ml_row = quality_block(Sources(world.ml, year))["tables"][0]["rows"][0]
    group = results.structure_result(results.counts(campaign), world.ml)
    assert ml_row == [
        campaign.title,
        "12",
        format_share(group.overall.satisfaction_rate),
        format_number(group.recommendation.recommendation_score),
    ]
    # Fewer than 10 responses: nothing is shown but « moins de 10 réponses ».
    small = quality_block(Sources(world.ml2, year))["tables"][0]["rows"][0]
    assert small == [campaign.title, results.SUPPRESSED_LABEL, "—", "—"]
