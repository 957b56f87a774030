"""SQL snapshots of the main pages: the queries each sends, normalised, in reviewed files.

The query-count tests (tests/network/test_pages.py and others) check that a page sends as many
queries whatever the size of the data; these snapshots show *which* queries it sends, so that a
change in what a page asks the database shows in review (``tests/snapshots/sql/<vendor>/``).
Refresh after a reviewed change: ``SNAPSHOT_UPDATE=1 make test PYTEST_ARGS=tests/test_sql_snapshots.py``
(and once more with ``DATABASE_URL`` pointing at PostgreSQL for the PostgreSQL files).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role

from . import sql_snapshots
from .access_cases import evidence as evidence_cases
from .access_cases import improvement as improvement_cases
from .access_cases import label as label_cases
from .access_cases import observatory as observatory_cases
from .access_cases.assessments import _assessment
from .api.helpers import issue
from .assessments.factories import answer_all
from .factories import World, login
from .frameworks.test_loader import load_small_framework
from .sql_snapshots import assert_sql_snapshot, normalise, normalised_queries, render, stale_snapshots

# Django's own ordering, kept before tests/conftest.py orders unordered querysets at random in tests.
_DATABASE_ORDER = SQLCompiler._order_by_pairs


@pytest.fixture
def production_sql(monkeypatch):
    """The SQL production sends: without the random order tests give unordered querysets."""
    monkeypatch.setattr(SQLCompiler, "_order_by_pairs", _DATABASE_ORDER)


def _busy_network(world: World) -> dict:
    """Some of everything for home pages and dashboards: a campaign, label files at several stages
    (ML-A1 on the agenda of a session, ML-A2 labelled), an improvement plan, an evidence library."""
    label_cases._sessions_page(world)
    improvement_cases._plan_with_actions(world)
    evidence_cases._library_with_items(world)
    return {}


def _answered(world: World) -> dict:
    """The assessment of ML-A1, every requirement answered."""
    assessment = _assessment(world)
    answer_all(assessment, world.user(Role.ML_QUALITY))
    return {"pk": assessment.pk}


def _frameworks(world: World) -> dict:
    load_small_framework()
    _assessment(world)  # the ML framework, with a campaign
    return {}


def _sample(world: World) -> dict:
    observatory_cases._sample_only(world)
    return {}


@dataclass(frozen=True)
class Page:
    role: str
    url_name: str
    build: Callable[[World], dict] = lambda world: {}
    params: dict = field(default_factory=dict)
    api: bool = False  # authenticated by a personal token, as the JSON endpoints are

    @property
    def name(self) -> str:
        """The snapshot's file name: the URL name and the role."""
        return f"{self.url_name.replace(':', '-')}--{self.role.lower()}"


PAGES = [
    *(
        Page(role, "core:home", _busy_network)
        for role in (
            Role.NATIONAL_ADMIN,
            Role.ARML_REFERENT,
            Role.ML_DIRECTOR,
            Role.AUDITOR,
            Role.COMMISSION_MEMBER,
        )
    ),
    Page(Role.NATIONAL_ADMIN, "network:tree"),
    Page(Role.ARML_REFERENT, "network:tree"),
    Page(Role.ML_DIRECTOR, "network:structure", lambda w: {"code": w.ml.code}),
    Page(Role.ARML_REFERENT, "network:structure", lambda w: {"code": w.arml.code}),
    Page(Role.ML_STAFF, "frameworks:list", _frameworks),
    Page(Role.ML_QUALITY, "assessments:assessment", _answered),
    Page(Role.ML_QUALITY, "assessments:results", _answered),
    Page(Role.ML_QUALITY, "evidence:library", evidence_cases._library_with_items),
    Page(Role.ML_QUALITY, "improvement:plan", improvement_cases._plan_with_actions),
    Page(Role.ML_DIRECTOR, "label:file", label_cases.labelled_file_kwargs),
    Page(Role.NATIONAL_ADMIN, "label:dashboard", _busy_network),
    Page(Role.ARML_REFERENT, "label:region", lambda w: {**_busy_network(w), "code": w.arml.code}),
    Page(Role.NATIONAL_ADMIN, "label:sessions", label_cases._sessions_page),
    Page(Role.COMMISSION_MEMBER, "label:sessions", label_cases._sessions_page),
    Page(Role.AUDITOR, "label:audit_list", label_cases._list_page),
    Page(Role.ML_DIRECTOR, "label:audit_list", label_cases._list_page),
    Page(Role.ML_DIRECTOR, "observatory:figures", observatory_cases.with_sample("ml")),
    Page(Role.ARML_REFERENT, "observatory:figures", observatory_cases.with_sample("arml")),
    Page(Role.NATIONAL_ADMIN, "api:structures", api=True),
    Page(
        Role.ARML_REFERENT,
        "api:observatory_indicators",
        _sample,
        params={"annee": observatory_cases.YEAR},
        api=True,
    ),
]


