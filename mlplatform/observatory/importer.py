"""Import of observatory extracts (spec observatoire-format-v1, sections 3, 4 and 4b).

Public API (the upload page's jobs, the ``observatory import`` command, the demo loader and
the tests call it)::

    import_dataset(year, files, *, allowed=None, user=None, progress=None, dry_run=False)
        -> ObservatoryImportResult
    files_from_directory(directory) -> dict[str, Path]

``files`` maps file names (``jeunes.csv``, ``evenements.parquet``...) to paths. Each file is
read once by DuckDB (CSV: UTF-8 with or without BOM, delimiter ``;`` or ``,`` detected from the
header line, ``"`` quotes; or Parquet), every rule of section 4 is evaluated in SQL in the same
pass that converts the values and replaces each ``jeune`` identifier by its keyed hash
(:mod:`.hashing`), and the pseudonymised rows are written as Parquet in a private temporary
folder. If any rule fails, a second, slower pass over the files (only then) finds the exact
count and the first rows (file, line as in the file, column, value) of each failed rule, the
temporary folder is removed and nothing else happened. Otherwise the folder becomes the
dataset's storage (``OBSERVATORY_DIR/datasets/<random>``), the aggregates of its MLs are
computed (:mod:`.engine`), and one transaction records the :class:`~.models.Dataset`, replaces
the current data of those MLs (and of the ARMLs whose objectives it brings) for that year
only, and keeps the earlier datasets in history.

The same files imported twice for the same year are recognised by their SHA-256 and change
nothing (``result.unchanged``).
"""

# ruff: noqa: S608 - SQL is assembled from the spec's constants; paths, column names and values are escaped.

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from django.db import transaction
from django.utils import timezone

from mlplatform.core.french import counted
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Perimeter
from mlplatform.network.registry import Problem

from . import engine, hashing
from .models import Dataset, DatasetStructure, Objective
from .sources import FileInfo, SourceReader, line_numbers, read_header, short_error
from .spec import (
    FILE_ORDER,
    FILES,
    Check,
    FileChecks,
    build_checks,
    file_kind,
    is_personal_column,
    shown_value,
)

logger = logging.getLogger(__name__)

MAX_EXAMPLES = 10
ProgressCallback = Callable[[int, str], None]

# Every refusal rule, in the order reports list them (section 4 of the spec).
RULES: dict[str, str] = {
    "file_unknown": "Fichier non prévu par le format (seuls jeunes, evenements, situations, dispositifs "
    "et objectifs sont acceptés, en .csv ou .parquet)",
    "file_missing": "Fichier obligatoire absent",
    "file_duplicate": "Fichier fourni deux fois",
    "file_unreadable": "Fichier illisible, vide ou d'un format non accepté",
    "personal_data": "Colonne portant des données personnelles directes : les extraits doivent être "
    "pseudonymisés (ni nom, ni prénom, ni NIR, ni courriel, ni téléphone, ni adresse, ni date de naissance "
    "complète : seul le mois de naissance est attendu, dans la colonne naissance, au format AAAA-MM). "
    "Le fichier n'est pas lu plus avant",
    "column_unknown": "Colonne non prévue par le format",
    "column_missing": "Colonne obligatoire absente",
    "malformed_line": "Ligne mal formée (nombre de champs différent de l'en-tête, guillemet mal placé "
    "ou caractère qui n'est pas en UTF-8)",
    "required": "Valeur obligatoire manquante",
    "date_format": "Date mal formée (AAAA-MM-JJ attendu, date existante)",
    "month_format": "Mois mal formé (AAAA-MM attendu)",
    "year_format": "Année mal formée (AAAA attendu)",
    "flag_format": "Indicateur mal formé (0 ou 1 attendu)",
    "number_format": "Nombre mal formé (nombre entier attendu)",
    "code_unknown": "Code non prévu par le format",
    "programmes_format": "Liste de dispositifs mal formée (dispositifs CEJ, GJ ou PACEA joints par « + »)",
    "jeune_format": "Identifiant de jeune mal formé (8 à 64 caractères parmi A-Z, a-z, 0-9, « _ » et « - »)",
    "out_of_range": "Valeur hors des limites",
    "exit_before_entry": "Date de sortie antérieure à la date d'entrée",
    "exit_reason_missing": "Motif de sortie manquant alors qu'une date de sortie est donnée",
    "exit_reason_without_exit": "Motif de sortie donné sans date de sortie",
    "contract_not_employment": "Type de contrat donné pour une situation qui n'est pas un EMPLOI",
    "structure_unknown": "Structure inconnue du répertoire du réseau",
    "structure_not_ml": "Structure qui n'est pas une Mission Locale (une ARML est admise dans objectifs)",
    "structure_outside": "Structure hors de votre périmètre",
    "jeune_duplicate": "Jeune en double dans jeunes.csv (même structure et même identifiant)",
    "jeune_unknown": "Ligne dont le couple (structure, jeune) n'a pas de ligne dans jeunes.csv",
    "date_after_year": "Date postérieure à la fin de l'année importée",
    "year_mismatch": "Objectif d'une autre année que l'année importée",
    "objective_duplicate": "Objectif en double (même structure, année, indicateur et dispositifs)",
    "objective_without_data": "Objectif d'une Mission Locale absente de jeunes.csv (un jeu de données "
    "remplace tout ce que l'import précédent contenait pour ses Missions Locales)",
}


