"""The demo holds, for ARML Normandie 2022, records shaped like seed 004's figures."""

from __future__ import annotations

import pytest

from mlplatform.animation.counts import yearly_counts
from mlplatform.animation.demo import load_demo
from mlplatform.animation.models import Partnership, Practice, Referent
from mlplatform.network.demo import load_reference_network
from mlplatform.network.models import Structure


@pytest.mark.django_db
def test_normandie_2022_matches_the_activity_report():
    assert load_reference_network().accepted
    assert "réunions" in load_demo()
    arml = Structure.objects.get(code="ARML-NOR")
    counts = yearly_counts(arml, 2022)
    assert (counts.meetings_organised, counts.meetings_attended) == (367, 762)
    assert counts.bodies["conseil_administration"] == 3
    assert counts.bodies["bureau"] == 5
    assert counts.bodies["assemblee_generale"] == 1
    themes = set(Referent.objects.filter(structure=arml).values_list("theme", flat=True))
    assert {"justice", "handicap", "relations_entreprises", "cej", "imilo", "communication"} <= themes
    regional = Partnership.objects.get(structure=arml, title__contains="Accord-cadre régional")
    assert regional.parent.level == "national" and "AKTO" in regional.partner_name
    assert Partnership.objects.filter(parent=regional, level="local").exists()
    assert regional.documents.get().file_name == "accord-cadre-missions-jeunes.pdf"
    assert Practice.objects.count() >= 5
    assert arml.body_members.filter(body="bureau", office="Présidente").exists()
    mls = Structure.objects.filter(parent=arml)
    assert sum(yearly_counts(ml, 2022).events for ml in mls) > 400
    assert load_demo().endswith("déjà chargée.")
