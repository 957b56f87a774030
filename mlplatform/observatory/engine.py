"""The computation of the indicators (spec section 5) with DuckDB over the stored Parquet files.

This is the ONE place where an indicator is defined over rows: :func:`aggregate_sql` builds a
single SQL statement that computes, per Mission Locale, every count of
:data:`~.indicators.AGGREGATE_KEYS` for a year in one pass over the four files. The results are
stored per ML in the web database (``DatasetStructure.values``); :mod:`.indicators` sums them
for ARMLs and the nation and derives the rates, so that pages, PDF, exports and the API agree.

Definitions (see docs/observatoire.md):

- "in Y": a date from 1 January to 31 December of Y;
- ``jeunes_accompagnes``: distinct (ML, jeune) with an act in Y; ``jdi``: those with an act from
  1 August to 31 December of Y; breakdowns of the accompanied by the young person's attributes,
  unknown ``niveau`` / ``logement`` counted as ``INCONNU``;
- age band: the age in whole years on the date of the young person's first act in Y, counted
  in months from ``naissance``: floor(((y_act - y_birth) * 12 + (m_act - m_birth)) / 12);
- ``heures_face_a_face``: minutes of the acts in Y (60 for an act without duration), kept in
  minutes (``minutes_face_a_face``) and turned into hours when read;
- situations: a young person counts once per type; ``contrats_emploi`` / ``actions_formation``
  count rows;
- programmes: spells entered in Y, spells left in Y (by reason).

Public API::

    connect(work_dir, *, ordered=False) -> duckdb.DuckDBPyConnection
    dataset_path(storage) -> Path
    aggregate_sql(relations) -> str
    compute(relations, year, connection) -> dict[int, dict[str, int]]      # ML id -> aggregates
    compute_dataset(storage, year) -> dict[int, dict[str, int]]
    compute_year(year) -> dict[int, dict[str, int]]   # every current dataset of the year
    refresh_year(year) -> int                         # recompute and store (e.g. after a fix)
"""

# ruff: noqa: S608 - SQL is assembled from the spec's constants; paths, column names and values are escaped.

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.db import transaction

from .indicators import (
    AGGREGATE_KEYS,
    BREAKDOWNS,
    EXIT_REASONS,
    MINUTES_KEY,
    PROGRAMMES,
    UNKNOWN,
    breakdown_key,
    exit_key,
)
from .models import DatasetStructure

ACTIVITY_FILES = ("jeunes", "evenements", "situations", "dispositifs")
DEFAULT_MINUTES = 60
JDI_START_MONTH = 8  # the last five months: August to December

AGE_BANDS = {
    "<16": "age < 16",
    "16-17": "age BETWEEN 16 AND 17",
    "18-20": "age BETWEEN 18 AND 20",
    "21-23": "age BETWEEN 21 AND 23",
    "24+": "age >= 24",
}
SITUATION_PEOPLE = {
    "jeunes_entres_emploi": "EMPLOI",
    "jeunes_entres_alternance": "ALTERNANCE",
    "jeunes_entres_formation": "FORMATION",
    "jeunes_service_civique": "SERVICE_CIVIQUE",
    "jeunes_immersion": "IMMERSION",
}
SITUATION_ROWS = {"contrats_emploi": "EMPLOI", "actions_formation": "FORMATION"}


def storage_root() -> Path:
    return Path(settings.OBSERVATORY_DIR)


def dataset_path(storage: str) -> Path:
    """The folder of a dataset's pseudonymised Parquet files."""
    return storage_root() / "datasets" / storage


