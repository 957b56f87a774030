"""Reading the files of an extract as spec observatoire-format-v1 section 1 says.

:func:`read_header` and :class:`SourceReader` read a file (CSV with or without BOM, ``;`` or ``,``
detected from the header line, ``"`` quotes; or Parquet), and :func:`line_numbers` gives the
line, as in the file, of a row found faulty. What the files must hold is ``spec``.
"""

# ruff: noqa: S608 - SQL is assembled from the spec's constants; paths, column names and values are escaped.

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from mlplatform.network.tables import PARQUET_MAGIC, TableError, read_table

from .spec import FILES, sql_literal, sql_name

_REJECT_DETAILS = {
    "TOO MANY COLUMNS": "plus de champs que de colonnes dans l'en-tête",
    "MISSING COLUMNS": "moins de champs que de colonnes dans l'en-tête",
    "UNQUOTED VALUE": "guillemet mal placé ou non fermé",
    "INVALID ENCODING": "caractère qui n'est pas en UTF-8",
    "INVALID UNICODE": "caractère qui n'est pas en UTF-8",
    "LINE SIZE OVER MAXIMUM": "ligne trop longue",
}
HEADER_MAX_BYTES = 1 << 20


@dataclass
class FileInfo:
    """A file of the dataset as found: its kind, format, header, and what the import learnt."""

    kind: str
    name: str
    path: Path
    format: str = "csv"
    size: int = 0
    header: list[str] = field(default_factory=list)
    delimiter: str = ";"
    skip: int = 0  # blank lines before the header
    parquet_types: dict[str, str] = field(default_factory=dict)
    error: str = ""
    error_line: int | None = None
    withheld: bool = False  # a column of personal data: refused for its header, rows never read
    rows: int = 0
    sha256: str = ""

    @property
    def readable(self) -> bool:
        return not self.error and not self.withheld

    @property
    def spec_columns(self) -> list[str]:
        return [name for name in FILES[self.kind].names if name in self.header]


def read_header(kind: str, name: str, path: Path) -> FileInfo:
    """The format and header of a file (CSV: the delimiter detected from the header line)."""
    info = FileInfo(kind, name, path)
    try:
        info.size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEADER_MAX_BYTES)
    except OSError:
        info.error = f"Le fichier {name} est introuvable ou ne peut pas être lu."
        return info
    if head.startswith(PARQUET_MAGIC):
        info.format = "parquet"
        connection = duckdb.connect()
        try:
            described = connection.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
            info.header = [str(row[0]) for row in described]
            info.parquet_types = {str(row[0]): str(row[1]) for row in described}
            info.rows = connection.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
        except duckdb.Error as error:
            info.error = f"Le fichier Parquet {name} est illisible ({short_error(error)})."
        finally:
            connection.close()
        return info
    if name.lower().endswith(".parquet"):
        info.error = f"Le fichier {name} porte l'extension .parquet mais n'est pas un fichier Parquet valide."
        return info
    bom = b"\xef\xbb\xbf" if head.startswith(b"\xef\xbb\xbf") else b""
    text = head[len(bom) :]
    while text.startswith((b"\n", b"\r\n")):
        info.skip += 1
        text = text[text.index(b"\n") + 1 :]
    header_line = text.split(b"\n", 1)[0]
    try:
        table = read_table(bom + header_line + b"\n", name=name)
    except TableError as error:
        info.error, info.error_line = error.message, (error.line and error.line + info.skip)
        return info
    info.header, info.delimiter = table.header, table.delimiter or ";"
    return info


def short_error(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200]


