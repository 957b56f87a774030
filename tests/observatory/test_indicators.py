"""Every indicator definition of spec section 5, pinned on small hand-computed datasets."""

from __future__ import annotations

import pytest

from mlplatform.observatory import engine
from mlplatform.observatory.indicators import (
    BREAKDOWNS,
    EXIT_REASONS,
    INDICATORS,
    PROGRAMMES,
    STORED_KEYS,
    completeness,
    indicators,
    indicators_many,
    years_available,
)
from mlplatform.observatory.models import DatasetStructure
from mlplatform.observatory.report import key_figures
from tests.observatory.factories import (
    SAMPLE_EXPECTED,
    acte,
    dispositif,
    import_rows,
    import_sample,
    jeune,
    objectif,
    situation,
)

pytestmark = pytest.mark.django_db

ISSUE_INDICATOR_KEYS = {
    "jeunes_accompagnes",
    "premiers_accueils",
    "jdi",
    "entretiens",
    "ateliers",
    "infos_collectives",
    "heures_face_a_face",
    "jeunes_entres_emploi",
    "contrats_emploi",
    "jeunes_entres_alternance",
    "jeunes_entres_formation",
    "actions_formation",
    "jeunes_service_civique",
    "jeunes_immersion",
    "entrees_CEJ",
    "entrees_GJ",
    "entrees_PACEA",
    "sorties_CEJ",
    "taux_sorties_positives_CEJ",
}


def ml_figures(world, year: int = 2023, code: str = "ML-A1") -> dict:
    structure = {"ML-A1": world.ml, "ML-A2": world.ml2, "ML-B1": world.other_ml}[code]
    return indicators(year, structure)


def test_shape_is_the_issue_shape(world):
    import_sample(2023)
    data = indicators(2023, None)
    assert data["structure"] is None and data["year"] == 2023
    assert set(data["indicators"]) >= ISSUE_INDICATOR_KEYS
    for programme in PROGRAMMES:
        assert {f"entrees_{programme}", f"sorties_{programme}", f"taux_sorties_positives_{programme}"} <= set(
            data["indicators"]
        )
        assert list(data["exits_by_reason"][programme]) == list(EXIT_REASONS)
    assert {name: list(values) for name, values in data["breakdowns"].items()} == {
        name: list(values) for name, values in BREAKDOWNS.items()
    }
    assert isinstance(data["indicators"]["heures_face_a_face"], float)
    assert isinstance(data["objectives"], list) and isinstance(data["evolution"], dict)
    assert [d.code for d in INDICATORS if d.kind == "rate"] == [
        f"taux_sorties_positives_{p}" for p in PROGRAMMES
    ]
    assert all(d.label and d.label[0].isupper() for d in INDICATORS)


def test_sample_figures_by_structure(world):
    import_sample(2023)
    structures = {"ML-A1": world.ml, "ML-A2": world.ml2, "ARML-A": world.arml, "ML-B1": world.other_ml}
    for code, expected in SAMPLE_EXPECTED.items():
        data = indicators(2023, structures[code] if code else None)
        for key, value in expected.items():
            assert data["indicators"][key] == value, (code, key)


def test_accompanied_first_receptions_and_acts(world):
    y = 2023
    import_rows(
        y,
        jeunes=[
            jeune("ML-A1", "jeune-00001", premier_accueil=f"{y}-01-01"),
            jeune("ML-A1", "jeune-00002", premier_accueil=f"{y}-12-31"),
            jeune("ML-A1", "jeune-00003", premier_accueil=f"{y - 1}-12-31"),
            # First received in Y but no act in Y: a first reception, not accompanied.
            jeune("ML-A1", "jeune-00004", premier_accueil=f"{y}-06-01"),
        ],
        evenements=[
            acte("ML-A1", "jeune-00001", f"{y}-01-01", "ENTRETIEN", 30),
            acte("ML-A1", "jeune-00001", f"{y}-01-02", "ENTRETIEN", 30),
            acte("ML-A1", "jeune-00002", f"{y}-12-31", "ATELIER"),
            acte("ML-A1", "jeune-00003", f"{y}-03-01", "INFO_COLLECTIVE", 90),
            acte("ML-A1", "jeune-00004", f"{y - 1}-12-31", "ENTRETIEN", 45),
        ],
    )
    figures = ml_figures(world)["indicators"]
    assert figures["jeunes_accompagnes"] == 3
    assert figures["premiers_accueils"] == 3
    assert (figures["entretiens"], figures["ateliers"], figures["infos_collectives"]) == (2, 1, 1)
    # 30 + 30 + 60 (no duration: 60 minutes) + 90 = 210 minutes; the act of Y-1 does not count.
    assert figures["heures_face_a_face"] == 3.5