def _get(client, world: World, page: Page):
    url = reverse(page.url_name, kwargs=page.build(world))
    headers = {}
    if page.api:
        _, secret = issue(world, page.role)
        headers["Authorization"] = f"Bearer {secret}"
    else:
        login(client, world.user(page.role))
    # A cold page: what a cache would spare is part of what the page may ask.
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, page.params, headers=headers)
    assert response.status_code == 200, response.status_code
    return captured


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_queries_match_their_snapshot(page, world, client, production_sql):
    captured = _get(client, world, page)
    title = f"GET {page.url_name} ({page.role}{', jeton API' if page.api else ''})"
    assert_sql_snapshot(page.name, captured, title=title)


def test_page_names_are_unique():
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))


def test_every_snapshot_file_belongs_to_a_page():
    stale = stale_snapshots(page.name for page in PAGES)
    if stale and sql_snapshots.may_write():
        for path in stale:
            path.unlink()
        return
    assert not stale, (
        "Instantanés SQL sans page correspondante (à supprimer, ou relancer avec SNAPSHOT_UPDATE=1) : "
        + ", ".join(str(path) for path in stale)
    )


# --- The helper itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            """SELECT "T3"."id", "col2" FROM "t" WHERE "t"."id" = 42 AND "t"."code" = 'ML-A1' LIMIT 21""",
            """SELECT "T3"."id", "col2" FROM "t" WHERE "t"."id" = %s AND "t"."code" = %s LIMIT 21""",
        ),
        # Quotes doubled inside a string, PostgreSQL's escaped strings and casts, negative numbers.
        (
            """SELECT 1 AS "a" FROM "t" WHERE "t"."x" = 'l''ARML' AND "t"."y" = E'a\\\\b' AND z = -1.5""",
            """SELECT %s AS "a" FROM "t" WHERE "t"."x" = %s AND "t"."y" = %s AND z = %s""",
        ),
        (
            """SELECT * FROM "t" WHERE "t"."at" > '2026-01-02 10:00:00+00:00'::timestamptz OFFSET 40""",
            """SELECT * FROM "t" WHERE "t"."at" > %s::timestamptz OFFSET 40""",
        ),
        # IN lists of any length, in any order (a set of values), are one placeholder.
        (
            """SELECT * FROM "t" WHERE "t"."role" IN ('B', 'A') AND "t"."id" IN (3, 1, 2)""",
            """SELECT * FROM "t" WHERE "t"."role" IN (...) AND "t"."id" IN (...)""",
        ),
        ("""SELECT * FROM "t" WHERE "t"."id" IN (7)""", """SELECT * FROM "t" WHERE "t"."id" IN (...)"""),
        (
            """INSERT INTO "t" ("a", "b") VALUES (1, 'x'), (2, 'y'), (3, 'z') RETURNING "t"."id\"""",
            """INSERT INTO "t" ("a", "b") VALUES (%s, %s), ... RETURNING "t"."id\"""",
        ),
        # Positions Django writes in ORDER BY and GROUP BY lists are kept, values there are not.
        (
            """SELECT "t"."a", COUNT("t"."id") FROM "t" GROUP BY 1, "t"."b" ORDER BY 1 ASC, "t"."c" DESC""",
            """SELECT "t"."a", COUNT("t"."id") FROM "t" GROUP BY 1, "t"."b" ORDER BY 1 ASC, "t"."c" DESC""",
        ),
        (
            """SELECT * FROM "t" ORDER BY "t"."a" ASC, COALESCE("t"."b", 7) DESC LIMIT 5""",
            """SELECT * FROM "t" ORDER BY "t"."a" ASC, COALESCE("t"."b", %s) DESC LIMIT 5""",
        ),
        ('SELECT  *\n  FROM "t"\n', 'SELECT * FROM "t"'),
    ],
)
def test_normalise_replaces_values_by_placeholders(sql, expected):
    assert normalise(sql) == expected


