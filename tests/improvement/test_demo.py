"""Demo plans: varied, with overdue actions, idempotent."""

from mlplatform.improvement.demo import load_demo_plans
from mlplatform.improvement.enums import Status
from mlplatform.improvement.models import ImprovementAction

from .helpers import load_ml_framework


def test_demo_plans_are_varied_and_created_once(world):
    load_ml_framework()
    message = load_demo_plans("ARML-A")
    assert "3 structures" in message  # the ARML and its two MLs
    actions = ImprovementAction.objects.all()
    assert set(actions.values_list("structure__code", flat=True)) == {"ARML-A", "ML-A1", "ML-A2"}
    assert len(set(actions.values_list("status", flat=True))) >= 3
    assert ImprovementAction.objects.filter(structure=world.ml, requirements__isnull=False).exists()
    assert all(a.completed_on is not None for a in actions.filter(status=Status.DONE))
    count = actions.count()
    assert "0 actions créées pour 0 structures" in load_demo_plans("ARML-A")
    assert ImprovementAction.objects.count() == count
    assert "absente" in load_demo_plans("ARML-INCONNUE")
