"""Observatory at national scale: the platform against hand-written DuckDB SQL on the same files.

Data: the synthetic generator (mlplatform.observatory.synthetic) on the reference registry plus
the fictitious demo network (436 Missions Locales, 15 ARMLs), for YEAR and YEAR - 1, each ML
at FACTOR times its real size so that YEAR has the volumes of issue 6 (about 1.1 million young
people, 11 million acts, 1.2 million situations, 0.6 million programme spells). Files are
generated once, in a child process (its memory does not count), and cached under
var/bench/observatory/<generator version, DuckDB version, seed, factor>/<year>/.

Measured in the same run, with the same DuckDB limits (settings.OBSERVATORY_DUCKDB_*):
(a) the platform's import of both years (read, validate every rule, hash the ids, store as
    Parquet, aggregate per ML, record) against DuckDB's plain load of the same CSV files into
    tables of a database file (``read_csv``, nothing checked);
(b) the computation of every indicator for every ML, every ARML and the nation, for YEAR with
    its evolutions (both years aggregated again from the stored files: engine.refresh_year, then
    indicators_many / indicators) against REFERENCE below, written from the spec alone and run
    on the same stored Parquet files; both must give the same figures (checked on a sample of
    MLs, every ARML and the nation), median of ROUNDS alternated runs;
(c) the peak resident memory of this process after (a) and (b) (DuckDB runs inside it).
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.test import override_settings

from bench.measure import Measure, peak_memory_mb

# ruff: noqa: S608 -- SQL built from this module's constants and our own file paths.

SCENARIO = "observatory"
YEAR = 2025
FACTOR = float(os.environ.get("BENCH_OBSERVATORY_FACTOR", "1.25"))  # smaller for a quick try
ROUNDS = 3
SAMPLE_SIZE = 25
TABLES = ("jeunes", "evenements", "situations", "dispositifs", "objectifs")
PROGRAMMES = ("CEJ", "GJ", "PACEA")
REASONS = ("EMPLOI_DURABLE", "ALTERNANCE", "FORMATION", "AUTRE", "ABANDON")
POSITIVE = ("EMPLOI_DURABLE", "ALTERNANCE")
SITUATION_PEOPLE = {
    "jeunes_entres_emploi": "EMPLOI",
    "jeunes_entres_alternance": "ALTERNANCE",
    "jeunes_entres_formation": "FORMATION",
    "jeunes_service_civique": "SERVICE_CIVIQUE",
    "jeunes_immersion": "IMMERSION",
}
BREAKDOWN_VALUES = {
    "sexe": ("F", "H"),
    "age": ("<16", "16-17", "18-20", "21-23", "24+"),
    "niveau": ("SANS_DIPLOME", "CAP_BEP", "BAC", "SUPERIEUR", "INCONNU"),
    "qpv": ("0", "1"),
    "zrr": ("0", "1"),
    "rqth": ("0", "1"),
    "justice": ("0", "1"),
    "logement": ("AUTONOME", "FAMILLE", "PRECAIRE", "INCONNU"),
}
AGE_CONDITIONS = {
    "<16": "age < 16",
    "16-17": "age BETWEEN 16 AND 17",
    "18-20": "age BETWEEN 18 AND 20",
    "21-23": "age BETWEEN 21 AND 23",
    "24+": "age >= 24",
}


# ---------------------------------------------------------------------------------------------
# The reference: plain DuckDB SQL written from section 5 of the spec, independently of the engine.


def _accompanied_columns() -> list[str]:
    columns = ["count(*) AS jeunes_accompagnes", "count(*) FILTER (WHERE late) AS jdi"]
    for name, values in BREAKDOWN_VALUES.items():
        for value in values:
            if name == "age":
                condition = AGE_CONDITIONS[value]
            elif value == "INCONNU":
                condition = f"{name} IS NULL OR {name} = ''"
            else:
                condition = f"{name} = '{value}'"
            columns.append(f'count(*) FILTER (WHERE {condition}) AS "{name}.{value}"')
    return columns


def reference_queries(year: int, sources: dict[str, str], key: str) -> list[str]:
    """Per-ML counts of ``year``, one query per file, over ``sources`` (a relation per file), the
    ML being the column ``key``. Flags and months are read through text, so that the queries run
    on the CSV files as given (``0``/``1``, ``YYYY-MM``) and on typed Parquet (BOOLEAN, DATE)."""
    start, end, jdi_start = f"DATE '{year}-01-01'", f"DATE '{year}-12-31'", f"DATE '{year}-08-01'"
    in_year = f"BETWEEN {start} AND {end}"
    flags = ", ".join(
        f"CAST(CAST(p.{flag} AS INTEGER) AS VARCHAR) AS {flag}" for flag in ("qpv", "zrr", "rqth", "justice")
    )
    birth = "CAST(p.naissance AS VARCHAR)"
    situations = [
        f"count(DISTINCT jeune) FILTER (WHERE type = '{kind}') AS {code}"
        for code, kind in SITUATION_PEOPLE.items()
    ]
    situations += [
        "count(*) FILTER (WHERE type = 'EMPLOI') AS contrats_emploi",
        "count(*) FILTER (WHERE type = 'FORMATION') AS actions_formation",
    ]
    spells = []
    for programme in PROGRAMMES:
        entered = f"dispositif = '{programme}' AND entree {in_year}"
        left = f"dispositif = '{programme}' AND sortie {in_year}"
        spells.append(f"count(*) FILTER (WHERE {entered}) AS entrees_{programme}")
        spells.append(f"count(*) FILTER (WHERE {left}) AS sorties_{programme}")
        spells += [
            f"count(*) FILTER (WHERE {left} AND motif_sortie = '{r}') AS \"sorties.{programme}.{r}\""
            for r in REASONS
        ]
    return [
        f"""
        WITH seen AS (
            SELECT {key} AS k, jeune, min(date) AS first_act, max(date) >= {jdi_start} AS late
            FROM {sources["evenements"]} WHERE date {in_year} GROUP BY ALL
        ), young AS (
            SELECT y.k, y.late, p.sexe, p.niveau, p.logement, {flags},
                floor(((year(y.first_act) - CAST(substr({birth}, 1, 4) AS INTEGER)) * 12
                    + month(y.first_act) - CAST(substr({birth}, 6, 2) AS INTEGER)) / 12) AS age
            FROM seen y JOIN {sources["jeunes"]} p ON p.{key} = y.k AND p.jeune = y.jeune
        )
        SELECT k, {", ".join(_accompanied_columns())} FROM young GROUP BY k""",
        f"""SELECT {key} AS k, count(*) FILTER (WHERE premier_accueil {in_year}) AS premiers_accueils
        FROM {sources["jeunes"]} GROUP BY k""",
        f"""SELECT {key} AS k, count(*) FILTER (WHERE type = 'ENTRETIEN') AS entretiens,
            count(*) FILTER (WHERE type = 'ATELIER') AS ateliers,
            count(*) FILTER (WHERE type = 'INFO_COLLECTIVE') AS infos_collectives,
            sum(coalesce(duree_minutes, 60)) AS minutes
        FROM {sources["evenements"]} WHERE date {in_year} GROUP BY k""",
        f"""SELECT {key} AS k, {", ".join(situations)}
        FROM {sources["situations"]} WHERE date {in_year} GROUP BY k""",
        f"""SELECT {key} AS k, {", ".join(spells)} FROM {sources["dispositifs"]} GROUP BY k""",
    ]


def reference_totals(
    connection: duckdb.DuckDBPyConnection, year: int, sources: dict[str, str], key: str
) -> dict[str | None, dict[str, int]]:
    """Every count of ``year`` for each ML, each ARML (by code) and the nation (None).

    The table ``network(k, code, arml)`` maps the ML key to its code and ARML.
    """
    names: list[tuple[str, str]] = []
    for index, query in enumerate(reference_queries(year, sources, key)):
        connection.execute(f"CREATE OR REPLACE TEMP TABLE r{index} AS {query}")
        names += [(f"r{index}", row[0]) for row in connection.execute(f"DESCRIBE r{index}").fetchall()[1:]]
    sums = ", ".join(f'sum(coalesce({table}."{name}", 0))::BIGINT AS "{name}"' for table, name in names)
    joins = " ".join(f"LEFT JOIN r{index} ON r{index}.k = n.k" for index in range(5))
    cursor = connection.execute(
        f"""SELECT grouping(n.code) AS g_ml, grouping(n.arml) AS g_arml, n.code, n.arml, {sums}
        FROM network n {joins} WHERE r1.k IS NOT NULL
        GROUP BY GROUPING SETS ((n.code, n.arml), (n.arml), ())"""
    )
    columns = [column[0] for column in cursor.description][4:]
    totals: dict[str | None, dict[str, int]] = {}
    for g_ml, g_arml, code, arml, *values in cursor.fetchall():
        structure = code if not g_ml else (arml if not g_arml else None)
        totals[structure] = dict(zip(columns, values, strict=True))
    return totals


def shaped(current: dict[str, int], previous: dict[str, int] | None) -> dict[str, Any]:
    """The figures of one structure in the shape of issue 6 (rates as fractions)."""
    indicators: dict[str, Any] = {
        key: current[key]
        for key in (
            "jeunes_accompagnes",
            "premiers_accueils",
            "jdi",
            "entretiens",
            "ateliers",
            "infos_collectives",
            *SITUATION_PEOPLE,
            "contrats_emploi",
            "actions_formation",
        )
    }
    indicators["heures_face_a_face"] = current["minutes"] / 60
    exits = {}
    for programme in PROGRAMMES:
        indicators[f"entrees_{programme}"] = current[f"entrees_{programme}"]
        left = indicators[f"sorties_{programme}"] = current[f"sorties_{programme}"]
        exits[programme] = {reason: current[f"sorties.{programme}.{reason}"] for reason in REASONS}
        positive = sum(exits[programme][reason] for reason in POSITIVE)
        indicators[f"taux_sorties_positives_{programme}"] = positive / left if left else None
    evolution = {}
    if previous is not None:
        before = shaped(previous, None)["indicators"]
        evolution = {
            key: (value - before[key]) / before[key]
            for key, value in indicators.items()
            if not key.startswith("taux_") and before[key]
        }
    breakdowns = {
        name: {v: current[f"{name}.{v}"] for v in values} for name, values in BREAKDOWN_VALUES.items()
    }
    return {
        "indicators": indicators,
        "breakdowns": breakdowns,
        "exits_by_reason": exits,
        "evolution": evolution,
    }


def reference_objectives(
    connection: duckdb.DuckDBPyConnection, objectives_csv: Path, totals: dict[str | None, dict[str, int]]
) -> list[dict[str, Any]]:
    rows = connection.execute(
        "SELECT structure, dispositifs, valeur FROM read_csv(?, delim=';', header=true)",
        [str(objectives_csv)],
    ).fetchall()
    result = []
    for structure, programmes, value in rows:
        done = sum(totals.get(structure, {}).get(f"entrees_{p}", 0) for p in programmes.split("+"))
        result.append({"structure": structure, "dispositifs": programmes, "valeur": value, "realise": done})
    return result


def reference_computation(stored: dict[int, Path], objectives_csv: Path, network: list[tuple]) -> dict:
    """Every figure of YEAR (with evolutions) over the stored Parquet files, per structure code."""
    connection = duckdb.connect(
        config={
            "threads": int(settings.OBSERVATORY_DUCKDB_THREADS),
            "memory_limit": settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT,
            "preserve_insertion_order": False,
        }
    )
    try:
        connection.execute("CREATE TEMP TABLE network (k INTEGER, code VARCHAR, arml VARCHAR)")
        connection.executemany("INSERT INTO network VALUES (?, ?, ?)", network)
        years = {}
        for year, folder in stored.items():
            sources = {table: f"read_parquet('{folder / f'{table}.parquet'}')" for table in TABLES[:4]}
            years[year] = reference_totals(connection, year, sources, "ml")
        current, previous = years[YEAR], years[YEAR - 1]
        figures = {code: shaped(values, previous.get(code)) for code, values in current.items()}
        objectives = reference_objectives(connection, objectives_csv, current)
    finally:
        connection.close()
    return {"figures": figures, "objectives": objectives}


# ---------------------------------------------------------------------------------------------
# Comparison with the platform


def _close(found: Any, expected: Any, tolerance: float) -> bool:
    if found is None or expected is None:
        return found is expected
    return abs(found - expected) <= tolerance


def compare(
    platform: dict[str, Any], reference: dict[str, Any], objectives: list[dict[str, Any]]
) -> list[str]:
    """The differences between the platform's figures of one structure and the reference's.

    The platform rounds hours to 2 decimals and rates and evolutions to 4: so do the tolerances.
    """
    differences = []
    for key, expected in reference["indicators"].items():
        found = platform["indicators"].get(key)
        tolerance = 0.006 if key == "heures_face_a_face" else 0.00006
        if not (found == expected if isinstance(expected, int) else _close(found, expected, tolerance)):
            differences.append(f"{key} : {found} ≠ {expected}")
    for section in ("breakdowns", "exits_by_reason"):
        if platform[section] != reference[section]:
            differences.append(f"{section} : {platform[section]} ≠ {reference[section]}")
    if set(platform["evolution"]) != set(reference["evolution"]):
        differences.append(f"évolutions : {sorted(platform['evolution'])} ≠ {sorted(reference['evolution'])}")
    for key, expected in reference["evolution"].items():
        if not _close(platform["evolution"].get(key), expected, 0.00011):
            differences.append(f"évolution {key} : {platform['evolution'].get(key)} ≠ {expected:.5f}")
    ours = sorted(
        (o["structure"], o["dispositifs"], o["valeur"], o["realise"]) for o in platform["objectives"]
    )
    theirs = sorted((o["structure"], o["dispositifs"], o["valeur"], o["realise"]) for o in objectives)
    if ours != theirs:
        differences.append(f"objectifs : {ours[:3]}… ≠ {theirs[:3]}…")
    return differences


# ---------------------------------------------------------------------------------------------
# Files, registry, measures


def cache_dir() -> Path:
    from mlplatform.observatory.synthetic import DEFAULT_SEED, GENERATOR_VERSION

    name = f"g{GENERATOR_VERSION}-duckdb{duckdb.__version__}-seed{DEFAULT_SEED}-x{FACTOR}"
    return Path(settings.BENCH_DIR) / "observatory" / name


def ensure_files() -> tuple[dict[int, dict[str, Path]], float]:
    """The CSV files of YEAR - 1 and YEAR, generated if not cached; and the generation time."""
    root = cache_dir()
    spent = 0.0
    files = {}
    for year in (YEAR - 1, YEAR):
        folder = root / str(year)
        if not (folder / ".complete").exists():
            started = time.monotonic()
            partial = root / f"{year}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            command = [sys.executable, "-m", "mlplatform.observatory.synthetic", "--year", str(year)]
            command += ["--out", str(partial), "--scale", "national", "--factor", str(FACTOR)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (our own module)
            shutil.rmtree(folder, ignore_errors=True)
            partial.rename(folder)
            (folder / ".complete").write_text("ok\n")
            spent += time.monotonic() - started
        files[year] = {f"{table}.csv": folder / f"{table}.csv" for table in TABLES}
    return files, spent


def load_registry() -> None:
    from mlplatform.network.demo import load_demo_network, load_reference_network

    assert load_reference_network().accepted
    load_demo_network()


def plain_load(files: dict[int, dict[str, Path]], database: Path) -> float:
    """Seconds DuckDB takes to load the CSV files into tables of a database file, as they are."""
    database.unlink(missing_ok=True)
    started = time.monotonic()
    connection = duckdb.connect(
        str(database),
        config={
            "threads": int(settings.OBSERVATORY_DUCKDB_THREADS),
            "memory_limit": settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT,
        },
    )
    try:
        for year, paths in files.items():
            for name, path in paths.items():
                table = f"y{year}_{name.removesuffix('.csv')}"
                connection.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}')")
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    elapsed = time.monotonic() - started
    database.unlink(missing_ok=True)
    return elapsed


def platform_computation(structures: list) -> dict[str | None, dict[str, Any]]:
    from mlplatform.observatory import engine
    from mlplatform.observatory.indicators import indicators, indicators_many

    for year in (YEAR - 1, YEAR):
        engine.refresh_year(year)
    results: dict[str | None, dict[str, Any]] = dict(indicators_many(YEAR, structures))
    results[None] = indicators(YEAR, None)
    return results


def run() -> list[Measure]:
    work = cache_dir().parent / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    with override_settings(OBSERVATORY_DIR=work / "store"):
        try:
            return _run(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Measure]:
    from mlplatform.network.models import Structure
    from mlplatform.observatory import engine
    from mlplatform.observatory.importer import import_dataset

    files, generation = ensure_files()
    generator_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    load_registry()
    measures = []
    if generation:
        note = f"2 années, processus à part (pic {generator_peak:.0f} Mo), mis en cache"
        measures.append(Measure(SCENARIO, "génération des fichiers synthétiques", generation, "s", note))

    # The platform first, alone in the process, so that the peak memory measured next is its own.
    started = time.monotonic()
    results = {year: import_dataset(year, paths) for year, paths in files.items()}
    imported = time.monotonic() - started
    for result in results.values():
        assert result.accepted, result.report()
    structures = list(Structure.objects.ml()) + list(Structure.objects.arml())
    network = [(s.pk, s.code, s.parent.code) for s in Structure.objects.ml().select_related("parent")]
    platform_times, reference_times = [], []
    started = time.monotonic()
    platform = platform_computation(structures)
    platform_times.append(time.monotonic() - started)
    peak = peak_memory_mb()

    stored = {year: engine.dataset_path(result.dataset.storage) for year, result in results.items()}
    objectives_csv = files[YEAR]["objectifs.csv"]
    for round_number in range(ROUNDS):
        if round_number:
            started = time.monotonic()
            platform = platform_computation(structures)
            platform_times.append(time.monotonic() - started)
        started = time.monotonic()
        reference = reference_computation(stored, objectives_csv, network)
        reference_times.append(time.monotonic() - started)
    plain = plain_load(files, work / "plain.duckdb")

    rows = results[YEAR].rows
    volumes = f"{YEAR} (et {YEAR - 1} : {results[YEAR - 1].rows['evenements']:,} actes)".replace(",", " ")
    for kind, label in (("jeunes", "jeunes"), ("evenements", "actes"), ("situations", "situations"),
                        ("dispositifs", "passages en dispositif")):  # fmt: skip
        measures.append(Measure(SCENARIO, f"volume : {label}", rows[kind], "lignes", volumes))
    measures.append(
        Measure(SCENARIO, "chargement CSV brut DuckDB (2 années)", plain, "s", "read_csv → tables")
    )
    measures.append(
        Measure(
            SCENARIO, "import plateforme (2 années)", imported, "s", "contrôles, hachage, Parquet, agrégats"
        )
    )
    measures.append(Measure(SCENARIO, "import / chargement brut", imported / plain, "×", "cible ≤ 2"))
    ours, theirs = statistics.median(platform_times), statistics.median(reference_times)
    scope = f"{len(network)} ML, {len(structures) - len(network)} ARML, nation ; médiane de {ROUNDS}"
    measures.append(
        Measure(SCENARIO, "calcul plateforme (tous indicateurs)", ours, "s", f"{scope} ; cible < 20 s")
    )
    measures.append(Measure(SCENARIO, "calcul référence SQL", theirs, "s", "mêmes fichiers Parquet"))
    measures.append(Measure(SCENARIO, "calcul plateforme / référence", ours / theirs, "×", "cible ≤ 1,5"))

    differences = _check(platform, reference, network)
    compared = SAMPLE_SIZE + len(structures) - len(network) + 1
    note = f"{compared} structures comparées (échantillon de {SAMPLE_SIZE} ML, les ARML, la nation)"
    measures.append(Measure(SCENARIO, "écarts avec la référence", len(differences), "écarts", note))
    limit = settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT
    note = f"import + calcul, DuckDB compris (limite DuckDB {limit}) ; cible < 2048 Mo"
    measures.append(Measure(SCENARIO, "pic mémoire de la plateforme", peak, "Mo", note))
    note = "avec la référence et le chargement brut, dans le même processus"
    measures.append(
        Measure(SCENARIO, "pic mémoire du processus en fin de scénario", peak_memory_mb(), "Mo", note)
    )
    assert not differences, "Écarts avec la référence :\n" + "\n".join(differences[:40])
    return measures


def _check(platform: dict, reference: dict, network: list[tuple]) -> list[str]:
    codes = sorted(code for _, code, _ in network)
    sample = random.Random(YEAR).sample(codes, SAMPLE_SIZE)
    armls = sorted({arml for _, _, arml in network})
    arml_of = {code: arml for _, code, arml in network}
    differences = []
    for code in [*sample, *armls, None]:
        if code is None:
            perimeter = None
        elif code in arml_of:
            perimeter = {code}
        else:
            perimeter = {code, *(ml for ml, arml in arml_of.items() if arml == code)}
        objectives = [o for o in reference["objectives"] if perimeter is None or o["structure"] in perimeter]
        found = compare(platform[code], reference["figures"][code], objectives)
        differences += [f"{code or 'nation'} — {difference}" for difference in found]
    return differences
