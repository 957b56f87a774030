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
