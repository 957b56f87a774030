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
