"""The network registry import (spec observatoire-format-v1, sections 1, 2 and 4).

The helpers at the top (files mirroring the ``world`` fixture) are shared with the command and
upload-page tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mlplatform.network.models import Site, Structure
from mlplatform.network.registry import RegistryImportRefused, import_registry
from mlplatform.network.tables import read_table

STRUCTURE_HEADER = [
    "code",
    "type",
    "nom",
    "parent",
    "region",
    "departement",
    "statut",
    "adresse",
    "telephone",
    "email",
    "site_web",
]
SITE_HEADER = ["structure", "nom", "type", "commune", "telephone", "email"]

Rows = list[dict[str, str]]


def structure_row(
    code: str, type_: str, nom: str, parent: str = "", region: str = "", departement: str = "", **extra: str
) -> dict[str, str]:
    row = dict.fromkeys(STRUCTURE_HEADER, "")
    row.update(
        code=code,
        type=type_,
        nom=nom,
        parent=parent,
        region=region,
        departement=departement,
        statut="ASSOCIATION",
    )
    row.update(extra)
    return row


def world_structures() -> Rows:
    """Rows describing exactly the structures built by ``tests.factories.build_world``."""
    return [
        structure_row("UNML", "UNML", "Union nationale des Missions Locales"),
        structure_row("ARML-A", "ARML", "ARML Alpha", "UNML", "Région Alpha"),
        structure_row("ML-A1", "ML", "Mission Locale Alpha Un", "ARML-A", "Région Alpha", "14"),
        structure_row("ML-A2", "ML", "Mission Locale Alpha Deux", "ARML-A", "Région Alpha", "14"),
        structure_row("ARML-B", "ARML", "ARML Bêta", "UNML", "Région Bêta"),
        structure_row("ML-B1", "ML", "Mission Locale Bêta Un", "ARML-B", "Région Bêta", "27"),
    ]


def site_row(
    structure: str, nom: str, type_: str = "SIEGE", commune: str = "Caen", **extra: str
) -> dict[str, str]:
    row = dict.fromkeys(SITE_HEADER, "")
    row.update(structure=structure, nom=nom, type=type_, commune=commune)
    row.update(extra)
    return row


def world_sites() -> Rows:
    return [site_row(code, f"Siège {code}") for code in ("ML-A1", "ML-A2", "ML-B1")]


def csv_bytes(rows: Rows, header: list[str] | None = None, delimiter: str = ";", bom: bool = False) -> bytes:
    """A CSV file; a field is quoted when it holds the delimiter, a quote or a line break."""
    if header is None:
        header = list(rows[0]) if rows else list(STRUCTURE_HEADER)

    def cell(value: str) -> str:
        if delimiter in value or '"' in value or "\n" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(header)]
    lines += [delimiter.join(cell(row.get(column, "")) for column in header) for row in rows]
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode()


def write_csv(path: Path, rows: Rows, header: list[str] | None = None, **options) -> Path:
    path.write_bytes(csv_bytes(rows, header, **options))
    return path


def snapshot() -> tuple[list[dict], list[dict]]:
    """Everything the import may touch, to check that a refused import changed nothing."""
    return (
        list(Structure.objects.order_by("code").values()),
        list(Site.objects.order_by("structure_id", "name").values()),
    )


def rules(result) -> dict[str, list[tuple]]:
    """Problems by rule, as (file, line, column, value) tuples."""
    return {g.rule: [(p.file, p.line, p.column, p.value) for p in g.problems] for g in result.problems}


def new_region_rows() -> Rows:
    """A new ARML with two MLs, children listed before their parent."""
    return [
        structure_row(
            "ML-C1",
            "ML",
            "Mission Locale Gamma Un",
            "ARML-C",
            "Région Gamma",
            "2A",
            email="contact@ml-c1.example",
            telephone="04 95 00 00 00",
        ),
        structure_row("ML-C2", "ML", "Mission Locale Gamma Deux", "ARML-C", "Région Gamma", "971"),
        structure_row("ARML-C", "ARML", "ARML Gamma", "UNML", "Région Gamma", statut="GIP"),
    ]


# --- Accepted imports -------------------------------------------------------------------------


def test_reimporting_the_network_as_it_is_changes_nothing(world, tmp_path):
    before = snapshot()
    result = import_registry(
        write_csv(tmp_path / "structures.csv", world_structures()),
        write_csv(tmp_path / "sites.csv", world_sites()),
    )
    assert result.accepted and result.applied
    assert (result.structures.created, result.structures.updated, result.structures.unchanged) == (0, 0, 6)
    assert (result.sites.created, result.sites.updated, result.sites.unchanged) == (0, 0, 3)
    assert result.absent_structures == [] and result.absent_sites == []
    assert snapshot() == before  # updated_at and version untouched too


def test_creates_a_whole_network_whatever_the_order_of_the_rows(db, tmp_path):
    rows = [*new_region_rows(), structure_row("UNML", "UNML", "Union nationale")]
    sites = [
        site_row("ML-C1", "Siège Ajaccio", commune="Ajaccio"),
        site_row("ML-C1", "Antenne Porto-Vecchio", "ANTENNE", "Porto-Vecchio", email="pv@ml-c1.example"),
        site_row("ML-C2", "Permanence Basse-Terre", "PERMANENCE", "Basse-Terre"),
    ]
    result = import_registry(write_csv(tmp_path / "s.csv", rows), write_csv(tmp_path / "l.csv", sites))
    assert result.accepted and result.applied
    assert (result.structures.created, result.sites.created) == (4, 3)
    ml = Structure.objects.select_related("parent__parent").get(code="ML-C1")
    assert (ml.type, ml.name) == ("ML", "Mission Locale Gamma Un")
    assert (ml.department, ml.region) == ("2A", "Région Gamma")
    assert (ml.email, ml.phone, ml.legal_status, ml.is_demo) == (
        "contact@ml-c1.example",
        "04 95 00 00 00",
        "ASSOCIATION",
        False,
    )
    assert ml.parent.code == "ARML-C" and ml.parent.legal_status == "GIP" and ml.parent.parent.code == "UNML"
    assert Structure.objects.get(code="UNML").parent is None
    assert Site.objects.get(name="Antenne Porto-Vecchio").email == "pv@ml-c1.example"
    assert sorted(Site.objects.filter(structure=ml).values_list("type", flat=True)) == ["ANTENNE", "SIEGE"]


def test_parent_already_in_the_database_and_absent_structures_are_kept(world, tmp_path):
    row = structure_row("ML-A3", "ML", "Mission Locale Alpha Trois", "ARML-A", "Région Alpha", "61")
    result = import_registry(
        write_csv(tmp_path / "structures.csv", [row]),
        write_csv(tmp_path / "sites.csv", [site_row("ML-A3", "Siège Alençon")]),
    )
    assert result.accepted and result.structures.created == 1
    assert Structure.objects.get(code="ML-A3").parent == world.arml
    assert sorted(a.structure_code for a in result.absent_structures) == [
        "ARML-A",
        "ARML-B",
        "ML-A1",
        "ML-A2",
        "ML-B1",
        "UNML",
    ]
    assert [(a.structure_code, a.name) for a in result.absent_sites] == [
        ("ML-A1", "Siège ML-A1"),
        ("ML-A2", "Siège ML-A2"),
        ("ML-B1", "Siège ML-B1"),
    ]
    assert Structure.objects.count() == 7 and Site.objects.count() == 4  # nothing deleted


def test_closed_structures_are_not_reported_absent(world, tmp_path):
    Structure.objects.filter(pk=world.ml2.pk).update(closed_on="2024-12-31")
    rows = [row for row in world_structures() if row["code"] != "ML-A2"]
    result = import_registry(write_csv(tmp_path / "structures.csv", rows))
    assert result.accepted and result.absent_structures == []


def test_updates_by_code(world, tmp_path):
    rows = world_structures()
    rows[2].update(nom="Mission Locale Alpha Un renommée", email="accueil@ml-a1.example", statut="GIP")
    rows[3].update(parent="ARML-B", region="Région Bêta")  # ML-A2 moves to the other region
    created_at, updated_at = world.ml.created_at, world.ml.updated_at
    result = import_registry(write_csv(tmp_path / "structures.csv", rows))
    assert (result.structures.created, result.structures.updated, result.structures.unchanged) == (0, 2, 4)
    world.ml.refresh_from_db()
    assert (world.ml.name, world.ml.email, world.ml.legal_status) == (
        "Mission Locale Alpha Un renommée",
        "accueil@ml-a1.example",
        "GIP",
    )
    assert world.ml.created_at == created_at and world.ml.updated_at > updated_at
    assert world.ml.version == 2  # a form opened before the import will see the conflict
    world.ml2.refresh_from_db()
    assert (world.ml2.parent_id, world.ml2.region) == (world.other_arml.pk, "Région Bêta")
    assert Structure.objects.count() == 6
    world.unml.refresh_from_db()
    assert world.unml.version == 1


def test_importing_the_same_files_twice_changes_nothing_the_second_time(world, tmp_path):
    structures = write_csv(tmp_path / "structures.csv", [*world_structures(), *new_region_rows()])
    new_sites = [
        site_row("ML-C1", "Siège Ajaccio", "SIEGE", "Ajaccio"),
        site_row("ML-A1", "Antenne Bayeux", "ANTENNE", "Bayeux"),
    ]
    sites = write_csv(tmp_path / "sites.csv", [*world_sites(), *new_sites])
    first = import_registry(structures, sites)
    assert (first.structures.created, first.sites.created) == (3, 2)
    after_first = snapshot()
    second = import_registry(structures, sites)
    assert (second.structures.created, second.structures.updated, second.structures.unchanged) == (0, 0, 9)
    assert (second.sites.created, second.sites.updated, second.sites.unchanged) == (0, 0, 5)
    assert snapshot() == after_first
    assert Structure.objects.count() == 9 and Site.objects.count() == 5


def test_sites_are_updated_by_structure_and_name(world, tmp_path):
    sites = world_sites()
    sites[0].update(commune="Hérouville-Saint-Clair", telephone="02 31 00 00 00", type="ANTENNE")
    result = import_registry(
        write_csv(tmp_path / "structures.csv", world_structures()), write_csv(tmp_path / "sites.csv", sites)
    )
    assert (result.sites.created, result.sites.updated, result.sites.unchanged) == (0, 1, 2)
    site = Site.objects.get(structure=world.ml, name="Siège ML-A1")
    assert (site.town, site.phone, site.type) == ("Hérouville-Saint-Clair", "02 31 00 00 00", "ANTENNE")
    assert Site.objects.count() == 3


def test_optional_columns_absent_from_the_file_are_left_untouched(world, tmp_path):
    Structure.objects.filter(pk=world.ml.pk).update(phone="02 31 11 11 11", website="ml-a1.example")
    header = ["code", "type", "nom", "parent", "region", "departement", "statut"]
    result = import_registry(write_csv(tmp_path / "structures.csv", world_structures(), header))
    assert result.accepted and result.structures.unchanged == 6
    world.ml.refresh_from_db()
    assert (world.ml.phone, world.ml.website) == ("02 31 11 11 11", "ml-a1.example")


def test_is_demo_flag(db, tmp_path):
    rows = [structure_row("UNML", "UNML", "Union nationale"), *new_region_rows()]
    result = import_registry(write_csv(tmp_path / "structures.csv", rows), is_demo=True)
    assert result.accepted
    assert set(Structure.objects.values_list("is_demo", flat=True)) == {True}


def test_dry_run_counts_but_writes_nothing(world, tmp_path):
    before = snapshot()
    rows = world_structures()
    rows[0]["nom"] = "UNML renommée"
    path = write_csv(tmp_path / "structures.csv", [*rows, *new_region_rows()])
    result = import_registry(path, dry_run=True)
    assert result.accepted and result.dry_run and not result.applied
    assert (result.structures.created, result.structures.updated, result.structures.unchanged) == (3, 1, 5)
    assert snapshot() == before


def test_accepts_an_uploaded_file_and_raw_bytes(db):
    rows = [structure_row("UNML", "UNML", "Union nationale"), *new_region_rows()]
    upload = SimpleUploadedFile("reseau.csv", csv_bytes(rows), content_type="text/csv")
    result = import_registry(
        upload, csv_bytes([site_row("ML-C2", "Siège", commune="Pointe-à-Pitre")], SITE_HEADER)
    )
    assert result.accepted and result.structures_file == "reseau.csv" and result.sites_file == "sites.csv"
    assert Site.objects.get().town == "Pointe-à-Pitre"


# --- File formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_both_delimiters_with_or_without_bom(world, tmp_path, delimiter, bom):
    rows = [*world_structures(), *new_region_rows()]
    path = write_csv(tmp_path / "structures.csv", rows, delimiter=delimiter, bom=bom)
    result = import_registry(path)
    assert result.accepted, rules(result)
    assert (result.structures.created, result.structures.unchanged) == (3, 6)
    assert Structure.objects.get(code="ML-C1").name == "Mission Locale Gamma Un"


def test_quoted_fields(db, tmp_path):
    text = (
        "code,type,nom,parent,region,departement,statut,adresse\n"
        'UNML,UNML,"Union nationale, dite ""UNML""",,,,ASSOCIATION,"12 rue X\n75001 Paris"\n'
        '"ARML-Q",ARML,"ARML ; Q",UNML,"Région Q",,"GIP",\n'
    )
    (tmp_path / "structures.csv").write_text(text, encoding="utf-8")
    result = import_registry(tmp_path / "structures.csv")
    assert result.accepted, rules(result)
    unml = Structure.objects.get(code="UNML")
    assert unml.name == 'Union nationale, dite "UNML"' and unml.address == "12 rue X\n75001 Paris"
    assert Structure.objects.get(code="ARML-Q").name == "ARML ; Q"


