"""Tiny hand-made observatory datasets for tests: rows as dicts, written as spec files, imported.

Typical use::

    from tests.observatory.factories import acte, import_rows, jeune

    result = import_rows(
        2023,
        jeunes=[jeune("ML-A1", "jeune-0001")],
        evenements=[acte("ML-A1", "jeune-0001", "2023-03-02")],
    )
    assert result.accepted

``import_rows`` writes the files in a fresh temporary folder (or ``directory``) and calls
:func:`mlplatform.observatory.importer.import_dataset`; by default it fails the test when the
dataset is refused (``expect_accepted=False`` to test refusals). ``import_sample`` imports a
small ready-made dataset for the test world (ML-A1, ML-A2, ML-B1, objectives of ARML-A) whose
figures are given in :data:`SAMPLE_EXPECTED`.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mlplatform.network.perimeter import Perimeter
from mlplatform.observatory.importer import ObservatoryImportResult, import_dataset
from mlplatform.observatory.spec import FILES

Row = dict[str, Any]

JEUNE_DEFAULTS: Row = {
    "sexe": "F",
    "naissance": "2004-05",
    "premier_accueil": "2020-01-15",
    "niveau": "",
    "qpv": "0",
    "zrr": "0",
    "rqth": "0",
    "logement": "",
    "justice": "0",
}


def jeune(structure: str, ident: str, **values: Any) -> Row:
    """A row of jeunes.csv (defaults: F, born 2004-05, first reception 2020-01-15, flags 0)."""
    return {"structure": structure, "jeune": ident, **JEUNE_DEFAULTS, **values}


def acte(structure: str, ident: str, date: str, type: str = "ENTRETIEN", duree_minutes: Any = "") -> Row:
    """A row of evenements.csv (no duration by default: it counts 60 minutes)."""
    return {
        "structure": structure,
        "jeune": ident,
        "date": date,
        "type": type,
        "duree_minutes": duree_minutes,
    }


def situation(
    structure: str, ident: str, date: str, type: str, contrat: str = "", duree_mois: Any = ""
) -> Row:
    return {
        "structure": structure,
        "jeune": ident,
        "date": date,
        "type": type,
        "contrat": contrat,
        "duree_mois": duree_mois,
    }


def dispositif(
    structure: str, ident: str, dispositif: str, entree: str, sortie: str = "", motif_sortie: str = ""
) -> Row:
    return {
        "structure": structure,
        "jeune": ident,
        "dispositif": dispositif,
        "entree": entree,
        "sortie": sortie,
        "motif_sortie": motif_sortie,
    }


def objectif(
    structure: str, annee: int, dispositifs: str, valeur: Any, indicateur: str = "ENTREES_DISPOSITIF"
) -> Row:
    return {
        "structure": structure,
        "annee": annee,
        "indicateur": indicateur,
        "dispositifs": dispositifs,
        "valeur": valeur,
    }


def _header(kind: str, rows: Sequence[Row]) -> list[str]:
    """The spec's columns in order, then any other key found in the rows (to test refusals)."""
    header = list(FILES[kind].names) if kind in FILES else []
    for row in rows:
        header.extend(key for key in row if key not in header)
    return header


def write_table(
    path: Path, rows: Sequence[Row], *, kind: str | None = None, delimiter: str = ";", bom: bool = False
) -> Path:
    """Write rows as a CSV file (header: the spec's columns of ``kind``, then extra keys)."""
    kind = kind or path.name.split(".")[0]
    header = _header(kind, rows)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quotechar='"', lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(col) is None else str(row.get(col, "")) for col in header])
    return path


def _to_parquet(csv_path: Path, delimiter: str) -> Path:
    import duckdb

    target = csv_path.with_suffix(".parquet")
    connection = duckdb.connect()
    try:
        connection.execute(
            "COPY (SELECT * FROM read_csv(?, delim=?, header=true, all_varchar=true)) TO ? (FORMAT parquet)",
            [str(csv_path), delimiter, str(target)],
        )
    finally:
        connection.close()
    csv_path.unlink()
    return target


