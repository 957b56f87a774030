"""The computation of the indicators (spec section 5) with DuckDB over the stored Parquet files.

This is the ONE place where an indicator is defined over rows: :func:`aggregate_sql` builds a
single SQL statement that computes, per Mission Locale, every count of
:data:`~.indicators.STORED_KEYS` for a year over the four files. The results are stored per
ML in the web database (``DatasetStructure.values``); :mod:`.indicators` sums them for ARMLs and
the nation and derives the rates and evolutions, so that pages, PDF, exports and the API agree.

How the statement is shaped (measured on the national bench, ``make bench SCENARIOS=observatory``):
each file is grouped once at the grain a definition needs, then pivoted per ML over a few rows:
acts per young person (first act, JDI) and, in a second lean scan, per ML (acts by type,
minutes: cheaper than carrying them through a million groups); situations per (young person,
type), not one ``count(DISTINCT)`` per type; spells per (programme, exit reason). A year's
datasets are read whole (``read_parquet`` of a list of files); only a dataset partly replaced
by a later import is filtered on the MLs it is still current for.

Definitions (see docs/observatoire.md):

- "in Y": a date from 1 January to 31 December of Y;
- ``jeunes_accompagnes``: distinct (ML, jeune) with an act in Y; ``jdi``: those with an act from
  1 August to 31 December of Y; breakdowns of the accompanied by the young person's attributes,
  unknown ``niveau`` / ``logement`` counted as ``INCONNU``;
- age band: the age in whole years on the date of the young person's first act in Y, counted
  in months from ``naissance``: floor(((y_act - y_birth) * 12 + (m_act - m_birth)) / 12), the
  bands being compared on the months (age in [a, b) years is months in [12a, 12b));
- ``heures_face_a_face``: minutes of the acts in Y (60 for an act without duration), kept in
  minutes (``minutes_face_a_face``): hours are derived, and rounded, only when shown;
- situations: a young person counts once per type; ``contrats_emploi`` / ``actions_formation``
  count rows;
- programmes: spells entered in Y, spells left in Y (by reason);
- profiles (issue 18): the young people entering each programme in Y (once per programme, aged at
  their first entry of Y) by sex, age band, level and flags; the ``EMPLOI`` rows of Y by
  ``contrat`` (unknown as ``INCONNU``, counted in the situations' group, per young person and
  type); for the young people under justice, the breakdowns of the accompanied, the young people
  entering employment / alternance / training and their contracts by type.

Public API::

    connect(work_dir, *, ordered=False) -> duckdb.DuckDBPyConnection
    dataset_path(storage) -> Path
    aggregate_sql(relations) -> str
    compute(relations, year, connection) -> dict[int, dict[str, int]]      # ML id -> aggregates
    compute_dataset(storage, year) -> dict[int, dict[str, int]]
    compute_year(year) -> dict[int, dict[str, int]]   # every current dataset of the year
    refresh_year(year) -> int                         # recompute, store what changed (e.g. after a fix)
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
from django.utils import timezone

from .indicators import (
    BREAKDOWNS,
    CONTRACTS,
    EXIT_REASONS,
    JUSTICE_BREAKDOWNS,
    JUSTICE_ENTRIES,
    MINUTES_KEY,
    PROFILE_BREAKDOWNS,
    PROGRAMMES,
    STORED_KEYS,
    UNKNOWN,
    breakdown_key,
    contract_key,
    entrants_breakdown_key,
    entrants_key,
    exit_key,
    justice_breakdown_key,
    justice_entry_key,
)
from .models import DatasetStructure

ACTIVITY_FILES = ("jeunes", "evenements", "situations", "dispositifs")
DEFAULT_MINUTES = 60
JDI_START_MONTH = 8  # the last five months: August to December

# Age bands in whole years [from, to): the age is floor(months / 12), so "age in [a, b)" is
# "months in [12a, 12b)", compared on the integer months without any division.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "<16": (None, 16),
    "16-17": (16, 18),
    "18-20": (18, 21),
    "21-23": (21, 24),
    "24+": (24, None),
}
ACT_TYPES = {"entretiens": "ENTRETIEN", "ateliers": "ATELIER", "infos_collectives": "INFO_COLLECTIVE"}
SITUATION_PEOPLE = {
    "jeunes_entres_emploi": "EMPLOI",
    "jeunes_entres_alternance": "ALTERNANCE",
    "jeunes_entres_formation": "FORMATION",
    "jeunes_service_civique": "SERVICE_CIVIQUE",
    "jeunes_immersion": "IMMERSION",
}
SITUATION_ROWS = {"contrats_emploi": "EMPLOI", "actions_formation": "FORMATION"}
FLAGS = ("qpv", "zrr", "rqth", "justice")


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


def _age_condition(band: str) -> str:
    low, high = AGE_BANDS[band]
    bounds = ([f"age_months >= {low * 12}"] if low is not None else []) + (
        [f"age_months < {high * 12}"] if high is not None else []
    )
    return " AND ".join(bounds)


def _breakdown_condition(name: str, value: str) -> str:
    if name == "age":
        return _age_condition(value)
    if name in FLAGS:
        return name if value == "1" else f"NOT {name}"
    if value == UNKNOWN:
        return f"{name} IS NULL"
    return f"{name} = {_literal(value)}"


def _contract_condition(contract: str) -> str:
    return "contrat IS NULL" if contract == UNKNOWN else f"contrat = {_literal(contract)}"


def _columns(columns: dict[str, str]) -> str:
    return ",\n           ".join(f"{sql} AS {_quote(key)}" for key, sql in columns.items())


def aggregate_sql(relations: dict[str, str]) -> str:
    """The statement computing every aggregate per ML; parameters ``$start``, ``$end``, ``$jdi_start``.

    ``relations`` maps each of :data:`ACTIVITY_FILES` to a relation (``read_parquet(...)``, a
    table or a sub-query) with the stored columns. Each file is scanned once, except the acts:
    one scan groups them per young person (first act, JDI), the other per ML (acts by type,
    minutes), which is cheaper than carrying the per-type counts through 1 million groups.
    Situations are grouped once per (young person, type); spells per (programme, reason).
    """
    in_year = "BETWEEN $start AND $end"
    acts = {code: f"count_if(type = {_literal(kind)})" for code, kind in ACT_TYPES.items()}
    acts[MINUTES_KEY] = f"sum(coalesce(duree_minutes, {DEFAULT_MINUTES}))"
    accompanied = {"jeunes_accompagnes": "count(*)", "jdi": "count_if(jdi)"}
    accompanied.update(
        {
            breakdown_key(name, value): f"count_if({_breakdown_condition(name, value)})"
            for name, values in BREAKDOWNS.items()
            for value in values
        }
    )
    accompanied.update(
        {
            justice_breakdown_key(name, value): f"count_if(justice AND {_breakdown_condition(name, value)})"
            for name in JUSTICE_BREAKDOWNS
            for value in BREAKDOWNS[name]
        }
    )
    situations = {code: f"count_if(type = {_literal(kind)})" for code, kind in SITUATION_PEOPLE.items()}
    for code, kind in SITUATION_ROWS.items():
        situations[code] = f"sum(entries) FILTER (WHERE type = {_literal(kind)})"
    contract_columns = {f"c{index}": _contract_condition(c) for index, c in enumerate(CONTRACTS)}
    for index, contract in enumerate(CONTRACTS):
        situations[contract_key(contract)] = f"sum(c{index}) FILTER (WHERE type = 'EMPLOI')"
    justice_situations = {
        justice_entry_key(entry): f"count_if(type = {_literal(kind)})"
        for entry, kind in JUSTICE_ENTRIES.items()
    }
    for index, contract in enumerate(CONTRACTS):
        justice_situations[contract_key(contract, justice=True)] = (
            f"sum(c{index}) FILTER (WHERE type = 'EMPLOI')"
        )
    entrants: dict[str, str] = {}
    for programme in PROGRAMMES:
        is_programme = f"dispositif = {_literal(programme)}"
        entrants[entrants_key(programme)] = f"count_if({is_programme})"
        for name in PROFILE_BREAKDOWNS:
            for value in BREAKDOWNS[name]:
                entrants[entrants_breakdown_key(programme, name, value)] = (
                    f"count_if({is_programme} AND {_breakdown_condition(name, value)})"
                )
    spells: dict[str, str] = {}
    for programme in PROGRAMMES:
        is_programme = f"dispositif = {_literal(programme)}"
        spells[f"entrees_{programme}"] = f"sum(entered) FILTER (WHERE {is_programme})"
        spells[f"sorties_{programme}"] = f"sum(exited) FILTER (WHERE {is_programme})"
        for reason in EXIT_REASONS:
            spells[exit_key(programme, reason)] = (
                f"sum(exited) FILTER (WHERE {is_programme} AND motif_sortie = {_literal(reason)})"
            )
    source = dict.fromkeys(acts, "acts")
    source.update(dict.fromkeys(accompanied, "acc"))
    source.update(dict.fromkeys(situations, "sit"))
    source.update(dict.fromkeys(spells, "dis"))
    source.update(dict.fromkeys(justice_situations, "jsit"))
    source.update(dict.fromkeys(entrants, "ent"))
    source["premiers_accueils"] = "pa"
    missing = set(STORED_KEYS) - set(source)
    if missing:  # pragma: no cover - a new indicator without its SQL
        raise RuntimeError(f"Indicateurs sans définition SQL : {sorted(missing)}")
    final = ",\n       ".join(
        f"coalesce({source[key]}.{_quote(key)}, 0)::BIGINT AS {_quote(key)}" for key in STORED_KEYS
    )
    flags = ", ".join(f"j.{flag}" for flag in FLAGS)
    contract_counts = ", ".join(f"count_if({sql}) AS {name}" for name, sql in contract_columns.items())
    return f"""