def connect(work_dir: Path, *, ordered: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the installation's limits, spilling to ``work_dir`` if needed."""
    connection = duckdb.connect(
        ":memory:",
        config={
            "threads": int(settings.OBSERVATORY_DUCKDB_THREADS),
            "memory_limit": settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT,
            "temp_directory": str(work_dir),
            "preserve_insertion_order": ordered,
        },
    )
    connection.execute("SET enable_progress_bar = false")
    return connection


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def aggregate_sql(relations: dict[str, str]) -> str:
    """The statement computing every aggregate per ML; parameters ``$start``, ``$end``, ``$jdi_start``.

    ``relations`` maps each of :data:`ACTIVITY_FILES` to a relation (``read_parquet(...)``, a
    table or a sub-query) with the stored columns.
    """
    in_year = "BETWEEN $start AND $end"
    acc_columns = ["count(*) AS jeunes_accompagnes", "count_if(jdi) AS jdi"]
    for name, values in BREAKDOWNS.items():
        for value in values:
            alias = _quote(breakdown_key(name, value))
            if name == "age":
                condition = AGE_BANDS[value]
            elif name in ("qpv", "zrr", "rqth", "justice"):
                condition = name if value == "1" else f"NOT {name}"
            elif value == UNKNOWN:
                condition = f"{name} IS NULL"
            else:
                condition = f"{name} = {_literal(value)}"
            acc_columns.append(f"count_if({condition}) AS {alias}")
    sit_columns = [
        f"count(DISTINCT jeune) FILTER (WHERE type = {_literal(t)}) AS {code}"
        for code, t in SITUATION_PEOPLE.items()
    ] + [f"count_if(type = {_literal(t)}) AS {code}" for code, t in SITUATION_ROWS.items()]
    dis_columns = []
    for programme in PROGRAMMES:
        is_programme = f"dispositif = {_literal(programme)}"
        dis_columns.append(
            f"count_if({is_programme} AND entree {in_year}) AS {_quote('entrees_' + programme)}"
        )
        dis_columns.append(
            f"count_if({is_programme} AND sortie {in_year}) AS {_quote('sorties_' + programme)}"
        )
        for reason in EXIT_REASONS:
            dis_columns.append(
                f"count_if({is_programme} AND sortie {in_year} AND motif_sortie = {_literal(reason)}) "
                f"AS {_quote(exit_key(programme, reason))}"
            )
    source = dict.fromkeys(("jeunes_accompagnes", "jdi"), "acc")
    source.update({breakdown_key(b, v): "acc" for b, values in BREAKDOWNS.items() for v in values})
    source.update(dict.fromkeys(("entretiens", "ateliers", "infos_collectives", MINUTES_KEY), "acts"))
    source.update(dict.fromkeys((*SITUATION_PEOPLE, *SITUATION_ROWS), "sit"))
    source.update(
        {key: "dis" for key in AGGREGATE_KEYS if key.startswith(("entrees_", "sorties_", "sorties."))}
    )
    source["premiers_accueils"] = "pa"
    missing = set(AGGREGATE_KEYS) - set(source)
    if missing:  # pragma: no cover - a new indicator without its SQL
        raise RuntimeError(f"Indicateurs sans définition SQL : {sorted(missing)}")
    final = ", ".join(
        f"coalesce({source[key]}.{_quote(key)}, 0)::BIGINT AS {_quote(key)}" for key in AGGREGATE_KEYS
    )
    return f"""
WITH
ev AS (
    SELECT ml, jeune, date, type, coalesce(duree_minutes, {DEFAULT_MINUTES}) AS minutes
    FROM {relations["evenements"]} WHERE date {in_year}
),
acts AS (
    SELECT ml, count_if(type = 'ENTRETIEN') AS entretiens, count_if(type = 'ATELIER') AS ateliers,
           count_if(type = 'INFO_COLLECTIVE') AS infos_collectives, sum(minutes) AS {MINUTES_KEY}
    FROM ev GROUP BY ml
),
per_jeune AS (
    SELECT ml, jeune, min(date) AS first_act, max(date) >= $jdi_start AS jdi FROM ev GROUP BY ml, jeune
),
accompanied AS (
    SELECT p.ml, p.jdi, j.sexe, j.niveau, j.qpv, j.zrr, j.rqth, j.justice, j.logement,
           floor(((year(p.first_act) - year(j.naissance)) * 12
                  + (month(p.first_act) - month(j.naissance))) / 12) AS age
    FROM per_jeune p JOIN {relations["jeunes"]} j ON j.ml = p.ml AND j.jeune = p.jeune
),
acc AS (SELECT ml, {", ".join(acc_columns)} FROM accompanied GROUP BY ml),
pa AS (
    SELECT ml, count_if(premier_accueil {in_year}) AS premiers_accueils
    FROM {relations["jeunes"]} GROUP BY ml
),
sit AS (
    SELECT ml, {", ".join(sit_columns)}
    FROM {relations["situations"]} WHERE date {in_year} GROUP BY ml
),
dis AS (SELECT ml, {", ".join(dis_columns)} FROM {relations["dispositifs"]} GROUP BY ml)
SELECT pa.ml, {final}
FROM pa
LEFT JOIN acc ON acc.ml = pa.ml
LEFT JOIN acts ON acts.ml = pa.ml
LEFT JOIN sit ON sit.ml = pa.ml
LEFT JOIN dis ON dis.ml = pa.ml
"""


def year_parameters(year: int) -> dict[str, date]:
    return {"start": date(year, 1, 1), "end": date(year, 12, 31), "jdi_start": date(year, JDI_START_MONTH, 1)}


def compute(
    relations: dict[str, str], year: int, connection: duckdb.DuckDBPyConnection
) -> dict[int, dict[str, int]]:
    """Every aggregate per ML (id) for ``year`` over ``relations`` (see :func:`aggregate_sql`)."""
    cursor = connection.execute(aggregate_sql(relations), year_parameters(year))
    names = [column[0] for column in cursor.description]
    return {row[0]: dict(zip(names[1:], (int(v) for v in row[1:]), strict=True)) for row in cursor.fetchall()}


def parquet_relations(folder: Path) -> dict[str, str]:
    return {kind: f"read_parquet({_literal(str(folder / f'{kind}.parquet'))})" for kind in ACTIVITY_FILES}


def compute_dataset(storage: str | Path, year: int) -> dict[int, dict[str, int]]:
    """The aggregates of the MLs of one stored dataset (a storage name or a folder)."""
    folder = Path(storage) if isinstance(storage, Path) else dataset_path(storage)
    with _scratch() as work_dir:
        connection = connect(work_dir)
        try:
            return compute(parquet_relations(folder), year, connection)
        finally:
            connection.close()


def current_sources(year: int) -> dict[str, list[int]]:
    """Storage folder -> ML ids whose current data for ``year`` it holds."""
    sources: dict[str, list[int]] = {}
    coverages = DatasetStructure.objects.current().filter(year=year, kind=DatasetStructure.Kind.DATA)
    for storage, structure_id in coverages.values_list("dataset__storage", "structure_id"):
        sources.setdefault(storage, []).append(structure_id)
    return sources


def union_relations(sources: dict[str, list[int]]) -> dict[str, str]:
    """Relations reading, from each dataset folder, only the rows of the MLs it is current for."""
    relations = {}
    for kind in ACTIVITY_FILES:
        parts = []
        for storage, mls in sorted(sources.items()):
            path = _literal(str(dataset_path(storage) / f"{kind}.parquet"))
            ids = ", ".join(str(int(ml)) for ml in sorted(mls))
            parts.append(f"SELECT * FROM read_parquet({path}) WHERE ml IN ({ids})")
        relations[kind] = "(" + " UNION ALL ".join(parts) + ")"
    return relations


def compute_year(year: int) -> dict[int, dict[str, int]]:
    """The aggregates of every ML with current data for ``year``, in one DuckDB statement."""
    sources = current_sources(year)
    if not sources:
        return {}
    with _scratch() as work_dir:
        connection = connect(work_dir)
        try:
            return compute(union_relations(sources), year, connection)
        finally:
            connection.close()


def refresh_year(year: int) -> int:
    """Recompute the stored aggregates of ``year`` from the Parquet files; returns the MLs updated."""
    results = compute_year(year)
    coverages = list(
        DatasetStructure.objects.current().filter(
            year=year, kind=DatasetStructure.Kind.DATA, structure_id__in=results
        )
    )
    for coverage in coverages:
        coverage.values = results[coverage.structure_id]
    with transaction.atomic():
        DatasetStructure.objects.bulk_update(coverages, ["values"], batch_size=200)
    return len(coverages)


class _scratch:
    """A private temporary folder under OBSERVATORY_DIR (DuckDB spills there), removed on exit."""

    def __enter__(self) -> Path:
        root = storage_root() / "tmp"
        root.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="work-", dir=root))
        return self.path

    def __exit__(self, *exc: Any) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


scratch = _scratch
