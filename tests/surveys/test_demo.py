import pytest

from mlplatform.surveys import demo
from mlplatform.surveys.models import Campaign, QuestionnaireVersion, Response
from mlplatform.surveys.results import MIN_RESPONSES

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_a_closed_and_an_open_barometer(world):
    assert "2026 ouverte" in demo.load_demo()
    assert "déjà chargés" in demo.load_demo()
    assert QuestionnaireVersion.objects.count() == 4
    closed = Campaign.objects.get(code=demo.CLOSED_CODE)
    opened = Campaign.objects.get(code=demo.OPEN_CODE)
    assert closed.status() == "closed" and opened.status() == "open" and opened.previous == closed
    counts = {
        s: Response.objects.filter(campaign=closed, structure=s).count()
        for s in (world.ml, world.ml2, world.other_ml)
    }
    assert all(n >= 3 for n in counts.values())
    assert any(n >= MIN_RESPONSES for n in counts.values())
    assert not Response.objects.filter(campaign=opened).exists()
    assert demo.showcase_link() == ""  # no ML Caen in the test world
