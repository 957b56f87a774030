"""Rules of an improvement action: constraints, overdue logic, who may own it, what it may be linked to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Status
from mlplatform.improvement.models import ImprovementAction
from mlplatform.improvement.requirements import eligible_requirements, group_requirements, picker_requirements

from ..factories import make_user
from .helpers import load_frameworks, load_ml_framework, make_action, ml_action, requirement


def test_progress_is_a_percentage_in_the_database(world):
    action = ml_action(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementAction.objects.filter(pk=action.pk).update(progress=101)
    action.refresh_from_db()
    assert action.progress == 0


def test_completion_date_exactly_when_done_in_the_database(world):
    action = ml_action(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementAction.objects.filter(pk=action.pk).update(status=Status.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementAction.objects.filter(pk=action.pk).update(completed_on=timezone.localdate())


def test_progress_over_100_is_refused_by_the_domain(world):
    with pytest.raises(ValidationError) as refused:
        ml_action(world, progress=120)
    assert "progress" in refused.value.message_dict
    assert not ImprovementAction.objects.exists()


def test_done_sets_completion_date_and_full_progress(world):
    action = ml_action(world, status=Status.DONE, progress=60)
    assert action.completed_on == timezone.localdate()
    assert action.progress == 100


@pytest.mark.parametrize(
    ("due_in_days", "status", "overdue"),
    [
        (0, Status.PLANNED, False),  # due today: not overdue yet
        (-1, Status.PLANNED, True),
        (-1, Status.IN_PROGRESS, True),
        (-30, Status.DONE, False),
        (-30, Status.ABANDONED, False),
        (1, Status.IN_PROGRESS, False),
    ],
)
def test_overdue_boundary(world, due_in_days, status, overdue):
    action = ml_action(world, due_in_days=due_in_days, status=status)
    assert action.is_overdue is overdue
    assert ImprovementAction.objects.overdue().filter(pk=action.pk).exists() is overdue
    assert action.days_overdue == (-due_in_days if overdue else 0)


def test_overdue_against_a_given_day(world):
    action = ml_action(world, due_in_days=5)
    later = timezone.localdate() + datetime.timedelta(days=5)
    assert not action.is_overdue_on(later)
    assert action.is_overdue_on(later + datetime.timedelta(days=1))
    assert ImprovementAction.objects.overdue(later + datetime.timedelta(days=1)).get() == action


def test_owner_must_belong_to_the_structure(world):
    with pytest.raises(ValidationError) as refused:
        ml_action(world, owner=world.user("OTHER_ML_DIRECTOR"))
    assert "owner" in refused.value.message_dict
    gone = make_user("partie@test.example", Role.ML_STAFF, world.ml)
    gone.memberships.update(is_active=False)
    with pytest.raises(ValidationError):
        ml_action(world, owner=gone)
    assert ml_action(world, owner=world.user(Role.ML_STAFF)).owner_name == "Prénom ml_staff"


@pytest.mark.parametrize(
    ("structure_attr", "allowed", "refused"),
    [
        ("ml", ["ML-2030-1.1.2", "ML-2030-1.1.1.1"], ["ARML-UNML-2030-1.1.2"]),
        (
            "arml",
            ["ARML-UNML-2030-1.1.2", "ARML-UNML-2030-2.1.1.1"],
            ["ARML-UNML-2030-1.1.1", "ML-2030-1.1.2"],
        ),
        (
            "unml",
            ["ARML-UNML-2030-1.1.1", "ARML-UNML-2030-2.1.1.1"],
            ["ARML-UNML-2030-1.1.2", "ML-2030-1.1.2"],
        ),
    ],
)
def test_requirements_follow_the_framework_of_the_structure(world, structure_attr, allowed, refused):
    load_frameworks()
    structure = getattr(world, structure_attr)
    action = make_action(structure, requirements=[requirement(ref) for ref in allowed])
    assert sorted(action.requirements.values_list("ref", flat=True)) == sorted(allowed)
    for ref in refused:
        with pytest.raises(ValidationError) as problem:
            make_action(structure, requirements=[requirement(ref)])
        assert "ne s'applique pas" in str(problem.value)


def test_picker_lists_the_latest_version_and_keeps_older_linked_ones(world):
    load_ml_framework("2030")
    old = requirement("ML-2030-1.1.2")
    load_ml_framework("2031")
    refs = [r.ref for r in picker_requirements(world.ml)]
    assert refs and all(ref.startswith("ML-2031-") for ref in refs)
    refs = [r.ref for r in picker_requirements(world.ml, extra_ids=[old.pk])]
    assert "ML-2030-1.1.2" in refs
    assert eligible_requirements(world.ml).filter(pk=old.pk).exists()  # still valid for an action
    groups = group_requirements(picker_requirements(world.ml), {requirement("ML-2031-2.1.1.1").pk})
    assert [g.part.number for g in groups] == ["1", "2"]
    assert [g.selected for g in groups] == [0, 1]
    assert [c.commitment.ref for c in groups[0].commitments] == ["ML-2031-1.1"]


def test_an_action_is_scoped_to_its_structure(world):
    ml_action(world)
    make_action(world.other_ml)
    assert ImprovementAction.objects.for_user(world.user(Role.ML_STAFF)).count() == 1
    assert ImprovementAction.objects.for_user(world.user(Role.ARML_REFERENT)).count() == 1
    assert ImprovementAction.objects.for_user(world.user(Role.NATIONAL_ADMIN)).count() == 2
    assert ImprovementAction.objects.for_user(world.user(Role.AUDITOR)).count() == 0
