"""Synthetic extracts go through the real import, and the engine finds seed 004's orders of magnitude."""

from __future__ import annotations

import pytest

from mlplatform.network.demo import load_reference_network
from mlplatform.network.models import Structure
from mlplatform.observatory.importer import import_dataset
from mlplatform.observatory.indicators import indicators
from mlplatform.observatory.models import DatasetStructure
from mlplatform.observatory.synthetic import GeneratedDataset, generate_dataset, normandie_missions_locales

# ARML Normandie, 2022 (seed 004, page "OBSERVATOIRE").
SEED_004 = {
    "jeunes_accompagnes": 50_687,
    "premiers_accueils": 18_024,
    "entretiens": 350_616,
    "ateliers": 166_612,
    "infos_collectives": 13_330,
    "heures_face_a_face": 530_558,
    "jeunes_entres_emploi": 20_427,
    "contrats_emploi": 40_812,
    "jeunes_entres_alternance": 2_578,
    "jeunes_entres_formation": 6_651,
    "actions_formation": 8_086,
    "entrees_CEJ": 12_022,
    "entrees_GJ": 1_905,
}
SEED_004_SHARES = {
    ("sexe", "F"): 0.469,
    ("niveau", "SANS_DIPLOME"): 0.505,
    ("niveau", "CAP_BEP"): 0.171,
    ("niveau", "BAC"): 0.26,
    ("niveau", "SUPERIEUR"): 0.064,
    ("qpv", "1"): 0.155,
    ("zrr", "1"): 0.12,
    ("age", "16-17"): 0.089,
    ("age", "18-20"): 0.377,
    ("age", "21-23"): 0.348,
    ("age", "24+"): 0.186,
}
FACTOR = 0.05  # 1/20 of Normandie: about 2,500 young people accompanied


def import_generated(dataset: GeneratedDataset):
    result = import_dataset(dataset.year, {path.name: path for path in dataset.files.values()})
    assert result.accepted, result.report()
    return result


@pytest.mark.django_db
def test_tiny_extracts_pass_the_importer_in_csv_and_parquet(tmp_path):
    load_reference_network()
    mls = normandie_missions_locales(0.01)
    for file_format in ("csv", "parquet"):
        dataset = generate_dataset(2025, tmp_path / file_format, mls, file_format=file_format)
        result = import_generated(dataset)
        assert result.problems == []
        assert sorted(result.structures) == sorted(ml.code for ml in mls)
        assert result.objective_structures == sorted([*(ml.code for ml in mls), "ARML-NOR"])
        assert result.rows == dataset.rows
    # The second import (Parquet, same rows) replaced the first for the same MLs and year.
    assert DatasetStructure.objects.current().filter(year=2025, kind="DATA").count() == 24


@pytest.mark.django_db
def test_normandie_figures_are_of_the_order_of_seed_004(tmp_path):
    load_reference_network()
    mls = normandie_missions_locales(FACTOR)
    for year in (2021, 2022):
        import_generated(generate_dataset(year, tmp_path / str(year), mls))
    figures = indicators(2022, Structure.objects.get(code="ARML-NOR"))
    values = figures["indicators"]
    for code, expected in SEED_004.items():
        assert values[code] / FACTOR == pytest.approx(expected, rel=0.15), code
    accompanied = values["jeunes_accompagnes"]
    for (breakdown, value), expected in SEED_004_SHARES.items():
        assert figures["breakdowns"][breakdown][value] / accompanied == pytest.approx(expected, abs=0.03)
    assert -0.08 < figures["evolution"]["jeunes_accompagnes"] < -0.02
    regional = next(row for row in figures["objectives"] if row["structure"] == "ARML-NOR")
    assert regional["dispositifs"] == "CEJ+GJ"
    assert regional["taux"] == pytest.approx(1.08, abs=0.03)  # 12,952 in the seed: 108 %
    assert len(figures["objectives"]) == 25  # the region's own, then its 24 MLs'
