"""The observatory demo: two years for Normandie and the demo regions, loaded once, through the import."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from mlplatform.network.demo import load_demo_network, load_reference_network
from mlplatform.network.models import Structure
from mlplatform.observatory.demo import DEMO_YEARS, demo_groups, load_demo
from mlplatform.observatory.indicators import indicators, years_available
from mlplatform.observatory.models import Dataset, DatasetStructure


@pytest.fixture
def network(db, settings):
    settings.OBSERVATORY_DEMO_FACTOR = 0.01  # as in the test settings: about 1,000 young people a year
    load_reference_network()
    load_demo_network()


def test_load_demo_imports_two_years_once(network):
    progress = StringIO()
    line = load_demo(progress)
    assert line.startswith(
        "Observatoire : données synthétiques importées pour 2021 (Normandie), 2022 (Normandie)"
    )
    assert "\n" not in line
    assert "génération et import des données 2025" in progress.getvalue()
    assert Dataset.objects.count() == 8  # (Normandie, demo regions) × (2021, 2022, 2024, 2025)
    mls = Structure.objects.ml().count()
    for year in DEMO_YEARS:
        assert DatasetStructure.objects.current().filter(year=year, kind="DATA").count() == mls
    assert years_available() == list(DEMO_YEARS)

    normandie = indicators(2025, Structure.objects.get(code="ARML-NOR"))
    assert normandie["indicators"]["jeunes_accompagnes"] > 0
    assert "jeunes_accompagnes" in normandie["evolution"]
    assert normandie["objectives"][0]["structure"] == "ARML-NOR"
    # The years of seed 004: the profiles of the activity report are there (GJ then CEJ in 2022).
    normandie_2022 = indicators(2022, Structure.objects.get(code="ARML-NOR"))
    assert "jeunes_accompagnes" in normandie_2022["evolution"]
    assert normandie_2022["entrants"]["CEJ"] > 0 and normandie_2022["entrants"]["GJ"] > 0
    assert (
        sum(normandie_2022["entrants_profile"]["CEJ"]["sexe"].values()) == normandie_2022["entrants"]["CEJ"]
    )
    assert sum(normandie_2022["contracts"].values()) == normandie_2022["indicators"]["contrats_emploi"]
    assert normandie_2022["justice"]["jeunes"] > 0
    assert indicators(2021, Structure.objects.get(code="ARML-NOR"))["entrants"]["GJ"] > 0
    nation = indicators(2025, None)
    assert nation["coverage"]["missing"] == []
    assert nation["indicators"]["jeunes_accompagnes"] > normandie["indicators"]["jeunes_accompagnes"]

    before = list(DatasetStructure.objects.order_by("pk").values_list("pk", "dataset_id", "values"))
    again = StringIO()
    assert load_demo(again) == "Observatoire : données de démonstration 2021, 2022, 2024, 2025 déjà chargées."
    assert again.getvalue() == ""
    assert list(DatasetStructure.objects.order_by("pk").values_list("pk", "dataset_id", "values")) == before
    assert Dataset.objects.count() == 8


def test_only_the_missing_years_are_loaded(network):
    load_demo(years=(2024,))
    assert Dataset.objects.count() == 2
    line = load_demo()
    assert "2025 (Normandie), 2021 (régions de démonstration)" in line
    assert line.count("2025") == 2
    assert "2024 (Normandie)" not in line and "2 lots déjà chargés" in line
    assert Dataset.objects.count() == 8


def test_groups_follow_the_registry(db, settings):
    settings.OBSERVATORY_DEMO_FACTOR = 0.01
    assert demo_groups() == []  # no registry, nothing to load
    load_reference_network()
    groups = demo_groups()
    assert [group.label for group in groups] == ["Normandie"]
    assert len(groups[0].missions_locales) == 24
    assert load_demo().startswith("Observatoire : données synthétiques importées pour 2021 (Normandie), 2022")


@pytest.mark.django_db
def test_setup_demo_prints_one_observatory_line(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("setup_demo", stdout=out)
    # One import line (the activity reports' demo may ask for its years again: already loaded).
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Observatoire : données")]
    assert len([line for line in lines if "importées" in line]) == 1
    out = StringIO()
    call_command("setup_demo", stdout=out)
    assert "Observatoire : données de démonstration 2021, 2022, 2024, 2025 déjà chargées." in out.getvalue()
