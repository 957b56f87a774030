import pytest

from .factories import build_world


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
