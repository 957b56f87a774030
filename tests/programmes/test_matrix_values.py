"""The UNML's matrix of common indicators shows each ARML's actual value beside its target: typed, or
read from the observatory for a bound indicator, in a number of queries independent of the ARMLs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.observatory.indicators import INDICATORS
from mlplatform.programmes import services

from ..factories import login, make_structure
from .world import pnae

pytestmark = pytest.mark.django_db


def _arml_with_indicators(world, index: int) -> None:
    national = services.current_version(pnae(world))
    arml = make_structure(f"ARML-V{index}", StructureType.ARML, world.unml, name=f"ARML V{index}")
    programme = services.create_prae(arml, user=None, start_year=2018, end_year=2020, year=2019)
    action = services.decline_action(
        programme.versions.get(), national.actions.get(number=1), user=None, adaptation="Déclinée."
    )
    typed = services.add_indicator(action, user=None, expected_version=action.version, label="Réunions")
    services.set_indicator_value(
        typed,
        user=None,
        expected_version=action.version,
        year=2019,
        target=Decimal(10),
        actual=Decimal(7 + index),
    )
    bound = services.add_indicator(
        action,
        user=None,
        expected_version=action.version,
        label="Jeunes accompagnés",
        observatory_code=INDICATORS[0].code,
    )
    services.set_indicator_value(
        bound, user=None, expected_version=action.version, year=2019, target=Decimal(100), actual=None
    )


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_actual_values_beside_targets_in_constant_queries(world, client):
    url = reverse("programmes:matrix", kwargs={"code": "PNAE"})
    login(client, world.user(Role.NATIONAL_ADMIN))
    for index in (0, 1):
        _arml_with_indicators(world, index)
    small, content = _count(client, url)
    common = content.split("communs-titre")[2]
    assert "ARML V0 : 2019 → cible 10,00, réalisé 7,00" in common
    assert "réalisé : observatoire" in common
    for index in (2, 3, 4):
        _arml_with_indicators(world, index)
    large, content = _count(client, url)
    assert large == small
    assert "ARML V4" in content.split("communs-titre")[2]