class SourceReader:
    """The DuckDB relations reading one file: every spec column as VARCHAR, NULL when empty."""

    def __init__(self, info: FileInfo) -> None:
        self.info = info
        self.columns = info.spec_columns

    def _read_csv(self) -> str:
        info = self.info
        columns = "{" + ", ".join(f"{sql_literal(c)}: 'VARCHAR'" for c in info.header) + "}"
        return (
            f"read_csv({sql_literal(str(info.path))}, delim={sql_literal(info.delimiter)}, quote='\"', "
            f"escape='\"', header=true, auto_detect=false, columns={columns}, skip={info.skip}, "
            f"store_rejects=true, rejects_table='rej_{info.kind}', rejects_scan='rejscan_{info.kind}', "
            "null_padding=false, strict_mode=true)"
        )

    def _parquet_columns(self) -> str:
        parts = []
        for name in self.columns:
            column, type_ = sql_name(name), self.info.parquet_types.get(name, "VARCHAR").upper()
            if type_ == "BOOLEAN":
                value = f"CASE WHEN {column} THEN '1' WHEN NOT {column} THEN '0' END"
            elif type_.startswith("TIMESTAMP"):
                value = (
                    f"CASE WHEN {column} = date_trunc('day', {column}) THEN strftime({column}, '%Y-%m-%d') "
                    f"ELSE CAST({column} AS VARCHAR) END"
                )
            else:
                value = f"CAST({column} AS VARCHAR)"
            parts.append(f"nullif({value}, '') AS {column}")
        return ", ".join(parts) or "NULL AS _none"

    def _not_blank(self) -> str:
        if not self.columns:
            return "true"
        return "NOT (" + " AND ".join(f"{sql_name(c)} IS NULL" for c in self.columns) + ")"

    def fast_relation(self) -> str:
        """The rows, blank ones left out, in any order."""
        if self.info.format == "parquet":
            source = f"read_parquet({sql_literal(str(self.info.path))})"
            return (
                f"(SELECT * FROM (SELECT {self._parquet_columns()} FROM {source}) WHERE {self._not_blank()})"
            )
        selected = ", ".join(sql_name(c) for c in self.columns) or "NULL AS _none"
        return f"(SELECT {selected} FROM {self._read_csv()} WHERE {self._not_blank()})"

    def create_raw(self, connection: duckdb.DuckDBPyConnection, table: str) -> None:
        """Table ``table``: the rows in file order with their position ``_index`` (blank rows kept)."""
        if self.info.format == "parquet":
            source = f"read_parquet({sql_literal(str(self.info.path))}, file_row_number=true)"
            connection.execute(
                f"CREATE TABLE {table} AS SELECT file_row_number AS _index, {self._parquet_columns()} "
                f"FROM {source}"
            )
            return
        selected = ", ".join(sql_name(c) for c in self.columns) or "NULL AS _none"
        connection.execute(f"CREATE TABLE {table}_rows AS SELECT {selected} FROM {self._read_csv()}")
        connection.execute(f"CREATE VIEW {table} AS SELECT rowid AS _index, * FROM {table}_rows")
        self.records = connection.execute(f"SELECT count(*) FROM {table}_rows").fetchone()[0]

    def rejected_count(self, connection: duckdb.DuckDBPyConnection) -> int:
        if self.info.format == "parquet":
            return 0
        return connection.execute(f"SELECT count(DISTINCT line) FROM rej_{self.info.kind}").fetchone()[0]

    def rejected_lines(self, connection: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
        if self.info.format == "parquet":
            return []
        rows = connection.execute(
            f"SELECT line, any_value(error_type) FROM rej_{self.info.kind} GROUP BY line ORDER BY line"
        ).fetchall()
        return [(int(line), _REJECT_DETAILS.get(kind, kind.lower())) for line, kind in rows]


def line_numbers(info: FileInfo, indexes: set[int], rejected: set[int], records: int) -> dict[int, int]:
    """Line in the file (header = line 1) of each row position, as a spreadsheet shows it.

    Parquet rows are numbered as if the table were saved as CSV. For CSV, when every record
    takes one line (no blank line, no value spanning lines), the line follows from the position
    and the malformed lines the reader skipped; otherwise the file is scanned up to the last
    position wanted.
    """
    if not indexes:
        return {}
    if info.format == "parquet":
        return {index: index + 2 for index in indexes}
    newlines, last = 0, b"\n"
    with info.path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    physical = newlines + (0 if last == b"\n" else 1)
    if physical == info.skip + 1 + records + len(rejected):
        skipped = sorted(rejected)
        result = {}
        for index in indexes:
            line = info.skip + 2 + index
            for bad in skipped:
                if bad <= line:
                    line += 1
            result[index] = line
        return result
    return _scan_lines(info, indexes, rejected)


def _scan_lines(info: FileInfo, indexes: set[int], rejected: set[int]) -> dict[int, int]:
    result: dict[int, int] = {}
    position, header_seen, previous = -1, False, 0
    last_wanted = max(indexes)
    with info.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=info.delimiter, quotechar='"')
        try:
            for fields in reader:
                start, previous = previous + 1, reader.line_num
                if not fields:
                    continue
                if not header_seen:
                    header_seen = True
                    continue
                if start in rejected:
                    continue
                position += 1
                if position in indexes:
                    result[position] = start
                if position >= last_wanted:
                    break
        except csv.Error:
            pass
    return result
