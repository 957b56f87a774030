import copy

import pytest
from django.db.models import OrderBy
from django.db.models.functions import Random
from django.db.models.sql.compiler import SQLCompiler
from django.template.base import FilterExpression, Variable, VariableDoesNotExist
from django.test import Client

from .factories import build_world
from .html_checks import problems_of


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Database ids are reused from one test to the next: never let a cached value outlive its test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_storage():
    """Files saved during a test (evidence uploads) must not outlive it: the in-memory storage is shared."""
    yield
    from django.core.files.storage import InMemoryStorage, default_storage

    if isinstance(default_storage, InMemoryStorage):
        directories, files = default_storage.listdir("")
        for name in directories + files:
            default_storage.delete(name)


def _refuse_wide_locks(execute, sql, params, many, context):
    """A ``SELECT ... FOR UPDATE`` over a join locks every joined row (PostgreSQL): it must say
    ``FOR UPDATE OF`` the table it means to lock (``select_for_update(of=("self",))``)."""
    text = sql.upper() if isinstance(sql, str) else ""
    if "FOR UPDATE" in text and " JOIN " in text and "FOR UPDATE OF" not in text:
        raise AssertionError(f"select_for_update sur une jointure sans of=('self',) : {sql}")
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def _no_lock_on_joined_rows():
    """SQLite has no row locks, so this bites on PostgreSQL (CI runs the suite there too)."""
    from django.db import connection

    with connection.execute_wrapper(_refuse_wide_locks):
        yield


# --- Unordered querysets come back in a random order --------------------------------------------
# A page that shows rows in database order shows them in any order: the tests see that too.

_order_by_pairs = SQLCompiler._order_by_pairs


def _shuffled_order_by_pairs(self):
    pairs = list(_order_by_pairs(self))
    query = self.query
    unordered = not pairs and query.default_ordering and query.model is not None
    if unordered and not (query.distinct or query.combinator or query.subquery or query.group_by):
        return [(OrderBy(Random()), False)]
    return pairs


@pytest.fixture(autouse=True)
def _unordered_querysets_are_shuffled(monkeypatch):
    monkeypatch.setattr(SQLCompiler, "_order_by_pairs", _shuffled_order_by_pairs)


# --- Undefined template variables fail inside {% if %} and {% for %} too -------------------------
# config/settings/test.py makes ``{{ undefined }}`` fail; tags resolve with ``ignore_failures``,
# which Django turns into None. A lookup through None (``{% if file.assessment.pk %}`` without an
# assessment) is a value, not a mistake: only names missing from the context or attributes
# missing from an object fail. Names meant to be optional are listed here.
OPTIONAL_VARIABLES: frozenset[str] = frozenset(
    {
        "widget.attrs.class",  # includes/form_fields.html: a widget may have no CSS class
        "picker.errors.requirements",  # improvement: the requirement picker's errors, when any
        "for_pdf",  # charts and reports rendered on a page and in a PDF: set by PDF views only
        "with_table",  # charts/chart.html: the data table beside a chart unless told otherwise
        "duplicate",  # evidence: the file already in the library, when an upload repeats one
        "saved",  # answer and action fragments: "saved" only after a save
        "oob_counts",  # audit findings fragment: the page's counts, swapped out of band by htmx only
    }
)

_resolve = FilterExpression.resolve


def _strict_resolve(self, context, ignore_failures=False):
    if not ignore_failures or not isinstance(self.var, Variable) or self.var.literal is not None:
        return _resolve(self, context, ignore_failures)
    try:
        value = self.var.resolve(context)
    except VariableDoesNotExist as error:
        through_none = len(error.params) > 1 and error.params[1] is None
        if not through_none and self.var.var not in OPTIONAL_VARIABLES:
            raise NameError(f"Variable de gabarit non définie dans une balise : {self.var.var}") from error
        return _resolve(self, context, ignore_failures)
    resolved = copy.copy(self)
    resolved.var, resolved.is_var = value, False  # resolved: the filters apply to it as to a literal
    return _resolve(resolved, context, ignore_failures)


@pytest.fixture(autouse=True)
def _undefined_variables_fail_in_tags(monkeypatch):
    monkeypatch.setattr(FilterExpression, "resolve", _strict_resolve)


# --- Every HTML response meets the standards (tests/html_checks.py) ------------------------------


class CheckedClient(Client):
    """The test client: every HTML answer it gets is checked (language, skip link, inline code,
    labels, table headers, CSRF tokens), whatever the test is about."""

    def request(self, **request):
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        ours = not request.get("PATH_INFO", "").startswith("/admin/")  # Django's admin is not ours
        if ours and content_type.startswith("text/html") and not response.streaming and response.content:
            problems = problems_of(response.content.decode())
            assert not problems, f"{request.get('PATH_INFO')} ({response.status_code}) : {problems}"
        return response


@pytest.fixture
def client():
    return CheckedClient()