@dataclass
class ProblemGroup:
    """One failed rule: its message, how many rows break it, and the first of them."""

    rule: str
    message: str
    count: int
    examples: list[Problem] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.examples))

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "count": self.count,
            "examples": [
                {"file": p.file, "line": p.line, "column": p.column, "value": p.value, "detail": p.detail}
                for p in self.examples
            ],
        }


@dataclass
class ObservatoryImportResult:
    year: int
    dry_run: bool = False
    files: dict[str, FileInfo] = field(default_factory=dict)
    problems: list[ProblemGroup] = field(default_factory=list)
    dataset: Dataset | None = None
    structures: list[str] = field(default_factory=list)  # MLs covered (codes)
    objective_structures: list[str] = field(default_factory=list)  # structures whose objectives it brings
    replaced: list[str] = field(default_factory=list)  # structures whose earlier data it replaced
    unchanged: bool = False  # the same files were already the current data

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return sum(group.count for group in self.problems)

    @property
    def rows(self) -> dict[str, int]:
        return {kind: info.rows for kind, info in self.files.items()}

    def problems_json(self) -> list[dict[str, Any]]:
        return [group.as_json() for group in self.problems]

    @property
    def summary(self) -> str:
        """One French paragraph saying what happened."""
        if not self.accepted:
            return (
                f"Import {self.year} refusé : {counted(self.problem_count, 'problème')} relevant de "
                f"{counted(len(self.problems), 'règle')}. Rien n'a été modifié."
            )
        rows = self.rows
        counts = (
            f"{counted(rows.get('jeunes', 0), 'jeune')}, {counted(rows.get('evenements', 0), 'acte')}, "
            f"{counted(rows.get('situations', 0), 'situation')}, "
            f"{counted(rows.get('dispositifs', 0), 'passage en dispositif', 'passages en dispositif')}, "
            f"{counted(rows.get('objectifs', 0), 'objectif')}"
        )
        mls = (
            f"{counted(len(self.structures), 'Mission Locale', 'Missions Locales')} "
            f"({_short_list(self.structures)})"
        )
        if self.dry_run:
            return f"Vérification {self.year} réussie, rien n'a été importé : {mls}, {counts}."
        if self.unchanged:
            number = self.dataset.pk if self.dataset else "?"
            current = f"Ces fichiers sont déjà les données {self.year} en vigueur (jeu n° {number})"
            return current + " : rien n'a changé."
        text = f"Jeu de données {self.year} importé : {mls}, {counts}."
        if self.replaced:
            text += f" Il remplace les données {self.year} précédentes de {_short_list(self.replaced)}."
        return text

    def report(self) -> str:
        """The summary, then every failed rule with its first rows (for the command line)."""
        lines = [self.summary]
        for group in self.problems:
            lines.append(f"- {group.message} : {counted(group.count, 'occurrence')}")
            for problem in group.examples:
                where = problem.file + (f", ligne {problem.line}" if problem.line else "")
                if problem.column:
                    where += f", colonne « {problem.column} »"
                text = f"    {where}"
                if problem.value:
                    text += f" : « {problem.value} »"
                if problem.detail:
                    text += f" ({problem.detail})"
                lines.append(text)
            if group.more:
                lines.append(f"    … et {counted(group.more, 'autre')}")
        return "\n".join(lines)


