"""The demo programmes: the PNAE from its data file and the PRAE of Normandie and two regions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.programmes.demo import load_demo
from mlplatform.programmes.enums import MilestoneStatus
from mlplatform.programmes.models import Action, Milestone, Programme

from ..factories import login, make_structure

pytestmark = pytest.mark.django_db


def test_demo_loads_the_pnae_and_three_praes_idempotently(world, client):
    for code in ("ARML-NOR", "ARML-BRE-DEMO", "ARML-OCC-DEMO"):
        make_structure(code, StructureType.ARML, world.unml, name=f"ARML {code}")
    report = load_demo()
    assert "PNAE 2018-2020 chargé" in report and "ARML-NOR, ARML-BRE-DEMO, ARML-OCC-DEMO" in report
    normandie = Programme.objects.get(code="PRAE-ARML-NOR").versions.get()
    actions = list(normandie.actions.order_by("number"))
    assert [a.declines.number for a in actions if a.declines] == [1, 3, 5, 6]
    assert sum(1 for a in actions if a.declines is None) == 2
    assert actions[0].indicators.filter(observatory_code="jeunes_accompagnes").exists()
    assert Milestone.objects.filter(status=MilestoneStatus.PLANNED, action=actions[0]).count() == 2
    assert actions[0].budget_lines.count() == 3 and actions[0].reviews.filter(year=2019).exists()
    assert Programme.objects.get(code="PNAE").reviews.filter(year=2019, action__isnull=True).exists()
    assert "aucun" in load_demo() and Action.objects.filter(programme_version=normandie).count() == 6
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(reverse("programmes:matrix", kwargs={"code": "PNAE"})).content.decode()
    assert "Conseillers formés" in content  # a common indicator of the three regions