@pytest.mark.parametrize(
    "sql",
    ['SAVEPOINT "s1_x2"', 'RELEASE SAVEPOINT "s1_x2"', 'ROLLBACK TO SAVEPOINT "s1_x2"', "BEGIN", "COMMIT"],
)
def test_transaction_statements_are_left_out(sql):
    assert normalise(sql) is None


def test_the_file_gives_the_count_then_one_query_a_block():
    queries = normalised_queries([{"sql": 'SELECT "a"."id" FROM "a" WHERE "a"."id" = 1'}, {"sql": "COMMIT"}])
    text = render("GET core:home (NATIONAL_ADMIN)", queries)
    assert text.splitlines()[:2] == ["-- GET core:home (NATIONAL_ADMIN)", "-- 1 requête"]
    assert text.endswith('\n\nSELECT "a"."id"\nFROM "a"\nWHERE "a"."id" = %s;\n')


@pytest.fixture
def snapshot_root(tmp_path, monkeypatch):
    monkeypatch.setattr(sql_snapshots, "SNAPSHOT_ROOT", tmp_path)
    monkeypatch.delenv("SNAPSHOT_UPDATE", raising=False)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


QUERY = [{"sql": """SELECT "t"."id" FROM "t" WHERE "t"."id" = 3"""}]


def test_a_missing_snapshot_fails_and_says_how_to_write_it(snapshot_root):
    with pytest.raises(pytest.fail.Exception, match="SNAPSHOT_UPDATE=1 make test"):
        assert_sql_snapshot("page", QUERY, title="page")
    assert not list(snapshot_root.rglob("*.sql"))


def test_update_writes_then_a_change_fails_with_a_diff(snapshot_root, monkeypatch):
    monkeypatch.setenv("SNAPSHOT_UPDATE", "1")
    assert_sql_snapshot("page", QUERY, title="page")
    path = sql_snapshots.snapshot_path("page")
    assert path.parent.parent == snapshot_root and path.exists()
    monkeypatch.delenv("SNAPSHOT_UPDATE")
    assert_sql_snapshot("page", [{"sql": """SELECT "t"."id" FROM "t" WHERE "t"."id" = 9"""}], title="page")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_sql_snapshot("page", [*QUERY, *QUERY], title="page")
    assert '+SELECT "t"."id"' in str(failure.value) and "-- 2 requêtes" in str(failure.value)


def test_continuous_integration_never_writes(snapshot_root, monkeypatch):
    monkeypatch.setenv("SNAPSHOT_UPDATE", "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="jamais écrits"):
        assert_sql_snapshot("page", QUERY, title="page")
    assert not list(snapshot_root.rglob("*.sql"))


def test_snapshots_show_the_order_production_sends(production_sql):
    from django.contrib.sessions.models import Session

    assert "ORDER BY" not in str(Session.objects.all().query)