def test_acts_without_duration_count_sixty_minutes(world):
    import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-00001")],
        evenements=[acte("ML-A1", "jeune-00001", "2023-05-02", duree_minutes="") for _ in range(3)]
        + [acte("ML-A1", "jeune-00001", "2023-05-03", duree_minutes=1)],
    )
    assert ml_figures(world)["indicators"]["heures_face_a_face"] == round(181 / 60, 2)


def test_hours_evolution_comes_from_exact_minutes(world):
    # 3 minutes in 2022 (0.05 h shown), 1 minute in 2023 (0.0167 h, shown 0.02 h): the change is
    # (1 - 3) / 3 = -0.6667, not (0.02 - 0.05) / 0.05 = -0.6 from the hours rounded for display.
    import_rows(
        2022,
        jeunes=[jeune("ML-A1", "jeune-00001")],
        evenements=[acte("ML-A1", "jeune-00001", "2022-05-02", duree_minutes=3)],
    )
    import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-00001")],
        evenements=[acte("ML-A1", "jeune-00001", "2023-05-02", duree_minutes=1)],
    )
    data = ml_figures(world)
    assert data["indicators"]["heures_face_a_face"] == 0.02
    assert data["previous"]["heures_face_a_face"] == 0.05
    assert data["evolution"]["heures_face_a_face"] == -0.6667
    assert data["evolution"]["entretiens"] == 0.0
    hours = next(f for f in key_figures(2023, world.ml, data).activity if f.code == "heures_face_a_face")
    assert hours.change == "-66,7\u00a0%"  # pages and PDF show the change computed above


@pytest.mark.parametrize(
    ("dates", "is_jdi"),
    [
        (["2023-07-31"], False),
        (["2023-08-01"], True),
        (["2023-12-31"], True),
        (["2023-01-15", "2023-07-31"], False),
        (["2023-02-01", "2023-09-30"], True),
        (["2022-12-31"], False),
    ],
)
def test_jdi_window_is_august_to_december(world, dates, is_jdi):
    import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-00001")],
        evenements=[acte("ML-A1", "jeune-00001", date) for date in dates],
    )
    assert ml_figures(world)["indicators"]["jdi"] == int(is_jdi)


@pytest.mark.parametrize(
    ("naissance", "acts", "band"),
    [
        ("2007-06", ["2023-05-10"], "<16"),  # 15 years and 11 months
        ("2010-01", ["2023-01-01"], "<16"),
        ("2007-05", ["2023-05-31"], "16-17"),  # the birthday month counts as reached
        ("2005-09", ["2023-03-01", "2023-10-01"], "16-17"),  # first act in Y, before the 18th birthday
        ("2005-09", ["2022-11-01", "2023-10-01"], "18-20"),  # the act of Y-1 is not the first act in Y
        ("2002-02", ["2023-01-15"], "18-20"),  # 20 years and 11 months
        ("2002-01", ["2023-01-15"], "21-23"),
        ("2000-01", ["2023-12-01"], "21-23"),
        ("1999-12", ["2023-11-30"], "21-23"),
        ("1999-12", ["2023-12-01"], "24+"),
        ("1990-01", ["2023-06-01"], "24+"),
    ],
)
def test_age_band_at_first_act_of_the_year(world, naissance, acts, band):
    import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-00001", naissance=naissance)],
        evenements=[acte("ML-A1", "jeune-00001", date) for date in acts],
    )
    ages = ml_figures(world)["breakdowns"]["age"]
    assert ages == {value: int(value == band) for value in BREAKDOWNS["age"]}