def _short_list(codes: list[str], limit: int = 8) -> str:
    if len(codes) <= limit:
        return ", ".join(codes)
    return ", ".join(codes[:limit]) + f" et {counted(len(codes) - limit, 'autre')}"


def files_from_directory(directory: Path | str) -> dict[str, Path]:
    """Every visible file of ``directory`` by name (unknown ones are refused by the import)."""
    directory = Path(directory)
    return {p.name: p for p in sorted(directory.iterdir()) if p.is_file() and not p.name.startswith(".")}


class _Collector:
    def __init__(self) -> None:
        self.groups: dict[str, ProblemGroup] = {}

    def add(
        self, rule: str, file: str, line: int | None, column: str = "", value: str = "", detail: str = ""
    ) -> None:
        group = self.groups.setdefault(rule, ProblemGroup(rule, RULES[rule], 0))
        group.count += 1
        if len(group.examples) < MAX_EXAMPLES:
            group.examples.append(Problem(file, line, column, shown_value(column, value), detail))

    def add_group(self, rule: str, count: int, examples: list[Problem]) -> None:
        group = self.groups.setdefault(rule, ProblemGroup(rule, RULES[rule], 0))
        group.count += count
        examples = [
            Problem(p.file, p.line, p.column, shown_value(p.column, p.value), p.detail) for p in examples
        ]
        group.examples = sorted(group.examples + examples, key=lambda p: (p.file, p.line or 0))[:MAX_EXAMPLES]

    def result(self) -> list[ProblemGroup]:
        return [self.groups[rule] for rule in RULES if rule in self.groups]


def import_dataset(
    year: int,
    files: dict[str, Path] | Iterable[Path],
    *,
    allowed: Perimeter | None = None,
    user: Any = None,
    progress: ProgressCallback | None = None,
    dry_run: bool = False,
) -> ObservatoryImportResult:
    """Validate the files of a dataset for ``year`` and, if they break no rule, import them.

    ``allowed``: the perimeter of the person importing (None: no restriction, e.g. the command
    line); a structure outside it is refused. ``progress(percent, step)`` is called along the way.
    """
    if not isinstance(files, dict):
        files = {Path(p).name: Path(p) for p in files}
    return _Import(year, files, allowed, user, progress or (lambda percent, step: None), dry_run).run()


