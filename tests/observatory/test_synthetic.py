"""The synthetic extracts generator: reproducible, in the spec's format, realistic, consistent over years."""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mlplatform.observatory import synthetic
from mlplatform.observatory.synthetic import (
    TABLES,
    generate_dataset,
    missions_locales_for_scale,
    normandie_missions_locales,
    programmes_open,
)

# ruff: noqa: S608 -- SQL over the test's own temporary files.

# The columns of spec observatoire-format-v1, section 3, in the order the generator writes them.
SPEC_COLUMNS = {
    "jeunes": [
        "structure",
        "jeune",
        "sexe",
        "naissance",
        "premier_accueil",
        "niveau",
        "qpv",
        "zrr",
        "rqth",
        "logement",
        "justice",
    ],
    "evenements": ["structure", "jeune", "date", "type", "duree_minutes"],
    "situations": ["structure", "jeune", "date", "type", "contrat", "duree_mois"],
    "dispositifs": ["structure", "jeune", "dispositif", "entree", "sortie", "motif_sortie"],
    "objectifs": ["structure", "annee", "indicateur", "dispositifs", "valeur"],
}
PERSONAL = {"nom", "prenom", "nir", "email", "telephone", "adresse", "date_naissance"}
ID_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


def digests(files: dict[str, Path]) -> dict[str, str]:
    return {table: hashlib.sha256(path.read_bytes()).hexdigest() for table, path in files.items()}


@pytest.fixture(scope="module")
def tiny_2025(tmp_path_factory) -> synthetic.GeneratedDataset:
    out = tmp_path_factory.mktemp("tiny-2025")
    return generate_dataset(2025, out, missions_locales_for_scale("tiny"))


def test_same_seed_gives_the_same_bytes_and_another_seed_other_ones(tmp_path, tiny_2025):
    again = generate_dataset(2025, tmp_path / "again", missions_locales_for_scale("tiny"))
    assert digests(again.files) == digests(tiny_2025.files)
    other = generate_dataset(2025, tmp_path / "other", missions_locales_for_scale("tiny"), seed=7)
    assert digests(other.files)["jeunes"] != digests(tiny_2025.files)["jeunes"]
    parquet_once = generate_dataset(
        2025, tmp_path / "p1", missions_locales_for_scale("tiny"), file_format="parquet"
    )
    parquet_twice = generate_dataset(
        2025, tmp_path / "p2", missions_locales_for_scale("tiny"), file_format="parquet"
    )
    assert digests(parquet_once.files) == digests(parquet_twice.files)
    # Parquet holds the same rows as CSV.
    connection = duckdb.connect()
    for table in TABLES:
        from_csv = connection.execute(
            f"SELECT count(*) FROM read_csv('{tiny_2025.files[table]}', delim=';', header=true)"
        ).fetchone()
        from_parquet = connection.execute(f"SELECT count(*) FROM '{parquet_once.files[table]}'").fetchone()
        assert from_csv == from_parquet == (tiny_2025.rows[table],)


def test_files_follow_the_spec_and_carry_no_personal_data(tiny_2025):
    year_end = date(2025, 12, 31)
    tables = {}
    for table in TABLES:
        header, rows = read(tiny_2025.files[table])
        assert header == SPEC_COLUMNS[table]
        assert not PERSONAL & set(header)
        assert len(rows) == tiny_2025.rows[table] > 0
        tables[table] = rows
    codes = {ml.code for ml in missions_locales_for_scale("tiny")}
    people = set()
    for row in tables["jeunes"]:
        assert row["structure"] in codes
        assert ID_RE.fullmatch(row["jeune"]) and row["jeune"].startswith("J")
        assert (row["structure"], row["jeune"]) not in people
        people.add((row["structure"], row["jeune"]))
        assert row["sexe"] in {"F", "H"}
        assert re.fullmatch(r"\d{4}-\d{2}", row["naissance"])
        assert date.fromisoformat(row["premier_accueil"]) <= year_end
        assert row["niveau"] in {"", "SANS_DIPLOME", "CAP_BEP", "BAC", "SUPERIEUR"}
        assert row["logement"] in {"", "AUTONOME", "FAMILLE", "PRECAIRE"}
        assert {row[flag] for flag in ("qpv", "zrr", "rqth", "justice")} <= {"0", "1"}
    for row in tables["evenements"]:
        assert (row["structure"], row["jeune"]) in people
        assert date(2025, 1, 1) <= date.fromisoformat(row["date"]) <= year_end
        assert row["type"] in {"ENTRETIEN", "ATELIER", "INFO_COLLECTIVE"}
        assert row["duree_minutes"] == "" or 1 <= int(row["duree_minutes"]) <= 600
    for row in tables["situations"]:
        assert (row["structure"], row["jeune"]) in people
        assert DATE_RE.fullmatch(row["date"]) and date.fromisoformat(row["date"]) <= year_end
        assert row["type"] in {"EMPLOI", "ALTERNANCE", "FORMATION", "IMMERSION", "SERVICE_CIVIQUE"}
        assert row["contrat"] in (
            {"", "CDI", "CDD", "INTERIM", "CONTRAT_AIDE"} if row["type"] == "EMPLOI" else {""}
        )
        assert row["duree_mois"] == "" or 1 <= int(row["duree_mois"]) <= 120
    for row in tables["dispositifs"]:
        assert (row["structure"], row["jeune"]) in people
        assert row["dispositif"] in {"CEJ", "PACEA"}  # no GJ entry since March 2022, none open in 2025
        entree = date.fromisoformat(row["entree"])
        assert entree <= year_end
        if row["sortie"]:
            assert entree <= date.fromisoformat(row["sortie"]) <= year_end
            assert date.fromisoformat(row["sortie"]).year == 2025
            assert row["motif_sortie"] in {"EMPLOI_DURABLE", "ALTERNANCE", "FORMATION", "AUTRE", "ABANDON"}
        else:
            assert row["motif_sortie"] == ""
    objectives = tables["objectifs"]
    assert {row["structure"] for row in objectives} == codes | {"ARML-NOR"}
    for row in objectives:
        assert row["annee"] == "2025" and row["indicateur"] == "ENTREES_DISPOSITIF"
        assert row["dispositifs"] == "CEJ" and int(row["valeur"]) >= 1