def test_breakdowns_count_accompanied_with_unknown_as_own_value(world):
    import_rows(
        2023,
        jeunes=[
            jeune("ML-A1", "jeune-00001", sexe="F", niveau="BAC", logement="FAMILLE", qpv="1", justice="1"),
            jeune("ML-A1", "jeune-00002", sexe="H", niveau="", logement="", zrr="1", rqth="1"),
            jeune("ML-A1", "jeune-00003", sexe="H", niveau="SANS_DIPLOME", logement="PRECAIRE"),
            jeune("ML-A1", "jeune-00004", sexe="F", niveau="SUPERIEUR"),  # no act in Y: not counted
        ],
        evenements=[
            acte("ML-A1", "jeune-00001", "2023-03-01"),
            acte("ML-A1", "jeune-00002", "2023-03-01"),
            acte("ML-A1", "jeune-00003", "2023-03-01"),
            acte("ML-A1", "jeune-00004", "2022-03-01"),
        ],
    )
    breakdowns = ml_figures(world)["breakdowns"]
    assert breakdowns["sexe"] == {"F": 1, "H": 2}
    assert breakdowns["niveau"] == {"SANS_DIPLOME": 1, "CAP_BEP": 0, "BAC": 1, "SUPERIEUR": 0, "INCONNU": 1}
    assert breakdowns["logement"] == {"AUTONOME": 0, "FAMILLE": 1, "PRECAIRE": 1, "INCONNU": 1}
    assert breakdowns["qpv"] == {"0": 2, "1": 1}
    assert breakdowns["zrr"] == {"0": 2, "1": 1}
    assert breakdowns["rqth"] == {"0": 2, "1": 1}
    assert breakdowns["justice"] == {"0": 2, "1": 1}
    for values in breakdowns.values():
        assert sum(values.values()) == 3


def test_situations_people_and_rows(world):
    y = 2023
    import_rows(
        y,
        jeunes=[jeune("ML-A1", "jeune-00001"), jeune("ML-A1", "jeune-00002")],
        situations=[
            situation("ML-A1", "jeune-00001", f"{y}-02-01", "EMPLOI", "CDD", 3),
            situation("ML-A1", "jeune-00001", f"{y}-06-01", "EMPLOI", "CDI"),
            situation("ML-A1", "jeune-00002", f"{y - 1}-12-31", "EMPLOI", "INTERIM"),
            situation("ML-A1", "jeune-00002", f"{y}-01-01", "ALTERNANCE"),
            situation("ML-A1", "jeune-00002", f"{y}-03-01", "FORMATION"),
            situation("ML-A1", "jeune-00002", f"{y}-09-01", "FORMATION"),
            situation("ML-A1", "jeune-00001", f"{y}-12-31", "FORMATION"),
            situation("ML-A1", "jeune-00001", f"{y}-04-01", "SERVICE_CIVIQUE", "", 8),
            situation("ML-A1", "jeune-00002", f"{y}-05-01", "IMMERSION"),
            situation("ML-A1", "jeune-00002", f"{y}-05-15", "IMMERSION"),
        ],
    )
    figures = ml_figures(world)["indicators"]
    assert figures["jeunes_entres_emploi"] == 1
    assert figures["contrats_emploi"] == 2
    assert figures["jeunes_entres_alternance"] == 1
    assert figures["jeunes_entres_formation"] == 2
    assert figures["actions_formation"] == 3
    assert figures["jeunes_service_civique"] == 1
    assert figures["jeunes_immersion"] == 1