WITH
per_jeune AS (  -- one row per young person with an act in the year
    SELECT ml, jeune, min(date) AS first_act, bool_or(date >= $jdi_start) AS jdi
    FROM {relations["evenements"]} WHERE date {in_year} GROUP BY ml, jeune
),
accompanied AS (
    SELECT p.ml, p.jdi, j.sexe, j.niveau, j.logement, {flags},
           (year(p.first_act) - year(j.naissance)) * 12 + (month(p.first_act) - month(j.naissance))
               AS age_months
    FROM per_jeune p JOIN {relations["jeunes"]} j ON j.ml = p.ml AND j.jeune = p.jeune
),
acc AS (
    SELECT ml, {_columns(accompanied)}
    FROM accompanied GROUP BY ml
),
acts AS (
    SELECT ml, {_columns(acts)}
    FROM {relations["evenements"]} WHERE date {in_year} GROUP BY ml
),
pa AS (
    SELECT ml, count_if(premier_accueil {in_year}) AS premiers_accueils
    FROM {relations["jeunes"]} GROUP BY ml
),
entries AS (  -- one row per (young person, situation type) entered in the year, rows by contract
    SELECT ml, jeune, type, count(*) AS entries, {contract_counts}
    FROM {relations["situations"]} WHERE date {in_year} GROUP BY ml, jeune, type
),
sit AS (
    SELECT ml, {_columns(situations)}
    FROM entries GROUP BY ml
),
jsit AS (  -- the same, for the young people under justice
    SELECT e.ml, {_columns(justice_situations)}
    FROM entries e JOIN {relations["jeunes"]} j ON j.ml = e.ml AND j.jeune = e.jeune
    WHERE j.justice GROUP BY e.ml
),
entrant AS (  -- one row per (young person, programme) entered in the year, aged at the first entry
    SELECT e.ml, e.dispositif, j.sexe, j.niveau, {flags},
           (year(e.first_entry) - year(j.naissance)) * 12 + (month(e.first_entry) - month(j.naissance))
               AS age_months
    FROM (
        SELECT ml, jeune, dispositif, min(entree) AS first_entry
        FROM {relations["dispositifs"]} WHERE entree {in_year} GROUP BY ml, jeune, dispositif
    ) e JOIN {relations["jeunes"]} j ON j.ml = e.ml AND j.jeune = e.jeune
),
ent AS (
    SELECT ml, {_columns(entrants)}
    FROM entrant GROUP BY ml
),
spells AS (  -- one row per (ML, programme, exit reason)
    SELECT ml, dispositif, motif_sortie, count_if(entree {in_year}) AS entered,
           count_if(sortie {in_year}) AS exited
    FROM {relations["dispositifs"]} GROUP BY ml, dispositif, motif_sortie
),
dis AS (
    SELECT ml, {_columns(spells)}
    FROM spells GROUP BY ml
)
SELECT pa.ml, {final}
FROM pa
LEFT JOIN acc ON acc.ml = pa.ml
LEFT JOIN acts ON acts.ml = pa.ml
LEFT JOIN sit ON sit.ml = pa.ml
LEFT JOIN dis ON dis.ml = pa.ml
LEFT JOIN jsit ON jsit.ml = pa.ml
LEFT JOIN ent ON ent.ml = pa.ml
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


