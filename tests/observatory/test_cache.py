"""The national and regional figures are computed once per state of the data (observatory/cache.py):
a new import or a registry change shows at once, and the page always agrees with the command line."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

from mlplatform.accounts.enums import Role
from mlplatform.network.models import Structure
from mlplatform.observatory import cache as observatory_cache

from ..factories import login
from .factories import import_rows, import_sample, jeune

YEAR = 2023


def _accompanied(client, code: str) -> int:
    content = client.get(f"/observatoire/{code}/{YEAR}/").content.decode()
    match = re.search(
        r'<span class="kpi-value">([\d\u202f\u00a0 ]+)</span> <span class="kpi-label">Jeunes accompagnés',
        content,
    )
    assert match, content[:500]
    return int(re.sub(r"\D", "", match.group(1)))


def _command(code: str) -> int:
    out = io.StringIO()
    call_command("observatory", "indicators", "--year", str(YEAR), "--structure", code, stdout=out)
    return json.loads(out.getvalue())["indicators"]["jeunes_accompagnes"]


@pytest.fixture
def national(world, client):
    import_sample(YEAR)
    login(client, world.user(Role.NATIONAL_ADMIN))
    return world


def test_the_cached_page_agrees_with_the_command_line(national, client):
    for code in ("UNML", "ARML-A", "ML-A1"):
        assert _accompanied(client, code) == _command(code)
        assert _accompanied(client, code) == _command(code)  # the second answer comes from the cache


def test_a_new_import_shows_at_once(national, client):
    before = _accompanied(client, "UNML")
    # A new extract for ML-B1 replaces its previous one: two more young people.
    rows = [jeune("ML-B1", f"nouveau-{n}") for n in range(before + 2)]
    import_rows(YEAR, jeunes=rows)
    after = _accompanied(client, "UNML")
    assert after == _command("UNML")
    assert after != before


def test_a_registry_change_shows_at_once(national, client):
    before = _accompanied(client, "ARML-A")
    moved = Structure.objects.get(code="ML-A2")
    moved.parent = Structure.objects.get(code="ARML-B")
    moved.save()
    after = _accompanied(client, "ARML-A")
    assert after == _command("ARML-A")
    assert after < before


def test_the_state_changes_with_imports_and_registry_but_not_with_reading(national, client):
    state = observatory_cache.data_state()
    _accompanied(client, "UNML")
    assert observatory_cache.data_state() == state
    Structure.objects.filter(code="ML-A1").first().save()
    assert observatory_cache.data_state() != state


def test_a_recomputation_that_changes_the_aggregates_shows_at_once(national, client):
    from mlplatform.observatory.engine import refresh_year
    from mlplatform.observatory.models import DatasetStructure

    right = _command("UNML")
    # Stored aggregates gone wrong (a definition since fixed): the page shows them and caches them.
    coverage = DatasetStructure.objects.current().get(structure__code="ML-A1", year=YEAR)
    wrong = {**coverage.values, "jeunes_accompagnes": coverage.values["jeunes_accompagnes"] + 100}
    DatasetStructure.objects.filter(pk=coverage.pk).update(values=wrong)
    assert _accompanied(client, "UNML") == right + 100
    assert _accompanied(client, "UNML") == right + 100
    # The recomputation rewrites the aggregates that differ from the files, in place, and stamps them.
    refresh_year(YEAR)
    assert _accompanied(client, "UNML") == right == _command("UNML")