def test_programme_entries_exits_by_reason_and_positive_rates(world):
    y = 2023
    people = [jeune("ML-A1", f"jeune-0000{i}") for i in range(1, 8)]
    import_rows(
        y,
        jeunes=people,
        dispositifs=[
            dispositif("ML-A1", "jeune-00001", "CEJ", f"{y}-01-01", f"{y}-06-30", "EMPLOI_DURABLE"),
            dispositif("ML-A1", "jeune-00002", "CEJ", f"{y - 1}-10-01", f"{y}-02-01", "ALTERNANCE"),
            dispositif("ML-A1", "jeune-00003", "CEJ", f"{y}-03-01", f"{y}-12-31", "ABANDON"),
            dispositif("ML-A1", "jeune-00004", "CEJ", f"{y}-04-01", f"{y}-11-01", "FORMATION"),
            dispositif("ML-A1", "jeune-00005", "CEJ", f"{y}-12-31"),
            dispositif("ML-A1", "jeune-00006", "CEJ", f"{y - 1}-01-01", f"{y - 1}-12-31", "EMPLOI_DURABLE"),
            dispositif("ML-A1", "jeune-00006", "GJ", f"{y - 1}-03-01"),
            dispositif("ML-A1", "jeune-00007", "PACEA", f"{y}-05-01", f"{y}-09-01", "AUTRE"),
        ],
    )
    data = ml_figures(world)
    figures = data["indicators"]
    assert (figures["entrees_CEJ"], figures["sorties_CEJ"]) == (4, 4)
    assert data["exits_by_reason"]["CEJ"] == {
        "EMPLOI_DURABLE": 1,
        "ALTERNANCE": 1,
        "FORMATION": 1,
        "AUTRE": 0,
        "ABANDON": 1,
    }
    assert figures["taux_sorties_positives_CEJ"] == 0.5
    assert (figures["entrees_GJ"], figures["sorties_GJ"]) == (0, 0)
    assert figures["taux_sorties_positives_GJ"] is None  # no exit: no rate
    assert (figures["entrees_PACEA"], figures["sorties_PACEA"], figures["taux_sorties_positives_PACEA"]) == (
        1,
        1,
        0.0,
    )


def test_region_and_nation_are_sums_and_rates_come_from_summed_counts(world):
    y = 2023
    import_rows(
        y,
        jeunes=[jeune("ML-A1", "jeune-a1-001")]
        + [jeune("ML-A2", f"jeune-a2-00{i}") for i in range(3)]
        + [jeune("ML-B1", "jeune-b1-001")],
        evenements=[acte("ML-A1", "jeune-a1-001", f"{y}-02-01")]
        + [acte("ML-A2", f"jeune-a2-00{i}", f"{y}-02-01") for i in range(3)]
        + [acte("ML-B1", "jeune-b1-001", f"{y}-02-01")],
        dispositifs=[dispositif("ML-A1", "jeune-a1-001", "CEJ", f"{y}-01-01", f"{y}-05-01", "EMPLOI_DURABLE")]
        + [
            dispositif("ML-A2", f"jeune-a2-00{i}", "CEJ", f"{y}-01-01", f"{y}-05-01", "ABANDON")
            for i in range(3)
        ],
    )
    region = indicators(y, world.arml)
    assert region["structure"] == "ARML-A"
    assert region["indicators"]["jeunes_accompagnes"] == 4
    assert region["indicators"]["taux_sorties_positives_CEJ"] == 0.25  # 1 / 4, not the mean of 1.0 and 0.0
    assert indicators(y, None)["indicators"]["jeunes_accompagnes"] == 5
    assert indicators(y, world.unml)["indicators"]["jeunes_accompagnes"] == 5
    assert region["coverage"] == {"mls": ["ML-A1", "ML-A2"], "mls_total": 2, "missing": []}