def current_sources(year: int) -> dict[str, list[int] | None]:
    """Storage folder -> the ML ids whose current data for ``year`` it holds, or ``None`` when it
    is current for every ML it holds (the usual case: its files are then read whole, unfiltered)."""
    current: dict[str, list[int]] = {}
    data = DatasetStructure.objects.filter(year=year, kind=DatasetStructure.Kind.DATA)
    for storage, structure_id in data.current().values_list("dataset__storage", "structure_id"):
        current.setdefault(storage, []).append(structure_id)
    partly_replaced = set(
        data.filter(dataset__storage__in=list(current), superseded_by__isnull=False).values_list(
            "dataset__storage", flat=True
        )
    )
    return {storage: mls if storage in partly_replaced else None for storage, mls in current.items()}


def union_relations(sources: dict[str, list[int] | None]) -> dict[str, str]:
    """Relations reading the current rows of ``sources`` (see :func:`current_sources`): the files
    read whole in one ``read_parquet``, the others filtered on the MLs they are still current for."""
    relations = {}
    for kind in ACTIVITY_FILES:
        whole = [
            _literal(str(dataset_path(storage) / f"{kind}.parquet"))
            for storage, mls in sorted(sources.items())
            if mls is None
        ]
        parts = [f"SELECT * FROM read_parquet([{', '.join(whole)}], union_by_name = true)"] if whole else []
        for storage, mls in sorted(sources.items()):
            if mls is not None:
                path = _literal(str(dataset_path(storage) / f"{kind}.parquet"))
                ids = ", ".join(str(int(ml)) for ml in sorted(mls))
                parts.append(f"SELECT * FROM read_parquet({path}) WHERE ml IN ({ids})")
        relations[kind] = "(" + " UNION ALL BY NAME ".join(parts) + ")"
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
    """Recompute the stored aggregates of ``year`` from the Parquet files; returns the MLs
    recomputed. Only the aggregates that changed are written (usually none, or those a fix of a
    definition changes)."""
    results = compute_year(year)
    coverages = list(
        DatasetStructure.objects.current().filter(
            year=year, kind=DatasetStructure.Kind.DATA, structure_id__in=results
        )
    )
    changed = [coverage for coverage in coverages if coverage.values != results[coverage.structure_id]]
    now = timezone.now()
    for coverage in changed:
        coverage.values = results[coverage.structure_id]
        coverage.computed_at = now  # the cached figures (cache.py) follow it
    with transaction.atomic():
        DatasetStructure.objects.bulk_update(changed, ["values", "computed_at"], batch_size=200)
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