class _Import:
    def __init__(
        self,
        year: int,
        files: dict[str, Path],
        allowed: Perimeter | None,
        user: Any,
        progress: ProgressCallback,
        dry_run: bool,
    ) -> None:
        self.year = year
        self.given = files
        self.allowed = allowed
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.progress = progress
        self.collector = _Collector()
        self.result = ObservatoryImportResult(year=year, dry_run=dry_run)
        self.infos: dict[str, FileInfo] = {}
        self.flagged: dict[str, set[str]] = {}  # kind -> names of the checks that failed
        self.rejected: dict[str, int] = {}  # kind -> malformed lines found by the CSV reader
        self.keyed_join = False  # the acts... find their young person by hash(structure, jeune)

    # -- orchestration -------------------------------------------------------------------------

    def run(self) -> ObservatoryImportResult:
        self.progress(0, "Vérification des fichiers")
        self._resolve_files()
        with engine.scratch() as work_dir, concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            digests = pool.submit(_sha256_files, {k: i.path for k, i in self.infos.items()})
            out_dir = work_dir / "out"
            out_dir.mkdir()
            connection = engine.connect(work_dir)
            # Keep the young people (the smaller side) as the build side of the joins: without
            # statistics on a CSV file, DuckDB would otherwise hash the 12 million acts.
            connection.execute("SET disabled_optimizers = 'build_side_probe_side'")
            try:
                self._load_structures(connection)
                readable = {k: i.header for k, i in self.infos.items() if i.readable}
                checks = build_checks(self.year, readable, has_jeunes="jeunes" in readable)
                self._fast_pass(connection, checks, out_dir)
                if self.flagged or self.rejected:
                    connection.close()
                    self.progress(80, "Recherche des lignes en cause")
                    self._slow_pass(work_dir, checks)
                for kind, digest in digests.result().items():
                    self.infos[kind].sha256 = digest
                self.result.files = dict(self.infos)
                self.result.problems = self.collector.result()
                if self.result.problems or self.result.dry_run:
                    self.progress(100, "Import refusé" if self.result.problems else "Vérification terminée")
                    return self.result
                self._finish(connection, out_dir)
            finally:
                connection.close()
        self.progress(100, "Import terminé")
        return self.result

    def _resolve_files(self) -> None:
        seen: dict[str, str] = {}
        for given_name, path in self.given.items():
            name = given_name if file_kind(given_name) else Path(path).name
            kind = file_kind(name) or file_kind(Path(path).name)
            if kind is None:
                self.collector.add("file_unknown", name, None, "", name)
                continue
            if kind in seen:
                self.collector.add("file_duplicate", name, None, "", name, f"déjà fourni : {seen[kind]}")
                continue
            seen[kind] = name
            info = read_header(kind, name, Path(path))
            self.infos[kind] = info
            if info.error:
                self.collector.add("file_unreadable", name, info.error_line, "", "", info.error)
                continue
            self._check_columns(info)
        for kind in FILE_ORDER:
            if FILES[kind].required and kind not in seen:
                self.collector.add("file_missing", f"{kind}.csv", None, "", "", "ou " + f"{kind}.parquet")

    def _check_columns(self, info: FileInfo) -> None:
        """Header problems. A file with a column of personal data is refused for that alone: its
        rows are not read (so it is not also reported unreadable, malformed...), and the other files
        are checked without it."""
        spec = FILES[info.kind]
        for name in info.header:
            if name in spec.names:
                continue
            if is_personal_column(name):
                self.collector.add("personal_data", info.name, 1, name, name)
                info.withheld = True
            else:
                self.collector.add(
                    "column_unknown", info.name, 1, name, name, f"colonnes prévues : {', '.join(spec.names)}"
                )
        for column in spec.columns:
            if column.required and column.name not in info.header:
                self.collector.add("column_missing", info.name, 1, column.name, "")

    def _load_structures(self, connection: duckdb.DuckDBPyConnection) -> None:
        inside = None
        if self.allowed is not None:
            inside = set(Structure.objects.filter(self.allowed.q()).values_list("pk", flat=True))
        rows = list(Structure.objects.order_by().values_list("code", "pk", "type"))
        self.structures = {code: (pk, type_) for code, pk, type_ in rows}
        connection.execute("CREATE TABLE st (code VARCHAR, id INTEGER, type VARCHAR, inside BOOLEAN)")
        if rows:
            connection.executemany(
                "INSERT INTO st VALUES (?, ?, ?, ?)",
                [(code, pk, type_, inside is None or pk in inside) for code, pk, type_ in rows],
            )

    # -- the fast pass: one read per file, checks as a bit mask ---------------------------------

    def _fast_pass(
        self, connection: duckdb.DuckDBPyConnection, checks: dict[str, FileChecks], out_dir: Path
    ) -> None:
        total = sum(info.size for info in self.infos.values() if info.readable) or 1
        done = 0
        inner, outer = hashing.pads()
        params = {"hmac_inner": inner, "hmac_outer": outer}
        for kind in FILE_ORDER:
            info = self.infos.get(kind)
            if info is None or not info.readable:
                continue
            self.progress(5 + int(70 * done / total), f"Lecture et contrôle de {info.name}")
            reader = SourceReader(info)
            try:
                bits = self._fast_file(connection, reader, checks[kind], out_dir, params)
            except duckdb.Error as error:
                logger.warning("Observatoire : %s illisible : %s", info.name, error)
                info.error = f"Le fichier {info.name} ne peut pas être lu ({short_error(error)})."
                self.collector.add("file_unreadable", info.name, None, "", "", info.error)
                if kind == "jeunes":
                    # The other files are checked without it (their checks looked young people up in it).
                    readable = {k: i.header for k, i in self.infos.items() if i.readable}
                    checks.update(build_checks(self.year, readable, has_jeunes=False))
                continue
            for check in checks[kind].checks_in(bits):
                self.flagged.setdefault(kind, set()).add(check.name)
            rejected = reader.rejected_count(connection)
            if rejected:
                self.rejected[kind] = rejected
            done += info.size

    def _fast_file(
        self,
        connection: duckdb.DuckDBPyConnection,
        reader: SourceReader,
        file_checks: FileChecks,
        out_dir: Path,
        params: dict[str, Any],
    ) -> int:
        """Read, check and convert one file; returns the OR of the rows' check bits."""
        info, kind = reader.info, reader.info.kind
        mask, typed = file_checks.mask_sql(), file_checks.typed_sql()
        source = reader.fast_relation()
        has_jeunes = "jeunes" in self.infos and self.infos["jeunes"].readable
        joins = file_checks.joins("j" if has_jeunes else None)
        if kind == "jeunes":
            structure = "r.structure" if "structure" in reader.columns else "NULL::VARCHAR"
            jeune = "r.jeune" if "jeune" in reader.columns else "NULL::VARCHAR"
            sql = (
                f"CREATE TABLE j AS SELECT {structure} AS structure, {jeune} AS jeune, st.id AS ml, "
                f"{hashing.keyed_hash_sql(jeune)} AS h, {typed}, {mask} AS _controles "
                f"FROM {file_checks.relation(source)} r {joins}"
            )
            connection.execute(sql, _used(params, sql))
            info.rows, bits, distinct = connection.execute(
                "SELECT count(*), coalesce(bit_or(_controles), 0), "
                "count(DISTINCT (structure, jeune)) "
                "FILTER (WHERE structure IS NOT NULL AND jeune IS NOT NULL) "
                "- count(*) FILTER (WHERE structure IS NOT NULL AND jeune IS NOT NULL) FROM j"
            ).fetchone()
            if distinct:
                self.flagged.setdefault(kind, set()).add("jeune_duplicate:jeune")
            # The other files find their young person by an integer key when it is unambiguous.
            connection.execute(
                "CREATE TABLE jk AS SELECT hash(structure, jeune) AS k, structure, jeune, ml, h FROM j "
                "WHERE structure IS NOT NULL AND jeune IS NOT NULL"
            )
            self.keyed_join = connection.execute("SELECT count(*) = count(DISTINCT k) FROM jk").fetchone()[0]
            if info.rows == 0:
                detail = f"Le fichier {info.name} ne contient aucune ligne de données après l'en-tête."
                self.collector.add("file_unreadable", info.name, None, "", "", detail)
            return bits
        if kind == "objectifs":
            sql = (
                f"CREATE TABLE o AS SELECT r.structure, st.id AS structure_id, {typed}, {mask} AS _controles "
                f"FROM {file_checks.relation(source)} r {joins}"
            )
            connection.execute(sql, _used(params, sql))
            info.rows, bits, distinct = connection.execute(
                "SELECT count(*), coalesce(bit_or(_controles), 0), "
                "count(*) - count(DISTINCT (structure, annee, indicateur, dispositifs)) FROM o"
            ).fetchone()
            if distinct and set(FILES[kind].names) <= set(reader.columns):
                self.flagged.setdefault(kind, set()).add("objective_duplicate:dispositifs")
            return bits
        target = _sql_path(out_dir / f"{kind}.parquet")
        keyed = self.keyed_join
        joins = file_checks.joins(("jk" if keyed else "j") if has_jeunes else None, keyed=keyed)
        person = "j.ml, j.h AS jeune" if joins else "NULL::INTEGER AS ml, NULL::UBIGINT AS jeune"
        sql = (
            f"COPY (SELECT {person}, {typed}, {mask} AS _controles "
            f"FROM {file_checks.relation(source)} r {joins}) "
            f"TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
        )
        connection.execute(sql, _used(params, sql))
        info.rows, bits = connection.execute(
            f"SELECT count(*), coalesce(bit_or(_controles), 0) FROM read_parquet('{target}')"
        ).fetchone()
        return bits

    # -- the slow pass: exact counts and first rows of the failed rules --------------------------

    def _slow_pass(self, work_dir: Path, checks: dict[str, FileChecks]) -> None:
        connection = engine.connect(work_dir, ordered=True)
        try:
            self._load_structures(connection)
            readers: dict[str, SourceReader] = {}
            jeunes = self.infos.get("jeunes")
            has_jeunes = jeunes is not None and jeunes.readable
            if has_jeunes and {"structure", "jeune"} <= set(jeunes.spec_columns):
                readers["jeunes"] = SourceReader(jeunes)
                readers["jeunes"].create_raw(connection, "raw_jeunes")
                connection.execute(
                    "CREATE TABLE j AS SELECT DISTINCT structure, jeune FROM raw_jeunes "
                    "WHERE structure IS NOT NULL AND jeune IS NOT NULL"
                )
            else:
                connection.execute("CREATE TABLE j (structure VARCHAR, jeune VARCHAR)")
            for kind in FILE_ORDER:
                info = self.infos.get(kind)
                flagged = self.flagged.get(kind, set())
                if info is None or not info.readable or (not flagged and kind not in self.rejected):
                    continue
                if kind not in readers:
                    readers[kind] = SourceReader(info)
                    readers[kind].create_raw(connection, f"raw_{kind}")
                self._report_file(connection, readers[kind], checks[kind], flagged, has_jeunes)
        finally:
            connection.close()

    def _report_file(
        self,
        connection: duckdb.DuckDBPyConnection,
        reader: SourceReader,
        file_checks: FileChecks,
        flagged: set[str],
        has_jeunes: bool,
    ) -> None:
        info = reader.info
        found = []
        for check in file_checks.checks:
            if check.name in flagged:
                count, examples = self._examples(
                    connection, f"raw_{info.kind}", file_checks, check, has_jeunes
                )
                if count:
                    found.append((check.rule, count, examples))
        rejects = reader.rejected_lines(connection) if info.kind in self.rejected else []
        indexes = {index for _, _, examples in found for index, *_ in examples}
        lines = line_numbers(info, indexes, {line for line, _ in rejects}, getattr(reader, "records", 0))
        for rule, count, examples in found:
            problems = [
                Problem(info.name, lines.get(i), column, value, detail)
                for i, column, value, detail in examples
            ]
            self.collector.add_group(rule, count, problems)
        if rejects:
            problems = [Problem(info.name, line, "", "", detail) for line, detail in rejects[:MAX_EXAMPLES]]
            self.collector.add_group("malformed_line", len(rejects), problems)

    def _examples(
        self,
        connection: duckdb.DuckDBPyConnection,
        table: str,
        file_checks: FileChecks,
        check: Check,
        has_jeunes: bool,
    ) -> tuple[int, list[tuple[int, str, str, str]]]:
        joins = file_checks.joins("j" if has_jeunes else None)
        not_blank = file_checks.not_blank_sql()
        relation = file_checks.relation(table)
        if check.window:
            base = (
                f"FROM (SELECT r.*, {check.window} AS _first FROM {relation} r WHERE {not_blank}) r "
                f"WHERE {check.condition}"
            )
        else:
            base = f"FROM {relation} r {joins} WHERE {not_blank} AND ({check.condition})"
        count = connection.execute(f"SELECT count(*) {base}").fetchone()[0]
        rows = connection.execute(
            f"SELECT r._index, coalesce(CAST({check.value_sql} AS VARCHAR), ''), "
            f"coalesce(CAST({check.detail_sql} AS VARCHAR), '') {base} ORDER BY r._index LIMIT {MAX_EXAMPLES}"
        ).fetchall()
        return count, [(index, check.column, value, detail) for index, value, detail in rows]

    # -- storing an accepted dataset -------------------------------------------------------------

    def _finish(self, connection: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
        self.progress(78, "Écriture des données pseudonymisées")
        connection.execute(
            f"COPY (SELECT ml, h AS jeune, * EXCLUDE (structure, jeune, ml, h, _controles) FROM j) "
            f"TO '{_sql_path(out_dir / 'jeunes.parquet')}' (FORMAT parquet, COMPRESSION zstd)"
        )
        ml_ids = [row[0] for row in connection.execute("SELECT DISTINCT ml FROM j ORDER BY ml").fetchall()]
        code_by_id = {pk: code for code, (pk, _) in self.structures.items()}
        self.result.structures = sorted(code_by_id[pk] for pk in ml_ids)
        objectives = self._objectives(connection)
        objective_ids = sorted({row["structure_id"] for row in objectives})
        self.result.objective_structures = sorted(code_by_id[pk] for pk in objective_ids)
        fingerprint = _fingerprint(self.year, self.infos)
        existing = self._unchanged(fingerprint, ml_ids, objective_ids)
        if existing is not None:
            self.result.unchanged = True
            self.result.dataset = existing
            return
        self.progress(85, "Calcul des indicateurs")
        rows = self._rows_per_ml(connection, out_dir)
        aggregates = engine.compute(engine.parquet_relations(out_dir), self.year, connection)
        self.progress(92, "Enregistrement du jeu de données")
        storage = secrets.token_hex(16)
        final = engine.dataset_path(storage)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(out_dir, final)
        try:
            with transaction.atomic():
                self._record(
                    storage, fingerprint, ml_ids, objective_ids, rows, aggregates, objectives, code_by_id
                )
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        logger.info("Observatoire : %s", self.result.summary)

    def _objectives(self, connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        if "objectifs" not in self.infos:
            return []
        cursor = connection.execute(
            "SELECT structure_id, indicateur, dispositifs, valeur FROM o ORDER BY structure, dispositifs"
        )
        return [
            {"structure_id": sid, "indicator": indicator, "programmes": programmes, "value": int(value)}
            for sid, indicator, programmes, value in cursor.fetchall()
        ]

    def _rows_per_ml(self, connection: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[int, dict[str, int]]:
        rows: dict[int, dict[str, int]] = {}
        for kind in engine.ACTIVITY_FILES:
            path = _sql_path(out_dir / f"{kind}.parquet")
            for ml, count in connection.execute(
                f"SELECT ml, count(*) FROM read_parquet('{path}') GROUP BY ml"
            ).fetchall():
                rows.setdefault(ml, dict.fromkeys(engine.ACTIVITY_FILES, 0))[kind] = count
        return rows

    def _unchanged(self, fingerprint: str, ml_ids: list[int], objective_ids: list[int]) -> Dataset | None:
        ids = set(ml_ids) | set(objective_ids)
        current = DatasetStructure.objects.current().filter(year=self.year, structure_id__in=ids)
        found = {(c.structure_id, c.dataset_id) for c in current.only("structure_id", "dataset_id")}
        datasets = {dataset_id for _, dataset_id in found}
        if len(found) != len(ids) or len(datasets) != 1:
            return None
        dataset = Dataset.objects.get(pk=datasets.pop())
        return dataset if dataset.fingerprint == fingerprint else None

    def _record(
        self,
        storage: str,
        fingerprint: str,
        ml_ids: list[int],
        objective_ids: list[int],
        rows: dict[int, dict[str, int]],
        aggregates: dict[int, dict[str, int]],
        objectives: list[dict[str, Any]],
        code_by_id: dict[int, str],
    ) -> None:
        dataset = Dataset.objects.create(
            year=self.year,
            files={
                kind: {"name": i.name, "sha256": i.sha256, "rows": i.rows, "format": i.format}
                for kind, i in self.infos.items()
            },
            fingerprint=fingerprint,
            storage=storage,
            created_by=self.user,
            created_at=timezone.now(),
        )
        covered = sorted(set(ml_ids) | set(objective_ids))
        previous = DatasetStructure.objects.current().filter(year=self.year, structure_id__in=covered)
        replaced = list(previous.values_list("structure_id", "dataset_id"))
        previous.update(superseded_by=dataset)
        objective_counts: dict[int, int] = {}
        for objective in objectives:
            objective_counts[objective["structure_id"]] = (
                objective_counts.get(objective["structure_id"], 0) + 1
            )
        coverages = []
        for structure_id in covered:
            is_ml = structure_id in rows or structure_id in set(ml_ids)
            counts = dict(rows.get(structure_id, {})) if is_ml else {}
            counts["objectifs"] = objective_counts.get(structure_id, 0)
            coverages.append(
                DatasetStructure(
                    dataset=dataset,
                    structure_id=structure_id,
                    year=self.year,
                    kind=DatasetStructure.Kind.DATA if is_ml else DatasetStructure.Kind.OBJECTIVES,
                    rows=counts,
                    values=aggregates.get(structure_id, {}) if is_ml else {},
                )
            )
        DatasetStructure.objects.bulk_create(coverages)
        coverage_ids = dict(
            DatasetStructure.objects.filter(dataset=dataset).values_list("structure_id", "pk")
        )
        Objective.objects.bulk_create(
            Objective(
                coverage_id=coverage_ids[o["structure_id"]],
                structure_id=o["structure_id"],
                year=self.year,
                indicator=o["indicator"],
                programmes=o["programmes"],
                value=o["value"],
            )
            for o in objectives
        )
        # Earlier datasets none of whose structures is current any more are superseded as a whole.
        for old_id in {dataset_id for _, dataset_id in replaced}:
            if not DatasetStructure.objects.current().filter(dataset_id=old_id).exists():
                Dataset.objects.filter(pk=old_id).update(superseded_by=dataset)
        self.result.replaced = sorted(code_by_id[sid] for sid, _ in replaced)
        self.result.dataset = dataset
        dataset.summary = self.result.summary
        dataset.save(update_fields=["summary"])


def _used(params: dict[str, Any], sql: str) -> dict[str, Any]:
    """The named parameters a statement uses (DuckDB refuses unused ones)."""
    return {name: value for name, value in params.items() if f"${name}" in sql}


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _sha256_files(paths: dict[str, Path]) -> dict[str, str]:
    digests = {}
    for kind, path in paths.items():
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
        except OSError:
            digests[kind] = ""
            continue
        digests[kind] = digest.hexdigest()
    return digests


def _fingerprint(year: int, infos: dict[str, FileInfo]) -> str:
    text = f"{year}\n" + "".join(f"{kind}:{infos[kind].sha256}\n" for kind in sorted(infos))
    return hashlib.sha256(text.encode()).hexdigest()