def test_objectives_summed_over_the_region(world):
    y = 2023
    import_rows(
        y,
        jeunes=[jeune("ML-A1", f"jeune-a1-00{i}") for i in range(3)] + [jeune("ML-A2", "jeune-a2-001")],
        dispositifs=[
            dispositif("ML-A1", "jeune-a1-000", "CEJ", f"{y}-02-01"),
            dispositif("ML-A1", "jeune-a1-001", "CEJ", f"{y}-03-01"),
            dispositif("ML-A1", "jeune-a1-002", "GJ", f"{y}-01-15"),
            dispositif("ML-A1", "jeune-a1-002", "PACEA", f"{y}-01-15"),
            dispositif("ML-A2", "jeune-a2-001", "GJ", f"{y}-04-01"),
            dispositif("ML-A2", "jeune-a2-001", "CEJ", f"{y - 1}-04-01"),  # entered in Y-1
        ],
        objectifs=[objectif("ARML-A", y, "CEJ+GJ", 5), objectif("ML-A1", y, "CEJ", 4)],
    )
    region = indicators(y, world.arml)
    assert region["objectives"] == [
        {"structure": "ARML-A", "dispositifs": "CEJ+GJ", "valeur": 5, "realise": 4, "taux": 0.8},
        {"structure": "ML-A1", "dispositifs": "CEJ", "valeur": 4, "realise": 2, "taux": 0.5},
    ]
    assert indicators(y, world.ml)["objectives"] == [
        {"structure": "ML-A1", "dispositifs": "CEJ", "valeur": 4, "realise": 2, "taux": 0.5}
    ]
    assert indicators(y, world.ml2)["objectives"] == []
    assert indicators(y, world.other_arml)["objectives"] == []


def test_evolution_against_previous_year_for_the_same_mls(world):
    def people(n, y, ml="ML-A1"):
        return [jeune(ml, f"jeune-{ml}-{i:03d}") for i in range(n)], [
            acte(ml, f"jeune-{ml}-{i:03d}", f"{y}-03-01") for i in range(n)
        ]

    a1_2022, acts_2022 = people(20, 2022)
    a1_2023, acts_2023 = people(19, 2023)
    import_rows(2022, jeunes=a1_2022, evenements=acts_2022)
    import_rows(2023, jeunes=a1_2023, evenements=acts_2023)
    a2, a2_acts = people(5, 2023, "ML-A2")
    import_rows(2023, jeunes=a2, evenements=a2_acts)

    ml = indicators(2023, world.ml)
    assert ml["evolution"]["jeunes_accompagnes"] == -0.05  # (19 - 20) / 20
    assert ml["evolution"]["entretiens"] == -0.05
    assert ml["previous"]["jeunes_accompagnes"] == 20
    assert "premiers_accueils" not in ml["evolution"]  # 0 in 2022: no change can be computed
    assert "taux_sorties_positives_CEJ" not in ml["evolution"]
    # ML-A2 has 2023 but not 2022: the region's totals do not describe the same MLs.
    assert indicators(2023, world.arml)["evolution"] == {}
    assert indicators(2023, world.ml2)["evolution"] == {}


def test_indicators_many_uses_a_constant_number_of_queries(world, django_assert_num_queries):
    import_sample(2023)
    structures = [world.ml, world.ml2, world.arml, world.other_ml, world.other_arml, world.unml]
    with django_assert_num_queries(3):
        many = indicators_many(2023, structures)
    assert set(many) == {s.code for s in structures}
    for structure in structures:
        assert many[structure.code] == indicators(2023, structure)
    with django_assert_num_queries(3):
        indicators_many(2023, structures[:2])


def test_years_available_and_completeness(world):
    import_sample(2023)
    import_rows(2022, jeunes=[jeune("ML-B1", "jeune-b1-0001")])
    assert years_available() == [2022, 2023]
    assert years_available(world.arml) == [2023]
    assert years_available(world.other_ml) == [2022, 2023]
    table = completeness([world.ml, world.ml2, world.other_ml, world.arml], [2022, 2023])
    assert table["ML-A1"][2022] is None
    info = table["ML-A1"][2023]
    assert info.rows["jeunes"] == 4 and info.rows["evenements"] == 5
    assert table["ML-B1"][2022].rows["jeunes"] == 1
    assert table["ARML-A"][2023].kind == DatasetStructure.Kind.OBJECTIVES


def test_engine_year_computation_matches_stored_aggregates(world):
    import_sample(2023)
    stored = dict(
        DatasetStructure.objects.current().filter(kind="DATA").values_list("structure_id", "values")
    )
    assert engine.compute_year(2023) == stored
    assert set(next(iter(stored.values()))) == set(STORED_KEYS)
    assert engine.refresh_year(2023) == 3
