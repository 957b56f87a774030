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
    indicators_many / indicators) against REFERENCE_SQL below: the simplest SQL written from
    section 5 of the spec, one query per definition, sharing nothing with the engine, run on the
    same stored Parquet files and summed in Python for the ARMLs and the nation. Both must give
    the same figures on every structure, figure by figure; median of ROUNDS alternated runs,
    wall-clock time (the target) and CPU time of the process (steadier on a busy machine);
(c) the peak resident memory of this process after (a) and the first computation (b), then at
    the end (DuckDB runs inside it).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
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
ROUNDS = 5
TABLES = ("jeunes", "evenements", "situations", "dispositifs", "objectifs")
PROGRAMMES = ("CEJ", "GJ", "PACEA")
REASONS = ("EMPLOI_DURABLE", "ALTERNANCE", "FORMATION", "AUTRE", "ABANDON")
POSITIVE = ("EMPLOI_DURABLE", "ALTERNANCE")
ACTS = {"ENTRETIEN": "entretiens", "ATELIER": "ateliers", "INFO_COLLECTIVE": "infos_collectives"}
SITUATION_PEOPLE = {
    "EMPLOI": "jeunes_entres_emploi",
    "ALTERNANCE": "jeunes_entres_alternance",
    "FORMATION": "jeunes_entres_formation",
    "SERVICE_CIVIQUE": "jeunes_service_civique",
    "IMMERSION": "jeunes_immersion",
}
SITUATION_ROWS = {"EMPLOI": "contrats_emploi", "FORMATION": "actions_formation"}
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
PROFILE_BREAKDOWNS = ("sexe", "age", "niveau", "qpv", "zrr", "justice", "rqth")
JUSTICE_BREAKDOWNS = ("sexe", "age", "niveau", "qpv", "zrr", "rqth")
CONTRACTS = ("CDI", "CDD", "INTERIM", "CONTRAT_AIDE", "INCONNU")
JUSTICE_ENTRIES = {"EMPLOI": "emploi", "ALTERNANCE": "alternance", "FORMATION": "formation"}
COUNTS = (
    "jeunes_accompagnes", "premiers_accueils", "jdi", *ACTS.values(), *SITUATION_PEOPLE.values(),
    *SITUATION_ROWS.values(), *(f"entrees_{p}" for p in PROGRAMMES), *(f"sorties_{p}" for p in PROGRAMMES),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The reference: the simplest SQL written from section 5 of the spec, one query per definition,
# knowing nothing of the engine (no shared code, no stored aggregates). {name} is a relation over
# the stored Parquet files of that name; $start, $end: the year; $august: its 1 August.

REFERENCE_SQL = {
    "first_receptions": """
        SELECT ml, count_if(premier_accueil BETWEEN $start AND $end) FROM {jeunes} GROUP BY ml""",
    "acts": """
        SELECT ml, type, count(*), sum(coalesce(duree_minutes, 60))
        FROM {evenements} WHERE date BETWEEN $start AND $end GROUP BY ml, type""",
    "accompanied": """
        WITH seen AS (
            SELECT ml, jeune, min(date) AS first_act, max(date) AS last_act
            FROM {evenements} WHERE date BETWEEN $start AND $end GROUP BY ml, jeune
        ), aged AS (
            SELECT s.ml, s.last_act >= $august AS jdi, j.sexe, coalesce(j.niveau, 'INCONNU') AS niveau,
                coalesce(j.logement, 'INCONNU') AS logement, j.qpv::INTEGER::VARCHAR AS qpv,
                j.zrr::INTEGER::VARCHAR AS zrr, j.rqth::INTEGER::VARCHAR AS rqth,
                j.justice::INTEGER::VARCHAR AS justice,
                floor(((year(s.first_act) - year(j.naissance)) * 12
                       + (month(s.first_act) - month(j.naissance))) / 12) AS years
            FROM seen s JOIN {jeunes} j ON j.ml = s.ml AND j.jeune = s.jeune
        ), young AS (
            SELECT *, CASE WHEN years < 16 THEN '<16' WHEN years <= 17 THEN '16-17'
                WHEN years <= 20 THEN '18-20' WHEN years <= 23 THEN '21-23' ELSE '24+' END AS age
            FROM aged
        )
        SELECT ml, sexe, age, niveau, qpv, zrr, rqth, justice, logement, count(*), count_if(jdi)
        FROM young GROUP BY GROUPING SETS ((ml), (ml, sexe), (ml, age), (ml, niveau), (ml, qpv),
            (ml, zrr), (ml, rqth), (ml, justice), (ml, logement))""",
    "entrants": """
        WITH entered AS (
            SELECT ml, jeune, dispositif, min(entree) AS first_entry
            FROM {dispositifs} WHERE entree BETWEEN $start AND $end GROUP BY ml, jeune, dispositif
        ), aged AS (
            SELECT e.ml, e.dispositif, j.sexe, coalesce(j.niveau, 'INCONNU') AS niveau,
                j.qpv::INTEGER::VARCHAR AS qpv, j.zrr::INTEGER::VARCHAR AS zrr,
                j.justice::INTEGER::VARCHAR AS justice, j.rqth::INTEGER::VARCHAR AS rqth,
                floor(((year(e.first_entry) - year(j.naissance)) * 12
                       + (month(e.first_entry) - month(j.naissance))) / 12) AS years
            FROM entered e JOIN {jeunes} j ON j.ml = e.ml AND j.jeune = e.jeune
        ), young AS (
            SELECT *, CASE WHEN years < 16 THEN '<16' WHEN years <= 17 THEN '16-17'
                WHEN years <= 20 THEN '18-20' WHEN years <= 23 THEN '21-23' ELSE '24+' END AS age
            FROM aged
        )
        SELECT ml, dispositif, sexe, age, niveau, qpv, zrr, justice, rqth, count(*)
        FROM young GROUP BY GROUPING SETS ((ml, dispositif), (ml, dispositif, sexe), (ml, dispositif, age),
            (ml, dispositif, niveau), (ml, dispositif, qpv), (ml, dispositif, zrr), (ml, dispositif, justice),
            (ml, dispositif, rqth))""",
    "justice_accompanied": """
        WITH seen AS (
            SELECT ml, jeune, min(date) AS first_act
            FROM {evenements} WHERE date BETWEEN $start AND $end GROUP BY ml, jeune
        ), aged AS (
            SELECT s.ml, j.sexe, coalesce(j.niveau, 'INCONNU') AS niveau, j.qpv::INTEGER::VARCHAR AS qpv,
                j.zrr::INTEGER::VARCHAR AS zrr, j.rqth::INTEGER::VARCHAR AS rqth,
                floor(((year(s.first_act) - year(j.naissance)) * 12
                       + (month(s.first_act) - month(j.naissance))) / 12) AS years
            FROM seen s JOIN {jeunes} j ON j.ml = s.ml AND j.jeune = s.jeune WHERE j.justice
        ), young AS (
            SELECT *, CASE WHEN years < 16 THEN '<16' WHEN years <= 17 THEN '16-17'
                WHEN years <= 20 THEN '18-20' WHEN years <= 23 THEN '21-23' ELSE '24+' END AS age
            FROM aged
        )
        SELECT ml, sexe, age, niveau, qpv, zrr, rqth, count(*)
        FROM young GROUP BY GROUPING SETS ((ml, sexe), (ml, age), (ml, niveau), (ml, qpv), (ml, zrr),
            (ml, rqth))""",
    "contracts": """
        SELECT s.ml, j.justice, coalesce(s.contrat, 'INCONNU'), count(*)
        FROM {situations} s JOIN {jeunes} j ON j.ml = s.ml AND j.jeune = s.jeune
        WHERE s.type = 'EMPLOI' AND s.date BETWEEN $start AND $end GROUP BY ALL""",
    "justice_situations": """
        SELECT s.ml, s.type, count(DISTINCT s.jeune)
        FROM {situations} s JOIN {jeunes} j ON j.ml = s.ml AND j.jeune = s.jeune
        WHERE j.justice AND s.type IN ('EMPLOI', 'ALTERNANCE', 'FORMATION')
            AND s.date BETWEEN $start AND $end GROUP BY s.ml, s.type""",
    "situations": """
        SELECT ml, type, count(DISTINCT jeune), count(*)
        FROM {situations} WHERE date BETWEEN $start AND $end GROUP BY ml, type""",
    "entries": """
        SELECT ml, dispositif, count(*) FROM {dispositifs}
        WHERE entree BETWEEN $start AND $end GROUP BY ml, dispositif""",
    "exits": """
        SELECT ml, dispositif, motif_sortie, count(*) FROM {dispositifs}
        WHERE sortie BETWEEN $start AND $end GROUP BY ml, dispositif, motif_sortie""",
}


def reference_counts(
    connection: duckdb.DuckDBPyConnection, year: int, folders: list[Path]
) -> dict[int, Counter]:
    """Every count of ``year`` per ML id, over the Parquet files of ``folders``."""
    relations = {
        table: "read_parquet([" + ", ".join(f"'{folder / f'{table}.parquet'}'" for folder in folders) + "])"
        for table in TABLES[:4]
    }
    dates = {"start": date(year, 1, 1), "end": date(year, 12, 31), "august": date(year, 8, 1)}

    def rows(name: str) -> list[tuple]:
        sql = REFERENCE_SQL[name].format(**relations)
        return connection.execute(sql, {k: v for k, v in dates.items() if f"${k}" in sql}).fetchall()

    counts: dict[int, Counter] = {}
    for ml, first_receptions in rows("first_receptions"):  # every ML of the files
        counts[ml] = Counter(premiers_accueils=first_receptions)
    for ml, kind, acts, minutes in rows("acts"):
        counts[ml][ACTS[kind]] += acts
        counts[ml]["minutes"] += minutes
    names = list(BREAKDOWN_VALUES)
    for ml, *values, young, late in rows("accompanied"):
        given = [(name, value) for name, value in zip(names, values, strict=True) if value is not None]
        if given:
            counts[ml][given[0]] += young
        else:
            counts[ml]["jeunes_accompagnes"] += young
            counts[ml]["jdi"] += late
    for ml, kind, young, entries in rows("situations"):
        counts[ml][SITUATION_PEOPLE[kind]] += young
        if kind in SITUATION_ROWS:
            counts[ml][SITUATION_ROWS[kind]] += entries
    for ml, programme, *values, young in rows("entrants"):
        given = [(n, v) for n, v in zip(PROFILE_BREAKDOWNS, values, strict=True) if v is not None]
        counts[ml][("entrants", programme, *(given[0] if given else ()))] += young
    for ml, *values, young in rows("justice_accompanied"):
        given = [(n, v) for n, v in zip(JUSTICE_BREAKDOWNS, values, strict=True) if v is not None]
        counts[ml][("justice", *given[0])] += young
    for ml, justice, contract, contracts in rows("contracts"):
        counts[ml][("contrat", contract)] += contracts
        if justice:
            counts[ml][("justice_contrat", contract)] += contracts
    for ml, kind, young in rows("justice_situations"):
        counts[ml][("justice_entry", JUSTICE_ENTRIES[kind])] += young
    for ml, programme, spells in rows("entries"):
        counts[ml][f"entrees_{programme}"] += spells
    for ml, programme, reason, spells in rows("exits"):
        counts[ml][f"sorties_{programme}"] += spells
        counts[ml][(programme, reason)] += spells
    return counts


def reference_figures(counts: Counter, previous: Counter | None) -> dict[str, Any]:
    """The figures of one structure from its summed counts (and those of Y-1 if comparable)."""
    indicators: dict[str, Any] = {code: counts[code] for code in COUNTS}
    indicators["heures_face_a_face"] = counts["minutes"] / 60
    for programme in PROGRAMMES:
        exits = counts[f"sorties_{programme}"]
        positive = sum(counts[(programme, reason)] for reason in POSITIVE)
        indicators[f"taux_sorties_positives_{programme}"] = positive / exits if exits else None
    figures = {
        "indicators": indicators,
        "breakdowns": {
            name: {value: counts[(name, value)] for value in values}
            for name, values in BREAKDOWN_VALUES.items()
        },
        "exits_by_reason": {p: {r: counts[(p, r)] for r in REASONS} for p in PROGRAMMES},
        "entrants": {p: counts[("entrants", p)] for p in PROGRAMMES},
        "entrants_profile": {
            p: {
                n: {v: counts[("entrants", p, n, v)] for v in BREAKDOWN_VALUES[n]} for n in PROFILE_BREAKDOWNS
            }
            for p in PROGRAMMES
        },
        "contracts": {c: counts[("contrat", c)] for c in CONTRACTS},
        "justice": {
            "jeunes": counts[("justice", "1")],
            "breakdowns": {
                n: {v: counts[("justice", n, v)] for v in BREAKDOWN_VALUES[n]} for n in JUSTICE_BREAKDOWNS
            },
            "entries": {e: counts[("justice_entry", e)] for e in JUSTICE_ENTRIES.values()},
            "contracts": {c: counts[("justice_contrat", c)] for c in CONTRACTS},
        },
        "evolution": {},
        "previous": {},
    }
    if previous is not None:
        before = reference_figures(previous, None)["indicators"]
        figures["previous"] = before
        figures["evolution"] = {
            code: (indicators[code] - before[code]) / before[code]
            for code in (*COUNTS, "heures_face_a_face")
            if before[code]
        }
    return figures


def reference_computation(
    stored: dict[int, list[Path]], objectives_csv: Path, network: list[tuple]
) -> dict[str | None, dict[str, Any]]:
    """Every figure of YEAR, with evolutions and objectives, of every ML, ARML (by code) and the
    nation (None), over the stored Parquet files of each year. ``network``: (ML id, code, ARML code)."""
    connection = duckdb.connect(
        config={
            "threads": int(settings.OBSERVATORY_DUCKDB_THREADS),
            "memory_limit": settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT,
            "preserve_insertion_order": False,
        }
    )
    try:
        years = {year: reference_counts(connection, year, folders) for year, folders in stored.items()}
        objectives = connection.execute(
            "SELECT structure, dispositifs, valeur FROM read_csv(?, delim=';', header=true)",
            [str(objectives_csv)],
        ).fetchall()
    finally:
        connection.close()
    perimeters: dict[str | None, list[int]] = {None: []}
    for ml, code, arml in network:
        for structure in (code, arml, None):
            perimeters.setdefault(structure, []).append(ml)
    results: dict[str | None, dict[str, Any]] = {}
    for structure, mls in perimeters.items():
        current = [ml for ml in mls if ml in years[YEAR]]
        before = [ml for ml in mls if ml in years[YEAR - 1]]
        comparable = bool(current) and before == current
        total = sum((years[YEAR][ml] for ml in current), Counter())
        previous = sum((years[YEAR - 1][ml] for ml in before), Counter()) if comparable else None
        results[structure] = reference_figures(total, previous)
    # An objective counts the entries of its structure's MLs; the structure, its ARML (for an
    # ML's objective) and the nation show it.
    arml_of = {code: arml for _, code, arml in network}
    for figures in results.values():
        figures["objectives"] = []
    for structure, programmes, value in objectives:
        mls = perimeters[structure]
        done = sum(
            years[YEAR].get(ml, Counter())[f"entrees_{p}"] for ml in mls for p in programmes.split("+")
        )
        for owner in {structure, arml_of.get(structure, structure), None}:
            results[owner]["objectives"].append((structure, programmes, value, done, done / value))
    return results


# ---------------------------------------------------------------------------------------------
# Comparison with the platform, figure by figure


def _close(found: Any, expected: Any, tolerance: float) -> bool:
    if found is None or expected is None:
        return found is expected
    return abs(found - expected) <= tolerance + 1e-9


def compare(platform: dict[str, Any], reference: dict[str, Any]) -> list[str]:
    """The differences between the platform's figures of one structure and the reference's.

    Counts must be equal. The platform rounds hours to 2 decimals, rates and evolutions to 4
    (when it shows them): the tolerances are those roundings, nothing more.
    """
    differences = []
    for section in ("indicators", "previous"):
        for key, expected in reference[section].items():
            found = platform[section].get(key)
            if isinstance(expected, int):
                same = type(found) is int and found == expected
            else:
                same = _close(found, expected, 0.005 if key == "heures_face_a_face" else 0.00005)
            if not same:
                differences.append(f"{section} {key} : {found} ≠ {expected}")
    if set(platform["previous"]) != set(reference["previous"]):
        differences.append(f"previous : {sorted(platform['previous'])} ≠ {sorted(reference['previous'])}")
    for section in ("breakdowns", "exits_by_reason"):
        for name, values in reference[section].items():
            if platform[section].get(name) != values:
                differences.append(f"{section} {name} : {platform[section].get(name)} ≠ {values}")
    for section in ("entrants", "entrants_profile", "contracts"):
        if platform[section] != reference[section]:
            differences.append(f"{section} : {platform[section]} ≠ {reference[section]}")
    found_justice = platform["justice"] and {
        k: v for k, v in platform["justice"].items() if k != "contract_shares"
    }
    if found_justice != reference["justice"]:
        differences.append(f"justice : {found_justice} ≠ {reference['justice']}")
    if set(platform["evolution"]) != set(reference["evolution"]):
        differences.append(f"évolutions : {sorted(platform['evolution'])} ≠ {sorted(reference['evolution'])}")
    for key, expected in reference["evolution"].items():
        if not _close(platform["evolution"].get(key), expected, 0.00005):
            differences.append(f"évolution {key} : {platform['evolution'].get(key)} ≠ {expected:.6f}")
    ours = sorted(
        (o["structure"], o["dispositifs"], o["valeur"], o["realise"], o["taux"])
        for o in platform["objectives"]
    )
    theirs = sorted(reference["objectives"])
    if len(ours) != len(theirs) or any(
        a[:4] != b[:4] or not _close(a[4], b[4], 0.00005) for a, b in zip(ours, theirs, strict=False)
    ):
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
    platform_times: list[tuple[float, float]] = []  # (wall, CPU) seconds of each run
    reference_times: list[tuple[float, float]] = []
    with _timer(platform_times):
        platform = platform_computation(structures)
    peak = peak_memory_mb()

    stored = {year: [engine.dataset_path(result.dataset.storage)] for year, result in results.items()}
    objectives_csv = files[YEAR]["objectifs.csv"]
    for round_number in range(ROUNDS):
        if round_number:
            with _timer(platform_times):
                platform = platform_computation(structures)
        with _timer(reference_times):
            reference = reference_computation(stored, objectives_csv, network)
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
    ours, theirs = (
        statistics.median(t[0] for t in platform_times),
        statistics.median(t[0] for t in reference_times),
    )
    ours_cpu, theirs_cpu = (
        statistics.median(t[1] for t in platform_times),
        statistics.median(t[1] for t in reference_times),
    )
    scope = f"{len(network)} ML, {len(structures) - len(network)} ARML, nation ; médiane de {ROUNDS}"
    measures.append(
        Measure(SCENARIO, "calcul plateforme (tous indicateurs)", ours, "s", f"{scope} ; cible < 20 s")
    )
    note = "SQL la plus simple tirée de la spécification, mêmes fichiers Parquet"
    measures.append(Measure(SCENARIO, "calcul référence SQL", theirs, "s", note))
    measures.append(Measure(SCENARIO, "calcul plateforme / référence", ours / theirs, "×", "cible ≤ 1,1"))
    note = (
        f"temps processeur : {ours_cpu:.2f} s / {theirs_cpu:.2f} s (moins sensible à la charge de la machine)"
    )
    measures.append(
        Measure(SCENARIO, "calcul plateforme / référence (CPU)", ours_cpu / theirs_cpu, "×", note)
    )

    differences = _check(platform, reference)
    note = f"{len(reference)} structures comparées chiffre par chiffre (toutes les ML, les ARML, la nation)"
    measures.append(Measure(SCENARIO, "écarts avec la référence", len(differences), "écarts", note))
    limit = settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT
    note = f"import + calcul, DuckDB compris (limite DuckDB {limit}) ; cible < 1024 Mo"
    measures.append(Measure(SCENARIO, "pic mémoire de la plateforme", peak, "Mo", note))
    note = "avec la référence et le chargement brut, dans le même processus"
    measures.append(
        Measure(SCENARIO, "pic mémoire du processus en fin de scénario", peak_memory_mb(), "Mo", note)
    )
    assert not differences, "Écarts avec la référence :\n" + "\n".join(differences[:40])
    return measures


def _check(platform: dict, reference: dict) -> list[str]:
    """Every difference, on every structure the reference computed."""
    differences = [
        f"{code or 'nation'} absente de la plateforme" for code in reference if code not in platform
    ]
    for code, figures in reference.items():
        if code in platform:
            differences += [f"{code or 'nation'} — {found}" for found in compare(platform[code], figures)]
    return differences


@contextmanager
def _timer(times: list[tuple[float, float]]) -> Iterator[None]:
    """Appends the (wall, CPU) seconds of the block to ``times``; CPU counts every thread of DuckDB."""

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    started, cpu_started = time.monotonic(), cpu()
    yield
    times.append((time.monotonic() - started, cpu() - cpu_started))
