"""The profile figures of issue 18: programme entrants, contract types, young people under justice."""

from __future__ import annotations

import pytest

from mlplatform.network.models import Structure
from mlplatform.observatory.indicators import PROFILE_KEYS, indicators
from mlplatform.observatory.models import DatasetStructure

from .factories import dispositif, import_rows, import_sample, jeune, situation

pytestmark = pytest.mark.django_db


def test_sample_profiles(world):
    import_sample(2023)
    ml = indicators(2023, Structure.objects.get(code="ML-A1"))
    assert ml["entrants"] == {"CEJ": 2, "GJ": 0, "PACEA": 0}
    cej = ml["entrants_profile"]["CEJ"]
    assert cej["sexe"] == {"F": 1, "H": 1}
    # a1-jeune-01 born Y-19-03, entered Y-02-15: 18 years; a1-jeune-02 born Y-17-01, entered Y-03-15: 17.
    assert cej["age"] == {"<16": 0, "16-17": 1, "18-20": 1, "21-23": 0, "24+": 0}
    assert cej["niveau"]["BAC"] == 1 and cej["niveau"]["CAP_BEP"] == 1
    assert cej["qpv"] == {"0": 1, "1": 1} and cej["zrr"] == {"0": 1, "1": 1}
    assert cej["justice"] == {"0": 2, "1": 0} and cej["rqth"] == {"0": 2, "1": 0}
    assert ml["contracts"] == {"CDI": 1, "CDD": 1, "INTERIM": 0, "CONTRAT_AIDE": 0, "INCONNU": 0}
    assert ml["contract_shares"]["CDI"] == 0.5
    assert sum(ml["contracts"].values()) == ml["indicators"]["contrats_emploi"]
    justice = ml["justice"]
    assert justice["jeunes"] == 1
    assert justice["breakdowns"]["sexe"] == {"F": 0, "H": 1}
    assert justice["breakdowns"]["rqth"] == {"0": 0, "1": 1}
    assert justice["breakdowns"]["age"]["24+"] == 1
    assert justice["entries"] == {"emploi": 0, "alternance": 0, "formation": 0}

    region = indicators(2023, Structure.objects.get(code="ARML-A"))
    assert region["entrants"] == {"CEJ": 2, "GJ": 0, "PACEA": 1}
    assert region["entrants_profile"]["PACEA"]["age"]["16-17"] == 1
    nation = indicators(2023, None)
    assert nation["entrants"]["CEJ"] == 3


def test_justice_entries_and_contracts(world):
    import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-jus-1", justice="1"), jeune("ML-A1", "jeune-jus-2", justice="0")],
        situations=[
            situation("ML-A1", "jeune-jus-1", "2023-02-01", "EMPLOI", "INTERIM"),
            situation("ML-A1", "jeune-jus-1", "2023-03-01", "EMPLOI"),
            situation("ML-A1", "jeune-jus-1", "2023-04-01", "FORMATION"),
            situation("ML-A1", "jeune-jus-2", "2023-04-01", "EMPLOI", "CDI"),
        ],
        dispositifs=[
            dispositif("ML-A1", "jeune-jus-1", "CEJ", "2023-01-10"),
            dispositif("ML-A1", "jeune-jus-1", "CEJ", "2023-05-10"),
        ],
    )
    data = indicators(2023, Structure.objects.get(code="ML-A1"))
    assert data["justice"]["entries"] == {"emploi": 1, "alternance": 0, "formation": 1}
    assert data["justice"]["contracts"]["INTERIM"] == 1 and data["justice"]["contracts"]["INCONNU"] == 1
    assert data["contracts"] == {"CDI": 1, "CDD": 0, "INTERIM": 1, "CONTRAT_AIDE": 0, "INCONNU": 1}
    # Two spells, one young person: entrants count people.
    assert data["indicators"]["entrees_CEJ"] == 2 and data["entrants"]["CEJ"] == 1
    assert data["entrants_profile"]["CEJ"]["justice"] == {"0": 0, "1": 1}


def test_aggregates_stored_before_the_profiles_read_as_missing(world):
    import_sample(2023)
    coverage = DatasetStructure.objects.get(structure__code="ML-A2", year=2023)
    coverage.values = {k: v for k, v in coverage.values.items() if k not in PROFILE_KEYS}
    coverage.save(update_fields=["values"])
    region = indicators(2023, Structure.objects.get(code="ARML-A"))
    for key in ("entrants", "entrants_profile", "contracts", "contract_shares", "justice"):
        assert region[key] is None
    assert region["indicators"]["jeunes_accompagnes"] == 5  # the rest is unchanged
    assert indicators(2023, Structure.objects.get(code="ML-A1"))["entrants"] is not None
    # ``observatory recompute`` stores them again.
    from mlplatform.observatory import engine

    engine.refresh_year(2023)
    assert indicators(2023, Structure.objects.get(code="ARML-A"))["entrants"]["PACEA"] == 1


def test_no_data_reads_as_missing(world):
    data = indicators(2023, Structure.objects.get(code="ML-A1"))
    assert data["entrants"] is None and data["justice"] is None


def test_report_blocks(world):
    from mlplatform.observatory.profiles import observatory_profiles

    import_sample(2023)
    blocks = observatory_profiles(indicators(2023, Structure.objects.get(code="ML-A1")))
    assert [b.key for b in blocks] == ["entrants-CEJ", "entrants-GJ", "entrants-PACEA", "contrats", "justice"]
    cej = blocks[0]
    assert cej.available and cej.base == 2 and cej.base_text == "2"
    sexe = next(t for t in cej.tables if t.key == "sexe")
    assert [(r.label, r.count_text, r.share_text) for r in sexe.rows] == [
        ("Femmes", "1", "50,0\u00a0%"),
        ("Hommes", "1", "50,0\u00a0%"),
    ]
    assert cej.charts and "<svg" in cej.charts[0].svg and cej.charts[0].table.rows
    assert blocks[1].available and blocks[1].charts == []  # no entrant in GJ: no chart
    contracts = blocks[3]
    assert [r.share_text for r in contracts.tables[0].rows][:2] == ["50,0\u00a0%", "50,0\u00a0%"]
    assert blocks[4].base == 1


def test_report_blocks_missing(world):
    from mlplatform.observatory.profiles import MISSING_MESSAGE, observatory_profiles

    blocks = observatory_profiles(indicators(2023, Structure.objects.get(code="ML-A1")))
    assert all(not b.available and b.missing_message == MISSING_MESSAGE and not b.tables for b in blocks)
