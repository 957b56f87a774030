"""Import of observatory extracts: every refusal rule of spec section 4, atomicity, idempotence, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from mlplatform.network.perimeter import Level, Perimeter
from mlplatform.observatory.importer import RULES, files_from_directory, import_dataset
from mlplatform.observatory.indicators import indicators
from mlplatform.observatory.models import Dataset, DatasetStructure, Objective
from tests.observatory.factories import (
    acte,
    dispositif,
    import_rows,
    import_sample,
    jeune,
    objectif,
    sample_rows,
    situation,
    write_dataset,
)

pytestmark = pytest.mark.django_db

J1 = "jeune-00001"


def refuse(tmp_path: Path, *, year: int = 2023, allowed: Perimeter | None = None, **tables):
    """Import rows expected to be refused; returns the result after checking nothing was stored."""
    before = _stored_folders()
    result = import_rows(year, directory=tmp_path / "in", expect_accepted=False, allowed=allowed, **tables)
    assert not result.accepted
    assert result.dataset is None
    assert not Dataset.objects.exists() and not DatasetStructure.objects.exists()
    assert _stored_folders() == before
    assert "Rien n'a été modifié" in result.summary
    return result


def group(result, rule: str):
    found = {g.rule: g for g in result.problems}
    assert rule in found, result.report()
    assert found[rule].message == RULES[rule]
    return found[rule]


def _stored_folders() -> set[str]:
    root = Path(settings.OBSERVATORY_DIR) / "datasets"
    return {p.name for p in root.iterdir()} if root.exists() else set()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


MINIMAL = {
    "evenements.csv": "structure;jeune;date;type;duree_minutes\n",
    "situations.csv": "structure;jeune;date;type;contrat;duree_mois\n",
    "dispositifs.csv": "structure;jeune;dispositif;entree;sortie;motif_sortie\n",
}
JEUNES_HEADER = "structure;jeune;sexe;naissance;premier_accueil;niveau;qpv;zrr;rqth;logement;justice\n"


def files_from_text(tmp_path: Path, **texts: str) -> dict[str, Path]:
    contents = {**MINIMAL, **{name.replace("_", "."): text for name, text in texts.items()}}
    return {name: _write(tmp_path / "raw" / name, text) for name, text in contents.items()}


# -- accepted datasets -----------------------------------------------------------------------------


def test_sample_is_accepted_and_stored(world):
    result = import_sample(2023)
    assert result.accepted and not result.unchanged
    dataset = result.dataset
    assert dataset.year == 2023
    assert result.structures == ["ML-A1", "ML-A2", "ML-B1"]
    assert result.objective_structures == ["ARML-A", "ML-A1"]
    assert dataset.files["jeunes"]["rows"] == 7 and len(dataset.files["jeunes"]["sha256"]) == 64
    assert set(dataset.files) == {"jeunes", "evenements", "situations", "dispositifs", "objectifs"}
    folder = Path(settings.OBSERVATORY_DIR) / "datasets" / dataset.storage
    assert sorted(p.name for p in folder.iterdir()) == [
        "dispositifs.parquet",
        "evenements.parquet",
        "jeunes.parquet",
        "situations.parquet",
    ]
    assert DatasetStructure.objects.filter(dataset=dataset).count() == 4  # 3 MLs and ARML-A (objectives)
    assert Objective.objects.count() == 2
    assert "importé" in result.summary and "ML-A1" in result.summary


def test_parquet_and_csv_give_the_same_figures(world, tmp_path):
    import_sample(2023, directory=tmp_path / "csv")
    from_csv = indicators(2023, None)
    import_sample(2023, directory=tmp_path / "parquet", fmt="parquet")
    assert Dataset.objects.count() == 2
    assert indicators(2023, None) == from_csv


def test_csv_with_bom_comma_and_quotes(world, tmp_path):
    rows = sample_rows(2023)
    files = write_dataset(tmp_path, delimiter=",", bom=True, **rows)
    text = files["jeunes.csv"].read_text(encoding="utf-8-sig")
    files["jeunes.csv"].write_text(
        "\ufeff" + text.replace("ML-A1,a1-jeune-01", '"ML-A1","a1-jeune-01"'), encoding="utf-8"
    )
    result = import_dataset(2023, files)
    assert result.accepted, result.report()
    assert indicators(2023, world.ml)["indicators"]["jeunes_accompagnes"] == 3


def test_typed_parquet_columns_are_accepted(world, tmp_path):
    import duckdb

    files = write_dataset(tmp_path, **sample_rows(2023))
    connection = duckdb.connect()
    target = tmp_path / "typed" / "evenements.parquet"
    target.parent.mkdir()
    connection.execute(
        "COPY (SELECT structure, jeune, CAST(date AS DATE) AS date, type, "
        "TRY_CAST(duree_minutes AS INTEGER) AS duree_minutes FROM read_csv(?, delim=';', header=true, "
        "all_varchar=true)) TO ? (FORMAT parquet)",
        [str(files["evenements.csv"]), str(target)],
    )
    connection.close()
    files.pop("evenements.csv")
    files["evenements.parquet"] = target
    result = import_dataset(2023, files)
    assert result.accepted, result.report()
    assert indicators(2023, world.ml)["indicators"]["heures_face_a_face"] == 5.0


def test_dry_run_checks_and_stores_nothing(world, tmp_path):
    files = write_dataset(tmp_path, **sample_rows(2023))
    result = import_dataset(2023, files, dry_run=True)
    assert result.accepted and result.dataset is None
    assert "rien n'a été importé" in result.summary
    assert not Dataset.objects.exists()


# -- idempotence, replacement, history -----------------------------------------------------------------


def test_same_files_twice_change_nothing(world, tmp_path):
    first = import_sample(2023, directory=tmp_path)
    figures = indicators(2023, None)
    again = import_dataset(2023, files_from_directory(tmp_path))
    assert again.accepted and again.unchanged
    assert again.dataset == first.dataset
    assert (
        Dataset.objects.count() == 1
        and DatasetStructure.objects.count() == 4
        and Objective.objects.count() == 2
    )
    assert indicators(2023, None) == figures
    assert "rien n'a changé" in again.summary


def test_new_dataset_replaces_its_mls_for_that_year_only(world):
    y = 2023
    first = import_rows(
        y,
        jeunes=[jeune("ML-A1", "jeune-a1-001"), jeune("ML-A2", "jeune-a2-001")],
        evenements=[acte("ML-A1", "jeune-a1-001", f"{y}-02-01"), acte("ML-A2", "jeune-a2-001", f"{y}-02-01")],
        objectifs=[objectif("ML-A1", y, "CEJ", 3), objectif("ML-A2", y, "CEJ", 5)],
    )
    other_year = import_rows(y - 1, jeunes=[jeune("ML-A1", "jeune-a1-001")])
    second = import_rows(
        y,
        jeunes=[jeune("ML-A1", f"jeune-a1-00{i}") for i in range(1, 4)],
        evenements=[acte("ML-A1", f"jeune-a1-00{i}", f"{y}-02-01") for i in range(1, 4)],
    )
    assert second.replaced == ["ML-A1"]
    assert indicators(y, world.ml)["indicators"]["jeunes_accompagnes"] == 3
    assert indicators(y, world.ml)["objectives"] == []  # ML-A1's objectives went with its earlier data
    assert indicators(y, world.ml2)["indicators"]["jeunes_accompagnes"] == 1
    assert indicators(y, world.ml2)["objectives"][0]["valeur"] == 5
    assert (
        DatasetStructure.objects.current().get(structure=world.ml, year=y - 1).dataset == other_year.dataset
    )
    # History: the earlier dataset is kept; it is superseded as a whole only once nothing of it is current.
    first.dataset.refresh_from_db()
    assert first.dataset.superseded_by is None
    old = DatasetStructure.objects.get(dataset=first.dataset, structure=world.ml)
    assert old.superseded_by == second.dataset and old.values["jeunes_accompagnes"] == 1
    third = import_rows(y, jeunes=[jeune("ML-A2", "jeune-a2-009")])
    first.dataset.refresh_from_db()
    assert first.dataset.superseded_by == third.dataset
    assert Dataset.objects.count() == 4


def test_reimporting_earlier_files_after_a_newer_dataset_restores_them(world, tmp_path):
    import_rows(2023, directory=tmp_path / "a", jeunes=[jeune("ML-A1", "jeune-a1-001")])
    import_rows(
        2023,
        directory=tmp_path / "b",
        jeunes=[jeune("ML-A1", "jeune-a1-002"), jeune("ML-A1", "jeune-a1-003")],
    )
    again = import_dataset(2023, files_from_directory(tmp_path / "a"))
    assert again.accepted and not again.unchanged
    assert DatasetStructure.objects.current().get(structure=world.ml, year=2023).rows["jeunes"] == 1


# -- the keyed hash (section 4b) ------------------------------------------------------------------------


def test_stored_rows_carry_keyed_hashes_not_the_file_ids(world):
    import duckdb

    from mlplatform.observatory.hashing import keyed_hash

    result = import_sample(2023)
    folder = Path(settings.OBSERVATORY_DIR) / "datasets" / result.dataset.storage
    connection = duckdb.connect()
    file_ids = {row["jeune"] for row in sample_rows(2023)["jeunes"]}
    for name in ("jeunes", "evenements", "situations", "dispositifs"):
        path = str(folder / f"{name}.parquet")
        columns = [
            row[0] for row in connection.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        ]
        assert "structure" not in columns  # structures are stored by id
        stored = {
            row[0] for row in connection.execute("SELECT jeune FROM read_parquet(?)", [path]).fetchall()
        }
        assert stored and not stored & file_ids
        assert stored <= {keyed_hash(ident) for ident in file_ids}
        text = connection.execute(
            "SELECT string_agg(CAST(COLUMNS(*) AS VARCHAR), '|') FROM read_parquet(?)", [path]
        )
        assert not any(ident in str(text.fetchall()) for ident in file_ids)
    connection.close()
    # The reference HMAC is the standard one, keyed with the installation's secret.
    import hashlib
    import hmac

    digest = hmac.new(settings.OBSERVATORY_HMAC_KEY.encode(), b"a1-jeune-01", hashlib.sha256).digest()
    assert keyed_hash("a1-jeune-01") == int.from_bytes(digest[:8], "big")


def test_another_key_gives_other_hashes(world, settings):
    from mlplatform.observatory.hashing import keyed_hash

    first = keyed_hash("a1-jeune-01")
    settings.OBSERVATORY_HMAC_KEY = "another-secret-of-another-installation"
    assert keyed_hash("a1-jeune-01") != first


# -- refusals: every rule, with its message --------------------------------------------------------------


def test_every_problem_is_reported_at_once_with_counts_and_first_rows(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", f"jeune-{i:05d}", sexe="X") for i in range(25)]
        + [jeune("ML-ZZ", "jeune-zz-001")],
        evenements=[acte("ML-A1", "jeune-00000", "2023-13-01")],
    )
    sexe = group(result, "code_unknown")
    assert sexe.count == 25 and len(sexe.examples) == 10 and sexe.more == 15
    assert [p.line for p in sexe.examples] == list(range(2, 12))
    assert sexe.examples[0].file == "jeunes.csv" and sexe.examples[0].column == "sexe"
    assert sexe.examples[0].value == "X" and "F, H" in sexe.examples[0].detail
    assert group(result, "structure_unknown").examples[0].line == 27
    assert group(result, "date_format").examples[0].file == "evenements.csv"
    assert result.problem_count == 27
    as_json = {entry["rule"]: entry for entry in result.problems_json()}
    assert set(as_json) == {"date_format", "code_unknown", "structure_unknown"}
    assert as_json["code_unknown"]["count"] == 25 and len(as_json["code_unknown"]["examples"]) == 10


def test_unknown_file(world, tmp_path):
    files = write_dataset(tmp_path, jeunes=[jeune("ML-A1", J1)])
    files["contacts.csv"] = _write(tmp_path / "contacts.csv", "a;b\n1;2\n")
    result = import_dataset(2023, files)
    assert group(result, "file_unknown").examples[0].value == "contacts.csv"
    assert not Dataset.objects.exists()


def test_missing_required_file(world, tmp_path):
    files = write_dataset(tmp_path, jeunes=[jeune("ML-A1", J1)])
    files.pop("situations.csv")
    result = import_dataset(2023, files)
    assert group(result, "file_missing").examples[0].file == "situations.csv"


def test_same_file_twice(world, tmp_path):
    files = write_dataset(tmp_path, jeunes=[jeune("ML-A1", J1)])
    parquet = write_dataset(tmp_path / "pq", jeunes=[jeune("ML-A1", J1)], fmt="parquet")
    files["jeunes.parquet"] = parquet["jeunes.parquet"]
    result = import_dataset(2023, files)
    assert "déjà fourni" in group(result, "file_duplicate").examples[0].detail


def test_unreadable_and_empty_files(world, tmp_path):
    files = write_dataset(tmp_path, jeunes=[jeune("ML-A1", J1)])
    files["situations.csv"].write_bytes(b"PK\x03\x04 not a table")
    result = import_dataset(2023, files)
    assert "CSV UTF-8" in group(result, "file_unreadable").examples[0].detail
    files = write_dataset(tmp_path / "empty", jeunes=[])
    result = import_dataset(2023, files)
    assert "aucune ligne" in group(result, "file_unreadable").examples[0].detail


def test_personal_data_columns_are_refused(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1, nom="Martin", **{"Prénom": "Léa", "date_naissance": "2004-05-02"})],
        evenements=[{**acte("ML-A1", J1, "2023-02-01"), "email_jeune": "lea@example.org"}],
    )
    personal = group(result, "personal_data")
    assert personal.count == 4
    assert {p.column for p in personal.examples} == {"nom", "Prénom", "date_naissance", "email_jeune"}
    assert "pseudonymisés" in personal.message
    assert "column_unknown" not in {g.rule for g in result.problems}


def test_unknown_column(world, tmp_path):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1, commentaire="x")])
    problem = group(result, "column_unknown").examples[0]
    assert (problem.line, problem.column) == (1, "commentaire")
    assert "colonnes prévues" in problem.detail


def test_missing_required_column(world, tmp_path):
    files = files_from_text(
        tmp_path,
        jeunes_csv="structure;jeune;sexe;naissance;premier_accueil;qpv;zrr;rqth\nML-A1;jeune-00001;F;2004-05;2020-01-01;0;0;0\n",
    )
    result = import_dataset(2023, files)
    assert group(result, "column_missing").examples[0].column == "justice"


def test_malformed_lines_with_their_line_numbers(world, tmp_path):
    files = files_from_text(
        tmp_path,
        jeunes_csv=JEUNES_HEADER
        + "ML-A1;jeune-00001;F;2004-05;2020-01-01;;0;0;0;;0\n"
        + "ML-A1;jeune-00002;F;2004-05;2020-01-01;;0;0;0;;0;en-trop\n"
        + "ML-A1;jeune-00003;X;2004-05;2020-01-01;;0;0;0;;0\n",
    )
    result = import_dataset(2023, files)
    malformed = group(result, "malformed_line")
    assert (malformed.count, malformed.examples[0].line) == (1, 3)
    assert "plus de champs" in malformed.examples[0].detail
    assert group(result, "code_unknown").examples[0].line == 4


def test_line_numbers_follow_the_file_with_blank_lines_and_multiline_values(world, tmp_path):
    files = files_from_text(
        tmp_path,
        jeunes_csv="\ufeff"
        + JEUNES_HEADER
        + "ML-A1;jeune-00001;F;2004-05;2020-01-01;;0;0;0;;0\n"
        + "\n"
        + 'ML-A1;jeune-00002;"F\nH";2004-05;2020-01-01;;0;0;0;;0\n'
        + "ML-A1;jeune-00003;F;2004-05;2020-01-01;;0;0;2;;0\n",
    )
    result = import_dataset(2023, files)
    assert group(result, "code_unknown").examples[0].line == 4
    assert group(result, "flag_format").examples[0].line == 6


def test_line_numbers_of_parquet_rows(world, tmp_path):
    files = write_dataset(
        tmp_path, jeunes=[jeune("ML-A1", J1), jeune("ML-A1", "jeune-00002", qpv="oui")], fmt="parquet"
    )
    result = import_dataset(2023, files)
    problem = group(result, "flag_format").examples[0]
    assert (problem.file, problem.line, problem.value) == ("jeunes.parquet", 3, "oui")


def test_required_value_missing(world, tmp_path):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1, sexe="")], evenements=[acte("ML-A1", J1, "")])
    columns = {(p.file, p.column) for p in group(result, "required").examples}
    assert columns == {("jeunes.csv", "sexe"), ("evenements.csv", "date")}


@pytest.mark.parametrize("value", ["2023-1-05", "2023/01/05", "2023-02-30", "05/01/2023", "2023-01-05 10:00"])
def test_malformed_date(world, tmp_path, value):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1, premier_accueil=value)])
    assert group(result, "date_format").examples[0].value == value


def test_malformed_month(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1, naissance="2004-5"), jeune("ML-A1", "jeune-00002", naissance="2004-13")],
    )
    assert group(result, "month_format").count == 2


def test_malformed_flag(world, tmp_path):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1, rqth="oui")])
    assert group(result, "flag_format").examples[0].column == "rqth"


@pytest.mark.parametrize("value", ["1e2", "12.5", "+5", "soixante", " 30"])
def test_malformed_number(world, tmp_path, value):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        evenements=[acte("ML-A1", J1, "2023-02-01", duree_minutes=value)],
    )
    assert group(result, "number_format").examples[0].column == "duree_minutes"


def test_malformed_year_and_year_of_another_objective(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        objectifs=[objectif("ML-A1", "23", "CEJ", 3), objectif("ML-A1", 2022, "GJ", 3)],
    )
    assert group(result, "year_format").examples[0].value == "23"
    assert group(result, "year_mismatch").examples[0].value == "2022"


def test_unknown_code(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1, logement="HOTEL")],
        situations=[situation("ML-A1", J1, "2023-02-01", "CDI")],
        dispositifs=[dispositif("ML-A1", J1, "cej", "2023-02-01")],
    )
    assert {p.value for p in group(result, "code_unknown").examples} == {"HOTEL", "CDI", "cej"}


@pytest.mark.parametrize("value", ["CEJ+XYZ", "CEJ+CEJ", "CEJ,GJ", "CEJ+"])
def test_malformed_programme_list(world, tmp_path, value):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1)], objectifs=[objectif("ML-A1", 2023, value, 3)])
    assert group(result, "programmes_format").examples[0].value == value


@pytest.mark.parametrize("value", ["court", "jeune 0001", "jeune@00001", "x" * 65])
def test_malformed_young_person_id(world, tmp_path, value):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", value)])
    assert group(result, "jeune_format").count == 1


def test_values_out_of_range(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        evenements=[
            acte("ML-A1", J1, "2023-02-01", duree_minutes=0),
            acte("ML-A1", J1, "2023-02-01", duree_minutes=601),
        ],
        situations=[situation("ML-A1", J1, "2023-02-01", "FORMATION", "", 121)],
        objectifs=[objectif("ML-A1", 2023, "CEJ", 0)],
    )
    problems = group(result, "out_of_range")
    assert problems.count == 4
    assert {p.detail for p in problems.examples} >= {"de 1 à 600", "de 1 à 120"}


def test_exit_before_entry(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        dispositifs=[dispositif("ML-A1", J1, "CEJ", "2023-05-02", "2023-05-01", "AUTRE")],
    )
    assert group(result, "exit_before_entry").examples[0].detail == "entrée le 2023-05-02"


def test_exit_reason_only_with_an_exit(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        dispositifs=[
            dispositif("ML-A1", J1, "CEJ", "2023-01-02", "2023-05-01", ""),
            dispositif("ML-A1", J1, "GJ", "2023-01-02", "", "ABANDON"),
        ],
    )
    assert group(result, "exit_reason_missing").count == 1
    assert group(result, "exit_reason_without_exit").examples[0].value == "ABANDON"


def test_contract_only_for_employment(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        situations=[situation("ML-A1", J1, "2023-02-01", "ALTERNANCE", "CDD")],
    )
    assert group(result, "contract_not_employment").examples[0].value == "CDD"


def test_unknown_structure(world, tmp_path):
    result = refuse(
        tmp_path, jeunes=[jeune("ML-INCONNUE", J1)], objectifs=[objectif("ARML-Z", 2023, "CEJ", 3)]
    )
    assert {p.value for p in group(result, "structure_unknown").examples} == {"ML-INCONNUE", "ARML-Z"}


def test_structure_that_is_not_an_ml(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ARML-A", J1), jeune("ML-A1", "jeune-00002")],
        objectifs=[objectif("UNML", 2023, "CEJ", 3), objectif("ARML-A", 2023, "CEJ", 3)],
    )
    problems = group(result, "structure_not_ml")
    assert [(p.file, p.value) for p in problems.examples] == [
        ("jeunes.csv", "ARML-A"),
        ("objectifs.csv", "UNML"),
    ]


def test_structure_outside_the_importers_perimeter(world, tmp_path):
    local = Perimeter(Level.LOCAL, world.ml.pk)
    result = refuse(tmp_path, allowed=local, jeunes=[jeune("ML-A1", J1), jeune("ML-A2", "jeune-00002")])
    assert group(result, "structure_outside").examples[0].value == "ML-A2"
    regional = Perimeter(Level.REGIONAL, world.arml.pk)
    result = refuse(
        tmp_path / "b",
        allowed=regional,
        jeunes=[jeune("ML-A2", J1), jeune("ML-B1", J1)],
        objectifs=[objectif("ARML-A", 2023, "CEJ", 3), objectif("ARML-B", 2023, "CEJ", 3)],
    )
    assert [p.value for p in group(result, "structure_outside").examples] == ["ML-B1", "ARML-B"]
    accepted = import_rows(
        2023, allowed=regional, jeunes=[jeune("ML-A2", J1)], objectifs=[objectif("ARML-A", 2023, "CEJ", 3)]
    )
    assert accepted.accepted


def test_duplicate_young_person(world, tmp_path):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1), jeune("ML-A2", J1), jeune("ML-A1", J1)])
    problem = group(result, "jeune_duplicate")
    # The identifier is never kept, not even in the refusal: the line finds the row in the file.
    assert (problem.count, problem.examples[0].line, problem.examples[0].value) == (1, 4, "")
    assert problem.examples[0].column == "jeune" and J1 not in result.report()


def test_no_refusal_keeps_an_identifier(world, tmp_path):
    """Every rule on the identifier column: malformed, duplicated, unknown in jeunes.csv."""
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1), jeune("ML-A1", J1), jeune("ML-A1", "id avec espace")],
        evenements=[acte("ML-A1", "jeune-77777", "2023-02-01")],
    )
    rules = {g.rule for g in result.problems}
    assert {"jeune_duplicate", "jeune_format", "jeune_unknown"} <= rules
    text = repr(result.problems_json()) + result.report()
    for raw in (J1, "id avec espace", "jeune-77777"):
        assert raw not in text


def test_rows_whose_young_person_is_not_in_jeunes(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        evenements=[acte("ML-A2", J1, "2023-02-01")],
        situations=[situation("ML-A1", "jeune-99999", "2023-02-01", "EMPLOI")],
        dispositifs=[dispositif("ML-A1", "jeune-99999", "CEJ", "2023-02-01")],
    )
    problems = group(result, "jeune_unknown")
    assert problems.count == 3
    assert {p.file for p in problems.examples} == {"evenements.csv", "situations.csv", "dispositifs.csv"}
    assert problems.examples[0].detail.startswith("structure ")


def test_dates_after_the_end_of_the_year(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1, premier_accueil="2023-12-31")],
        evenements=[acte("ML-A1", J1, "2024-01-01")],
        situations=[situation("ML-A1", J1, "2024-02-01", "EMPLOI")],
        dispositifs=[dispositif("ML-A1", J1, "CEJ", "2023-12-31", "2024-01-02", "AUTRE")],
    )
    problems = group(result, "date_after_year")
    assert problems.count == 3
    assert {(p.file, p.column) for p in problems.examples} == {
        ("evenements.csv", "date"),
        ("situations.csv", "date"),
        ("dispositifs.csv", "sortie"),
    }
    assert "31/12/2023" in problems.examples[0].detail


def test_duplicate_objective(world, tmp_path):
    result = refuse(
        tmp_path,
        jeunes=[jeune("ML-A1", J1)],
        objectifs=[objectif("ML-A1", 2023, "CEJ", 3), objectif("ML-A1", 2023, "CEJ", 4)],
    )
    assert group(result, "objective_duplicate").count == 1


def test_objective_of_an_ml_without_rows(world, tmp_path):
    result = refuse(tmp_path, jeunes=[jeune("ML-A1", J1)], objectifs=[objectif("ML-A2", 2023, "CEJ", 3)])
    assert group(result, "objective_without_data").examples[0].value == "ML-A2"


def test_refused_import_leaves_earlier_data_and_files_untouched(world, tmp_path):
    accepted = import_sample(2023)
    figures = indicators(2023, None)
    folders = _stored_folders()
    result = import_rows(
        2023,
        directory=tmp_path,
        expect_accepted=False,
        jeunes=[jeune("ML-A1", J1)],
        evenements=[acte("ML-A1", J1, "2024-01-01")],
    )
    assert not result.accepted
    assert list(Dataset.objects.all()) == [accepted.dataset]
    assert indicators(2023, None) == figures
    assert _stored_folders() == folders
    assert not any((Path(settings.OBSERVATORY_DIR) / "tmp").iterdir())


def test_progress_is_reported(world, tmp_path):
    steps = []
    files = write_dataset(tmp_path, **sample_rows(2023))
    import_dataset(2023, files, progress=lambda percent, step: steps.append((percent, step)))
    percents = [percent for percent, _ in steps]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert any("evenements.csv" in step for _, step in steps)