def test_line_numbers_count_the_physical_lines(db, tmp_path):
    text = 'code;type;nom;parent;statut\nUNML;UNML;"Sur\ndeux";;ASSOCIATION\nbad code;ARML;X;UNML;GIP\n'
    (tmp_path / "structures.csv").write_text(text, encoding="utf-8")
    result = import_registry(tmp_path / "structures.csv")
    assert ("structures.csv", 4, "code", "bad code") in rules(result)["code_format"]


def test_parquet(db, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "structures.parquet"
    connection = duckdb.connect()
    # departement is written as a number: values are read as text whatever their Parquet type.
    connection.sql("""
        SELECT * FROM (VALUES
            ('UNML', 'UNML', 'Union nationale', NULL, NULL, NULL, 'ASSOCIATION'),
            ('ARML-P', 'ARML', 'ARML Parquet', 'UNML', 'Région P', NULL, 'GIP'),
            ('ML-P1', 'ML', 'Mission Locale Parquet', 'ARML-P', 'Région P', 14, 'ASSOCIATION')
        ) AS t(code, type, nom, parent, region, departement, statut)
    """).write_parquet(str(path))
    connection.close()
    result = import_registry(path)
    assert result.accepted, rules(result)
    ml = Structure.objects.get(code="ML-P1")
    assert (ml.department, ml.parent.code, ml.region) == ("14", "ARML-P", "Région P")
    assert Structure.objects.get(code="UNML").region == ""


def test_parquet_problems_are_reported_with_their_row(db, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "structures.parquet"
    connection = duckdb.connect()
    connection.sql("""
        SELECT * FROM (VALUES ('UNML', 'UNML', 'U', NULL, 'ASSOCIATION', 'x'),
                              ('ARML-P', 'REGION', 'A', 'UNML', 'GIP', 'y'))
        AS t(code, type, nom, parent, statut, couleur)
    """).write_parquet(str(path))
    connection.close()
    found = rules(import_registry(path))
    assert found["type_unknown"] == [("structures.parquet", 3, "type", "REGION")]
    assert found["column_unknown"] == [("structures.parquet", 1, "couleur", "couleur")]


def test_table_reader_keeps_header_and_line_numbers():
    table = read_table(b'\xef\xbb\xbfa,b\r\n1,"x, y"\r\n\r\n;;\r\n2,z,extra\r\n', name="t.csv")
    assert (table.header, table.delimiter) == (["a", "b"], ",")
    assert [(row.line, row.values) for row in table.rows] == [
        (2, {"a": "1", "b": "x, y"}),
        (4, {"a": ";;", "b": ""}),
        (5, {"a": "2", "b": "z"}),
    ]
    assert [row.line for row in table.ragged_rows] == [4, 5]


# --- Refusals ---------------------------------------------------------------------------------


def _edit(index: int, **changes: str) -> Callable[[Rows], Rows]:
    def apply(rows: Rows) -> Rows:
        rows[index].update(changes)
        return rows

    return apply


def _append(row: dict[str, str]) -> Callable[[Rows], Rows]:
    return lambda rows: [*rows, row]


# (mutation of the world's rows, rule, line, column, value). Row i of the file is line i + 2.
STRUCTURE_REFUSALS = {
    "required-nom": (_edit(2, nom=""), "required", 4, "nom", ""),
    "required-code": (_edit(2, code=""), "required", 4, "code", ""),
    "required-statut": (_edit(1, statut=""), "required", 3, "statut", ""),
    "code-lowercase": (_edit(2, code="ml-a1"), "code_format", 4, "code", "ml-a1"),
    "code-too-short": (_edit(2, code="M"), "code_format", 4, "code", "M"),
    "code-space": (_edit(2, code="ML A1"), "code_format", 4, "code", "ML A1"),
    "code-duplicate": (
        _append(structure_row("ML-A1", "ML", "Doublon", "ARML-A", "Région Alpha", "14")),
        "code_duplicate",
        8,
        "code",
        "ML-A1",
    ),
    "type-unknown": (_edit(2, type="MILO"), "type_unknown", 4, "type", "MILO"),
    "type-lowercase": (_edit(2, type="ml"), "type_unknown", 4, "type", "ml"),
    "statut-unknown": (_edit(2, statut="SARL"), "statut_unknown", 4, "statut", "SARL"),
    "parent-missing-ml": (_edit(2, parent=""), "parent_missing", 4, "parent", ""),
    "parent-missing-arml": (_edit(1, parent=""), "parent_missing", 3, "parent", ""),
    "parent-for-unml": (_edit(0, parent="ARML-A"), "parent_for_unml", 2, "parent", "ARML-A"),
    "parent-unknown": (_edit(2, parent="ARML-Z"), "parent_unknown", 4, "parent", "ARML-Z"),
    "parent-ml-under-unml": (_edit(2, parent="UNML"), "parent_type", 4, "parent", "UNML"),
    "parent-ml-under-ml": (_edit(2, parent="ML-A2"), "parent_type", 4, "parent", "ML-A2"),
    "parent-arml-under-arml": (_edit(4, parent="ARML-A"), "parent_type", 6, "parent", "ARML-A"),
    "region-missing-arml": (_edit(1, region=""), "region_missing", 3, "region", ""),
    "region-missing-ml": (_edit(2, region=""), "region_missing", 4, "region", ""),
    "region-mismatch": (_edit(2, region="Région Bêta"), "region_mismatch", 4, "region", "Région Bêta"),
    "departement-missing": (_edit(2, departement=""), "department_missing", 4, "departement", ""),
    "departement-96": (_edit(2, departement="96"), "department_format", 4, "departement", "96"),
    "departement-00": (_edit(2, departement="00"), "department_format", 4, "departement", "00"),
    "departement-leading-zero-lost": (_edit(2, departement="1"), "department_format", 4, "departement", "1"),
    "departement-2C": (_edit(2, departement="2C"), "department_format", 4, "departement", "2C"),
    "departement-977": (_edit(2, departement="977"), "department_format", 4, "departement", "977"),
    "email": (_edit(2, email="contact@"), "email_format", 4, "email", "contact@"),
    "email-spaces": (_edit(1, email="a b@c.fr"), "email_format", 3, "email", "a b@c.fr"),
    "second-unml-in-file": (
        _append(structure_row("UNML-2", "UNML", "Autre union")),
        "unml_second",
        8,
        "code",
        "UNML-2",
    ),
    "type-change": (_edit(2, type="ARML", parent="UNML", departement=""), "type_change", 4, "type", "ARML"),
    "nom-too-long": (_edit(2, nom="N" * 201), "too_long", 4, "nom", "N" * 60 + "…"),
}


@pytest.mark.parametrize("case", STRUCTURE_REFUSALS.values(), ids=STRUCTURE_REFUSALS.keys())
def test_structure_refusals(world, tmp_path, case):
    mutate, rule, line, column, value = case
    before = snapshot()
    result = import_registry(write_csv(tmp_path / "structures.csv", mutate(world_structures())))
    assert not result.accepted and not result.applied
    assert ("structures.csv", line, column, value) in rules(result).get(rule, []), rules(result)
    group = next(g for g in result.problems if g.rule == rule)
    assert group.message and group.count >= 1
    assert snapshot() == before


def test_second_unml_against_the_database(world, tmp_path):
    rows = [structure_row("UNML-FR", "UNML", "Nouvelle union")]
    found = rules(import_registry(write_csv(tmp_path / "structures.csv", rows)))
    assert found["unml_second"] == [("structures.csv", 2, "code", "UNML-FR")]
    assert not Structure.objects.filter(code="UNML-FR").exists()


def test_unknown_and_missing_columns(world, tmp_path):
    header = [c for c in STRUCTURE_HEADER if c not in ("statut", "nom")] + ["couleur", "Code"]
    result = import_registry(write_csv(tmp_path / "structures.csv", world_structures(), header))
    found = rules(result)
    assert sorted(found["column_unknown"]) == [
        ("structures.csv", 1, "Code", "Code"),
        ("structures.csv", 1, "couleur", "couleur"),
    ]
    assert sorted(found["column_missing"]) == [
        ("structures.csv", 1, "nom", ""),
        ("structures.csv", 1, "statut", ""),
    ]
    assert "required" not in found  # the missing columns are reported once, not on every row


def test_without_a_code_column_sites_are_not_checked_against_the_structures(world, tmp_path):
    header = [c for c in STRUCTURE_HEADER if c != "code"]
    rows = [*world_structures(), *new_region_rows()]
    result = import_registry(
        write_csv(tmp_path / "structures.csv", rows, header),
        write_csv(tmp_path / "sites.csv", [site_row("ML-C1", "Siège")]),
    )
    assert list(rules(result)) == ["column_missing"]


def test_a_row_with_a_wrong_number_of_fields(world, tmp_path):
    extra_line = "ML-A9;ML;Trop;ARML-A;Région Alpha;14;GIP;;;;;en trop\r\n".encode()
    content = csv_bytes(world_structures()) + extra_line
    (tmp_path / "structures.csv").write_bytes(content)
    found = rules(import_registry(tmp_path / "structures.csv"))
    assert found["field_count"] == [("structures.csv", 8, "", "")]
    assert not Structure.objects.filter(code="ML-A9").exists()


SITE_REFUSALS = {
    "structure-unknown": (site_row("ML-Z9", "Siège"), "site_structure_unknown", "structure", "ML-Z9"),
    "structure-not-ml": (site_row("ARML-A", "Siège ARML"), "site_structure_not_ml", "structure", "ARML-A"),
    "structure-missing": (site_row("", "Siège"), "required", "structure", ""),
    "nom-missing": (site_row("ML-A1", ""), "required", "nom", ""),
    "type-missing": (site_row("ML-A1", "Antenne", ""), "required", "type", ""),
    "commune-missing": (site_row("ML-A1", "Antenne", "ANTENNE", ""), "required", "commune", ""),
    "type-unknown": (site_row("ML-A1", "Antenne", "BUREAU"), "site_type_unknown", "type", "BUREAU"),
    "duplicate": (site_row("ML-A1", "Siège ML-A1", commune="Bayeux"), "site_duplicate", "nom", "Siège ML-A1"),
    "email": (site_row("ML-A1", "Antenne", "ANTENNE", email="@ml.fr"), "email_format", "email", "@ml.fr"),
}


@pytest.mark.parametrize("case", SITE_REFUSALS.values(), ids=SITE_REFUSALS.keys())
def test_site_refusals(world, tmp_path, case):
    row, rule, column, value = case
    before = snapshot()
    result = import_registry(
        write_csv(tmp_path / "structures.csv", world_structures()),
        write_csv(tmp_path / "sites.csv", [*world_sites(), row]),
    )
    assert ("sites.csv", 5, column, value) in rules(result).get(rule, []), rules(result)
    assert not result.applied and snapshot() == before


def test_site_of_an_ml_created_by_the_same_import_and_unknown_site_columns(world, tmp_path):
    structures = write_csv(tmp_path / "structures.csv", [*world_structures(), *new_region_rows()])
    sites = [site_row("ML-C1", "Siège", commune="Ajaccio"), site_row("ARML-C", "Bureau régional")]
    header = [*SITE_HEADER, "horaires"]
    found = rules(import_registry(structures, write_csv(tmp_path / "sites.csv", sites, header)))
    assert found == {
        "column_unknown": [("sites.csv", 1, "horaires", "horaires")],
        "site_structure_not_ml": [("sites.csv", 3, "structure", "ARML-C")],
    }
    found = rules(import_registry(structures, write_csv(tmp_path / "sites.csv", sites, ["structure", "nom"])))
    assert sorted(found["column_missing"]) == [("sites.csv", 1, "commune", ""), ("sites.csv", 1, "type", "")]
    assert not Structure.objects.filter(code="ML-C1").exists()


def test_every_problem_is_reported_at_once_with_line_and_column(world, tmp_path):
    rows = world_structures()
    rows[1]["region"] = ""
    rows[2].update(code="ml-a1", email="pas-une-adresse")
    rows[3].update(type="MLX", departement="99")
    rows[5]["parent"] = "ARML-Z"
    rows.append(structure_row("ML-A2", "ML", "Doublon", "ARML-A", "Région Alpha", "14"))
    sites = [*world_sites(), site_row("ML-Z1", "Siège", "BUREAU", "")]
    result = import_registry(
        write_csv(tmp_path / "structures.csv", rows), write_csv(tmp_path / "sites.csv", sites)
    )
    assert rules(result) == {
        "required": [("sites.csv", 5, "commune", "")],
        "code_format": [("structures.csv", 4, "code", "ml-a1")],
        "code_duplicate": [("structures.csv", 8, "code", "ML-A2")],
        "type_unknown": [("structures.csv", 5, "type", "MLX")],
        "parent_unknown": [("structures.csv", 7, "parent", "ARML-Z")],
        "region_missing": [("structures.csv", 3, "region", "")],
        "department_format": [("structures.csv", 5, "departement", "99")],
        "email_format": [("structures.csv", 4, "email", "pas-une-adresse")],
        "site_structure_unknown": [("sites.csv", 5, "structure", "ML-Z1")],
        "site_type_unknown": [("sites.csv", 5, "type", "BUREAU")],
    }
    assert result.problem_count == 10
    assert [g.rule for g in result.problems][:2] == ["required", "code_format"]  # in the order of the rules
    with pytest.raises(RegistryImportRefused):
        result.raise_if_refused()


def test_one_bad_row_among_many_changes_nothing(world, tmp_path):
    before = snapshot()
    rows = world_structures()
    rows[0]["nom"] = "Union renommée"
    good = [
        structure_row(f"ML-A{i}", "ML", f"Mission Locale {i}", "ARML-A", "Région Alpha", "14")
        for i in range(3, 60)
    ]
    bad = structure_row("ML-BAD", "ML", "Mauvaise", "ARML-A", "Région Alpha", "14", statut="SCOP")
    sites = [site_row(f"ML-A{i}", "Siège") for i in range(3, 60)]
    result = import_registry(
        write_csv(tmp_path / "structures.csv", [*rows, *good, bad]), write_csv(tmp_path / "sites.csv", sites)
    )
    assert rules(result) == {"statut_unknown": [("structures.csv", 65, "statut", "SCOP")]}
    assert snapshot() == before


def test_many_problems_of_one_rule_are_counted_and_the_first_kept(world, tmp_path):
    rows = [
        structure_row(f"ML-X{i}", "ML", f"ML {i}", "ARML-A", "Région Alpha", "14", email=f"bad{i}")
        for i in range(25)
    ]
    group = import_registry(write_csv(tmp_path / "structures.csv", rows)).problems[0]
    assert (group.rule, group.count, len(group.examples), group.more) == ("email_format", 25, 10, 15)
    assert [p.line for p in group.examples] == list(range(2, 12))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "est vide"),
        (b"\r\n\r\n", "est vide"),
        (csv_bytes([], STRUCTURE_HEADER), "aucune ligne de données"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "document PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "classeur"),
        (bytes(range(256)), "binaire"),
        ("code;type;nom\nUNML;UNML;Réseau\n".encode("latin-1"), "pas encodé en UTF-8"),
        ('code;type;nom\nUNML;UNML;"Réseau\n'.encode(), "mal formé à la ligne 2"),
        (b"code;type;;nom\nA;B;;C\n", "colonne sans nom"),
        (b"code;type;code\nA;B;C\n", "apparaît deux fois"),
        (b"code\ttype\tnom\nA\tB\tC\n", "tabulation"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "pdf",
        "xlsx",
        "binary",
        "latin-1",
        "open-quote",
        "unnamed-column",
        "twice",
        "tabs",
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(world, tmp_path, content, expected):
    before = snapshot()
    (tmp_path / "structures.csv").write_bytes(content)
    result = import_registry(tmp_path / "structures.csv")
    assert [g.rule for g in result.problems] == ["file"]
    problem = result.problems[0].problems[0]
    assert problem.file == "structures.csv" and expected in problem.detail
    assert snapshot() == before


def test_missing_file_and_fake_parquet(world, tmp_path):
    (tmp_path / "sites.parquet").write_text("structure;nom\n", encoding="utf-8")
    result = import_registry(tmp_path / "absent.csv", tmp_path / "sites.parquet")
    details = [p.detail for p in result.problems[0].problems]
    assert details[0] == "Le fichier absent.csv est introuvable."
    assert details[1].startswith("Le fichier sites.parquet porte l'extension .parquet mais n'est pas")


def test_a_problem_in_sites_alone_blocks_the_structures_too(world, tmp_path):
    before = snapshot()
    structures = write_csv(tmp_path / "structures.csv", [*world_structures(), *new_region_rows()])
    sites = write_csv(tmp_path / "sites.csv", [site_row("ML-C1", "Siège", "SIEGE", "")])
    result = import_registry(structures, sites)
    assert list(rules(result)) == ["required"]
    assert snapshot() == before


# --- Size -------------------------------------------------------------------------------------


def test_a_full_size_network_imports_quickly_with_few_queries(db, tmp_path, django_assert_max_num_queries):
    rows = [structure_row("UNML", "UNML", "Union nationale")]
    sites = []
    for r in range(15):
        rows.append(structure_row(f"ARML-{r}", "ARML", f"ARML {r}", "UNML", f"Région {r}"))
        for m in range(30):
            code = f"ML-{r}-{m}"
            rows.append(
                structure_row(
                    code,
                    "ML",
                    f"Mission Locale {r} {m}",
                    f"ARML-{r}",
                    f"Région {r}",
                    "14",
                    email=f"contact@{code.lower()}.example",
                    telephone="02 31 00 00 00",
                )
            )
            sites += [site_row(code, f"Lieu {s}", "ANTENNE", f"Commune {s}") for s in range(4)]
    structures_path = write_csv(tmp_path / "structures.csv", rows[::-1])  # children first
    sites_path = write_csv(tmp_path / "sites.csv", sites)
    start = time.perf_counter()
    with django_assert_max_num_queries(40):
        result = import_registry(structures_path, sites_path)
    assert time.perf_counter() - start < 5
    assert (result.structures.created, result.sites.created) == (466, 1800)
    assert (Structure.objects.count(), Site.objects.count()) == (466, 1800)
    with django_assert_max_num_queries(10):
        again = import_registry(structures_path, sites_path)
    assert (again.structures.unchanged, again.sites.unchanged) == (466, 1800)