def test_some_acts_have_no_duration_and_some_young_people_arrive_in_the_year(tmp_path):
    dataset = generate_dataset(2025, tmp_path, normandie_missions_locales(0.1))
    _, acts = read(dataset.files["evenements"])
    missing = sum(1 for row in acts if not row["duree_minutes"]) / len(acts)
    assert 0.08 < missing < 0.12
    _, young = read(dataset.files["jeunes"])
    arrived = sum(1 for row in young if row["premier_accueil"].startswith("2025")) / len(young)
    assert 0.25 < arrived < 0.45
    ages = [2025 - int(row["naissance"][:4]) for row in young]
    assert min(ages) >= 14 and max(ages) <= 27


def test_consecutive_years_share_their_young_people_and_shrink_by_about_five_percent(tmp_path):
    mls = normandie_missions_locales(0.2)
    before = generate_dataset(2024, tmp_path / "2024", mls)
    after = generate_dataset(2025, tmp_path / "2025", mls)
    _, young_before = read(before.files["jeunes"])
    _, young_after = read(after.files["jeunes"])
    by_id = {(row["structure"], row["jeune"]): row for row in young_before}
    shared = [row for row in young_after if (row["structure"], row["jeune"]) in by_id]
    assert 0.5 < len(shared) / len(young_after) < 0.8
    for row in shared:  # the same person has the same profile in both extracts
        assert row == by_id[(row["structure"], row["jeune"])]
    assert -0.08 < len(young_after) / len(young_before) - 1 < -0.02
    # A spell still running at the end of 2024 is in both extracts, with the same entry date.
    _, spells_before = read(before.files["dispositifs"])
    _, spells_after = read(after.files["dispositifs"])
    open_before = {
        (r["structure"], r["jeune"], r["dispositif"], r["entree"]) for r in spells_before if not r["sortie"]
    }
    in_after = {(r["structure"], r["jeune"], r["dispositif"], r["entree"]) for r in spells_after}
    assert open_before and open_before <= in_after


def test_programmes_and_objectives_follow_the_calendar(tmp_path):
    assert programmes_open(2021) == ("GJ",)
    assert programmes_open(2022) == ("CEJ", "GJ")
    assert programmes_open(2025) == ("CEJ",)
    dataset = generate_dataset(2022, tmp_path, normandie_missions_locales(0.05))
    _, spells = read(dataset.files["dispositifs"])
    entered_2022 = [row for row in spells if row["entree"].startswith("2022")]
    assert all(row["entree"] < "2022-03-01" for row in entered_2022 if row["dispositif"] == "GJ")
    assert all(row["entree"] >= "2022-03-01" for row in entered_2022 if row["dispositif"] == "CEJ")
    _, objectives = read(dataset.files["objectifs"])
    assert {row["dispositifs"] for row in objectives} == {"CEJ+GJ"}


def test_sizes_follow_the_network():
    normandie = normandie_missions_locales()
    assert len(normandie) == 24
    assert sum(ml.accompanied for ml in normandie) == pytest.approx(50_687)
    sizes = {ml.code: ml.accompanied for ml in normandie}
    assert sizes["ML-76-ROUEN"] > sizes["ML-76-TALOU"]
    assert {ml.arml for ml in normandie} == {"ARML-NOR"}


def test_national_scale_covers_the_demo_network():
    national = missions_locales_for_scale("national")
    assert 430 <= len(national) <= 440
    assert len({ml.code for ml in national}) == len(national)
    total = sum(ml.accompanied for ml in national)
    assert 0.9e6 < total < 1.2e6  # young people accompanied in 2022
    assert len({ml.arml for ml in national}) == 15


def test_command_line_writes_a_dataset(tmp_path, capsys):
    assert synthetic.main(["--year", "2025", "--out", str(tmp_path), "--scale", "tiny"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"{table}.csv" for table in TABLES)
    assert "Extrait synthétique 2025" in capsys.readouterr().out
