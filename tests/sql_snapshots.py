"""SQL snapshots: the queries one request sends, normalised and compared with a reviewed file.

A query-count test says *how many* queries a page sends; a snapshot also says *which*: a new
join, a dropped ``select_related`` or a query moved into a loop shows in review as a diff of
``tests/snapshots/sql/<vendor>/<name>.sql``.

Typical use::

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert_sql_snapshot("core-home--national_admin", captured, title="core:home (NATIONAL_ADMIN)")

Normalisation works on the SQL text Django records (parameters interpolated): quoted strings,
numbers (dates and ids included) become ``%s`` (except those Django writes itself: ``LIMIT``,
``OFFSET``, positions in ``ORDER BY`` and ``GROUP BY``), ``IN (...)`` lists of any length and
repeated ``VALUES`` rows collapse, whitespace is folded, and savepoint and transaction statements
are dropped. The SQL Django writes differs
between SQLite and PostgreSQL (booleans, casts, functions), so each vendor keeps its own files.

Files are written only on request: ``SNAPSHOT_UPDATE=1`` (never when ``CI`` is set).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
import sqlparse
from django.db import connection
from django.test.utils import CaptureQueriesContext

SNAPSHOT_ROOT = Path(__file__).resolve().parent / "snapshots" / "sql"
UPDATE_VARIABLE = "SNAPSHOT_UPDATE"
REFRESH_COMMAND = f"{UPDATE_VARIABLE}=1 make test PYTEST_ARGS=tests/test_sql_snapshots.py"
_TRUE = {"1", "true", "yes", "on"}

# One pass over the text, left to right: quoted identifiers are kept as they are (a digit there is a
# name, not a value), string literals (PostgreSQL's E'...' and X'...' too) and numbers become %s.
# Numbers Django writes itself are kept: LIMIT and OFFSET, and the positions in ORDER BY and
# GROUP BY lists (``GROUP BY 1``, ``ORDER BY 2 ASC``, beside column references).
_REFERENCE = r"""(?:\d+|"(?:[^"]|"")*"(?:\."(?:[^"]|"")*")?)(?:\s+(?:ASC|DESC))?"""
_TOKENS = re.compile(
    rf"""
    (?P<identifier>"(?:[^"]|"")*")
    | (?P<string>(?:(?<![\w])[EeXx])?'(?:[^']|'')*')
    | (?P<keyword>\b(?:LIMIT|OFFSET)\s+\d+)
    | (?P<clause>\b(?:ORDER|GROUP)\s+BY\s+{_REFERENCE}(?:\s*,\s*{_REFERENCE})*(?![\w(.]))
    | (?P<number>(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w]))
    | (?P<space>\s+)
    """,
    re.VERBOSE,
)
_IN_LIST = re.compile(r"\bIN \(%s(?:::\w+)?(?:, %s(?:::\w+)?)*\)", re.IGNORECASE)
_VALUES_ROWS = re.compile(r"\bVALUES (\([^()]*\))(?:, \1)+", re.IGNORECASE)
_TRANSACTION = re.compile(
    r"^(?:SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b",
    re.IGNORECASE,
)


def _token(match: re.Match) -> str:
    kind = match.lastgroup
    if kind == "identifier":
        return match.group()
    if kind in ("keyword", "clause"):
        return " ".join(match.group().split())
    if kind == "space":
        return " "
    return "%s"


def normalise(sql: str) -> str | None:
    """The query with its values replaced by placeholders; ``None`` for transaction statements."""
    text = _TOKENS.sub(_token, sql).strip().rstrip(";").strip()
    if not text or _TRANSACTION.match(text):
        return None
    text = _IN_LIST.sub("IN (...)", text)
    return _VALUES_ROWS.sub(r"VALUES \1, ...", text)


def format_query(sql: str) -> str:
    """One column, one join, one condition a line: a change shows as a line of the diff."""
    try:
        return sqlparse.format(sql, reindent=True).strip()
    except sqlparse.exceptions.SQLParseError:  # too large to indent: kept on one line
        return sql


def normalised_queries(captured: CaptureQueriesContext | Iterable[dict | str]) -> list[str]:
    items = captured.captured_queries if isinstance(captured, CaptureQueriesContext) else captured
    queries = (normalise(item["sql"] if isinstance(item, dict) else item) for item in items)
    return [query for query in queries if query is not None]


def render(title: str, queries: list[str]) -> str:
    count = len(queries)
    lines = [
        f"-- {title}",
        f"-- {count} requête{'s' if count > 1 else ''}",
        f"-- Instantané relu en revue ; pour le régénérer : {REFRESH_COMMAND}",
    ]
    # Blocks are not numbered: a query added or removed shows in a diff as itself, nothing else.
    for query in queries:
        lines += ["", f"{format_query(query)};"]
    return "\n".join(lines) + "\n"


def vendor() -> str:
    return connection.vendor


def snapshot_path(name: str, database_vendor: str | None = None) -> Path:
    return SNAPSHOT_ROOT / (database_vendor or vendor()) / f"{name}.sql"


def _flag(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() in _TRUE


def may_write() -> bool:
    """Snapshots are written when asked for, and never in continuous integration."""
    return _flag(UPDATE_VARIABLE) and not _flag("CI")


def _how_to_write(purpose: str) -> str:
    if _flag("CI"):
        return (
            "En intégration continue (CI) les instantanés ne sont jamais écrits : "
            f"écrivez-les en local ({REFRESH_COMMAND}) et livrez-les avec le changement."
        )
    database = ", avec DATABASE_URL vers PostgreSQL" if vendor() == "postgresql" else ""
    return f"{purpose}{database} : {REFRESH_COMMAND}"


def _shown(path: Path) -> Path:
    """The path from the repository's root when the file lies there (it always does, but in tests)."""
    root = Path(__file__).resolve().parents[1]
    return path.relative_to(root) if path.is_relative_to(root) else path


def assert_sql_snapshot(name: str, captured, *, title: str) -> None:
    """Compare the normalised queries with ``tests/snapshots/sql/<vendor>/<name>.sql``.

    A missing file fails with the command that writes it; a different one fails with a unified diff.
    With ``SNAPSHOT_UPDATE=1`` (outside CI) the file is written instead and the test passes.
    """
    path = snapshot_path(name)
    actual = render(title, normalised_queries(captured))
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if expected == actual:
        return
    if may_write():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    relative = _shown(path)
    if expected is None:
        how = _how_to_write("Pour le créer (puis le relire et le livrer)")
        pytest.fail(f"Instantané SQL manquant : {relative}.\n{how}", pytrace=False)
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{relative} (relu)",
            tofile=f"{relative} (obtenu)",
        )
    )
    pytest.fail(
        f"Les requêtes SQL ont changé : {relative}.\n{diff}\n"
        + _how_to_write("Si le changement est voulu, régénérez l'instantané et livrez le diff relu"),
        pytrace=False,
    )


def stale_snapshots(names: Iterable[str]) -> list[Path]:
    """Snapshot files (any vendor) that no case writes any more."""
    known = {f"{name}.sql" for name in names}
    return sorted(path for path in SNAPSHOT_ROOT.glob("*/*.sql") if path.name not in known)