def write_dataset(
    directory: Path | str,
    *,
    jeunes: Iterable[Row] = (),
    evenements: Iterable[Row] = (),
    situations: Iterable[Row] = (),
    dispositifs: Iterable[Row] = (),
    objectifs: Iterable[Row] | None = None,
    fmt: str = "csv",
    delimiter: str = ";",
    bom: bool = False,
) -> dict[str, Path]:
    """Write the files of a dataset in ``directory``; ``fmt`` "csv" or "parquet" (text columns).

    The four activity files are always written (possibly with a header only); ``objectifs.csv``
    only when ``objectifs`` is given. Returns ``{file name: path}`` as ``import_dataset`` takes it.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[Row]] = {
        "jeunes": list(jeunes),
        "evenements": list(evenements),
        "situations": list(situations),
        "dispositifs": list(dispositifs),
    }
    if objectifs is not None:
        tables["objectifs"] = list(objectifs)
    files: dict[str, Path] = {}
    for kind, rows in tables.items():
        path = write_table(directory / f"{kind}.csv", rows, kind=kind, delimiter=delimiter, bom=bom)
        if fmt == "parquet":
            path = _to_parquet(path, delimiter)
        files[path.name] = path
    return files


def import_rows(
    year: int,
    *,
    directory: Path | str | None = None,
    user: Any = None,
    allowed: Perimeter | None = None,
    expect_accepted: bool = True,
    fmt: str = "csv",
    jeunes: Iterable[Row] = (),
    evenements: Iterable[Row] = (),
    situations: Iterable[Row] = (),
    dispositifs: Iterable[Row] = (),
    objectifs: Iterable[Row] | None = None,
) -> ObservatoryImportResult:
    """Write the rows as a dataset and import it for ``year``."""
    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="obs-dataset-"))
    files = write_dataset(
        directory,
        jeunes=jeunes,
        evenements=evenements,
        situations=situations,
        dispositifs=dispositifs,
        objectifs=objectifs,
        fmt=fmt,
    )
    result = import_dataset(year, files, allowed=allowed, user=user)
    if expect_accepted:
        assert result.accepted, result.report()
    return result


def sample_rows(year: int = 2023) -> dict[str, list[Row]]:
    """A small dataset for ML-A1, ML-A2 (region A) and ML-B1 (region B), with ARML-A objectives.

    Its figures for ``year`` are :data:`SAMPLE_EXPECTED`.
    """
    y = year
    jeunes_rows = [
        # ML-A1: three young people accompanied in Y, one only known from before.
        jeune(
            "ML-A1",
            "a1-jeune-01",
            sexe="F",
            naissance=f"{y - 19}-03",
            premier_accueil=f"{y}-02-01",
            niveau="BAC",
            qpv="1",
            logement="FAMILLE",
        ),
        jeune(
            "ML-A1",
            "a1-jeune-02",
            sexe="H",
            naissance=f"{y - 17}-01",
            premier_accueil=f"{y - 1}-05-10",
            niveau="CAP_BEP",
            zrr="1",
            logement="AUTONOME",
        ),
        jeune(
            "ML-A1",
            "a1-jeune-03",
            sexe="H",
            naissance=f"{y - 25}-12",
            premier_accueil=f"{y}-09-01",
            rqth="1",
            justice="1",
        ),
        jeune("ML-A1", "a1-jeune-04", sexe="F", naissance=f"{y - 22}-06", premier_accueil=f"{y - 3}-01-01"),
        # ML-A2: two young people.
        jeune(
            "ML-A2",
            "a2-jeune-01",
            sexe="F",
            naissance=f"{y - 21}-07",
            premier_accueil=f"{y}-01-10",
            niveau="SUPERIEUR",
            logement="PRECAIRE",
        ),
        jeune(
            "ML-A2",
            "a2-jeune-02",
            sexe="H",
            naissance=f"{y - 16}-02",
            premier_accueil=f"{y - 1}-11-20",
            niveau="SANS_DIPLOME",
        ),
        # ML-B1: one young person.
        jeune("ML-B1", "b1-jeune-01", sexe="F", naissance=f"{y - 20}-01", premier_accueil=f"{y}-03-03"),
    ]
    evenements_rows = [
        acte("ML-A1", "a1-jeune-01", f"{y}-02-01", "ENTRETIEN", 30),
        acte("ML-A1", "a1-jeune-01", f"{y}-09-15", "ATELIER", 120),
        acte("ML-A1", "a1-jeune-02", f"{y}-03-10", "ENTRETIEN"),
        acte("ML-A1", "a1-jeune-03", f"{y}-10-01", "INFO_COLLECTIVE", 90),
        acte("ML-A1", "a1-jeune-04", f"{y - 1}-12-20", "ENTRETIEN", 45),
        acte("ML-A2", "a2-jeune-01", f"{y}-01-10", "ENTRETIEN", 60),
        acte("ML-A2", "a2-jeune-02", f"{y}-08-01", "ENTRETIEN", 30),
        acte("ML-B1", "b1-jeune-01", f"{y}-03-03", "ENTRETIEN", 40),
    ]
    situations_rows = [
        situation("ML-A1", "a1-jeune-01", f"{y}-04-01", "EMPLOI", "CDD", 6),
        situation("ML-A1", "a1-jeune-01", f"{y}-10-01", "EMPLOI", "CDI"),
        situation("ML-A1", "a1-jeune-02", f"{y}-09-01", "ALTERNANCE", "", 24),
        situation("ML-A2", "a2-jeune-01", f"{y}-05-01", "FORMATION", "", 3),
        situation("ML-A2", "a2-jeune-02", f"{y}-06-01", "IMMERSION"),
        situation("ML-B1", "b1-jeune-01", f"{y}-07-01", "SERVICE_CIVIQUE", "", 8),
    ]
    dispositifs_rows = [
        dispositif("ML-A1", "a1-jeune-01", "CEJ", f"{y}-02-15", f"{y}-10-01", "EMPLOI_DURABLE"),
        dispositif("ML-A1", "a1-jeune-02", "CEJ", f"{y}-03-15"),
        dispositif("ML-A2", "a2-jeune-01", "GJ", f"{y - 1}-06-01", f"{y}-04-30", "FORMATION"),
        dispositif("ML-A2", "a2-jeune-02", "PACEA", f"{y}-08-01"),
        dispositif("ML-B1", "b1-jeune-01", "CEJ", f"{y}-03-10", f"{y}-06-30", "ABANDON"),
    ]
    objectifs_rows = [
        objectif("ARML-A", y, "CEJ+GJ", 4),
        objectif("ML-A1", y, "CEJ", 2),
    ]
    return {
        "jeunes": jeunes_rows,
        "evenements": evenements_rows,
        "situations": situations_rows,
        "dispositifs": dispositifs_rows,
        "objectifs": objectifs_rows,
    }


# Figures of sample_rows(year) for year, by structure code (None: the nation).
SAMPLE_EXPECTED: dict[str | None, dict[str, Any]] = {
    "ML-A1": {
        "jeunes_accompagnes": 3,
        "premiers_accueils": 2,
        "jdi": 2,
        "entretiens": 2,
        "ateliers": 1,
        "infos_collectives": 1,
        "heures_face_a_face": 5.0,
        "entrees_CEJ": 2,
        "sorties_CEJ": 1,
    },
    "ML-A2": {
        "jeunes_accompagnes": 2,
        "premiers_accueils": 1,
        "jdi": 1,
        "entretiens": 2,
        "entrees_GJ": 0,
        "sorties_GJ": 1,
        "entrees_PACEA": 1,
    },
    "ARML-A": {"jeunes_accompagnes": 5, "premiers_accueils": 3, "jdi": 3, "entretiens": 4, "entrees_CEJ": 2},
    "ML-B1": {"jeunes_accompagnes": 1, "entrees_CEJ": 1, "sorties_CEJ": 1, "taux_sorties_positives_CEJ": 0.0},
    None: {"jeunes_accompagnes": 6, "premiers_accueils": 4, "entretiens": 5, "entrees_CEJ": 3},
}


def import_sample(
    year: int = 2023, *, user: Any = None, directory: Path | str | None = None, fmt: str = "csv"
) -> ObservatoryImportResult:
    """Import :func:`sample_rows` for ``year`` (needs the test world: ML-A1, ML-A2, ML-B1, ARML-A)."""
    return import_rows(year, user=user, directory=directory, fmt=fmt, **sample_rows(year))
