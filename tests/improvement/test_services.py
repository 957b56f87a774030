"""Editing an action: change log, optimistic lock, progress journal; and the helpers other apps call."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.models import FrameworkVersion
from mlplatform.improvement.enums import Priority, Status
from mlplatform.improvement.models import ActionChange, ActionNote, ImprovementAction
from mlplatform.improvement.queries import (
    actions_by_requirement,
    create_action_url,
    overdue_actions,
    plan_summaries,
    status_counts,
)
from mlplatform.improvement.services import StaleEdit, add_note, save_action_edit
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from ..factories import make_structure
from .helpers import load_ml_framework, make_action, ml_action, requirement


def _log(action) -> list[tuple[str, str, str]]:
    return list(ActionChange.objects.filter(action=action).values_list("field", "before", "after"))


def test_every_tracked_change_is_logged_with_author_and_values(world):
    load_ml_framework()
    quality, director = world.user(Role.ML_QUALITY), world.user(Role.ML_DIRECTOR)
    action = ml_action(world, requirements=[requirement("ML-2030-1.1.2")])
    old_due = action.due_on
    new_due = old_due + datetime.timedelta(days=10)
    save_action_edit(
        action,
        1,
        {"status": Status.IN_PROGRESS, "due_on": new_due, "owner": director, "progress": 30},
        user=quality,
        requirements=[requirement("ML-2030-1.1.2"), requirement("ML-2030-2.1.1.1")],
    )
    action.refresh_from_db()
    assert (action.version, action.status, action.progress, action.owner, action.updated_by) == (
        2,
        Status.IN_PROGRESS,
        30,
        director,
        quality,
    )
    assert sorted(_log(action)) == sorted(
        [
            ("status", "À lancer", "En cours"),
            ("due_on", _fmt(old_due), _fmt(new_due)),
            ("owner", "Aucun·e responsable", "Prénom ml_director"),
            ("progress", "0 %", "30 %"),
            ("requirements", "ML-2030-1.1.2", "ML-2030-1.1.2, ML-2030-2.1.1.1"),
        ]
    )
    assert set(ActionChange.objects.values_list("author", flat=True)) == {quality.pk}


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_untracked_change_bumps_the_version_without_log_and_no_change_does_nothing(world):
    action = ml_action(world)
    save_action_edit(action, 1, {"description": "Plus de détails."}, user=world.user(Role.ML_STAFF))
    action.refresh_from_db()
    assert (action.description, action.version, _log(action)) == ("Plus de détails.", 2, [])
    save_action_edit(action, 2, {"description": "Plus de détails."}, user=world.user(Role.ML_STAFF))
    action.refresh_from_db()
    assert action.version == 2


def test_stale_edit_is_refused_and_changes_nothing(world):
    action = ml_action(world)
    save_action_edit(action, 1, {"title": "Premier"}, user=world.user(Role.ML_DIRECTOR))
    with pytest.raises(StaleEdit):
        save_action_edit(
            action, 1, {"title": "Second", "priority": Priority.HIGH}, user=world.user(Role.ML_STAFF)
        )
    action.refresh_from_db()
    assert (action.title, action.priority, action.version) == ("Premier", Priority.MEDIUM, 2)
    assert _log(action) == [("title", "Former l'équipe à l'accueil", "Premier")]


def test_done_then_reopened(world):
    action = ml_action(world, progress=40)
    save_action_edit(action, 1, {"status": Status.DONE}, user=world.user(Role.ML_STAFF))
    action.refresh_from_db()
    assert (action.completed_on, action.progress) == (timezone.localdate(), 100)
    save_action_edit(
        action, 2, {"status": Status.IN_PROGRESS, "progress": 90}, user=world.user(Role.ML_STAFF)
    )
    action.refresh_from_db()
    assert (action.completed_on, action.progress, action.status) == (None, 90, Status.IN_PROGRESS)
    assert ("status", "Réalisée", "En cours") in _log(action)


def test_invalid_edit_changes_nothing(world):
    action = ml_action(world)
    with pytest.raises(ValidationError):
        save_action_edit(
            action, 1, {"owner": world.user("OTHER_ML_DIRECTOR")}, user=world.user(Role.ML_STAFF)
        )
    with pytest.raises(ValidationError):
        save_action_edit(action, 1, {"progress": 150}, user=world.user(Role.ML_STAFF))
    action.refresh_from_db()
    assert (action.owner, action.progress, action.version, _log(action)) == (None, 0, 1, [])


def test_former_owner_may_stay_on_an_edited_action(world):
    staff = world.user(Role.ML_STAFF)
    action = ml_action(world, owner=staff)
    staff.memberships.update(is_active=False)
    save_action_edit(action, 1, {"title": "Renommée", "owner": staff}, user=world.user(Role.ML_DIRECTOR))
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Renommée", staff)


def test_note_records_progress_and_logs_the_change(world):
    action = ml_action(world)
    note = add_note(
        action, user=world.user(Role.ML_STAFF), text="Réunion faite.", progress=25, expected_version=1
    )
    action.refresh_from_db()
    assert (note.progress, action.progress, action.version) == (25, 25, 2)
    assert _log(action) == [("progress", "0 %", "25 %")]
    # A note that keeps the progress needs no lock and changes nothing else.
    add_note(action, user=world.user(Role.ML_STAFF), text="Rien de neuf.", progress=25, expected_version=1)
    action.refresh_from_db()
    assert action.version == 2 and ActionNote.objects.count() == 2


def test_note_with_a_stale_progress_is_refused(world):
    action = ml_action(world)
    save_action_edit(action, 1, {"progress": 50}, user=world.user(Role.ML_DIRECTOR))
    with pytest.raises(StaleEdit):
        add_note(
            action, user=world.user(Role.ML_STAFF), text="Je croyais 10.", progress=10, expected_version=1
        )
    action.refresh_from_db()
    assert action.progress == 50 and not ActionNote.objects.exists()


def test_actions_by_requirement_in_one_query_for_a_whole_framework(world):
    version = load_ml_framework()
    first, second = requirement("ML-2030-1.1.2"), requirement("ML-2030-2.1.1.1")
    a = ml_action(world, title="A", requirements=[first, second], owner=world.user(Role.ML_QUALITY))
    b = ml_action(world, title="B", requirements=[first], due_in_days=-2)
    make_action(world.ml2, title="Autre ML", requirements=[first])
    with CaptureQueriesContext(connection) as queries:
        linked = actions_by_requirement(world.ml, FrameworkVersion.objects.get(pk=version.pk))
        summary = {
            pk: [(x.title, x.owner_name, x.is_overdue, x.get_absolute_url()) for x in actions]
            for pk, actions in linked.items()
        }
    assert len(queries) == 2  # the version above, then the links with their actions and owners
    assert summary[first.pk] == [
        ("B", "", True, f"/plan-amelioration/ML-A1/actions/{b.pk}/"),
        ("A", "Prénom ml_quality", False, f"/plan-amelioration/ML-A1/actions/{a.pk}/"),
    ]
    assert [t for t, *_ in summary[second.pk]] == ["A"]
    assert list(actions_by_requirement(world.ml, requirement_ids=[second.pk])) == [second.pk]


def test_create_action_url():
    structure = Structure(code="ML-A1", type=StructureType.ML)
    assert create_action_url(structure) == "/plan-amelioration/ML-A1/nouvelle/"
    assert (
        create_action_url(structure, 12, return_to="/auto-evaluation/1/?p=2", source="Auto-évaluation 2026")
        == "/plan-amelioration/ML-A1/nouvelle/?exigence=12&retour=%2Fauto-evaluation%2F1%2F%3Fp%3D2"
        "&origine=Auto-%C3%A9valuation+2026"
    )


def test_counts_and_summaries(world):
    ml_action(world, due_in_days=-1)
    ml_action(world, due_in_days=0)
    ml_action(world, status=Status.DONE)
    make_action(world.ml2, status=Status.ABANDONED, due_in_days=-10)
    counts = status_counts(ImprovementAction.objects.for_structure(world.ml))
    assert (counts.total, counts.planned, counts.done, counts.overdue, counts.open) == (3, 2, 1, 1, 2)
    assert overdue_actions(world.ml)[0] == 1
    rows = {row.structure.code: row.counts for row in plan_summaries(Structure.objects.ml())}
    assert (rows["ML-A1"].total, rows["ML-A2"].abandoned, rows["ML-A2"].overdue, rows["ML-B1"].total) == (
        3,
        1,
        0,
        0,
    )
    regions = {
        r.structure.code: r.counts for r in plan_summaries(Structure.objects.arml(), through_children=True)
    }
    assert (regions["ARML-A"].total, regions["ARML-A"].overdue, regions["ARML-B"].total) == (4, 1, 0)


def test_region_summaries_take_a_constant_number_of_queries(world):
    def run() -> int:
        with CaptureQueriesContext(connection) as queries:
            plan_summaries(Structure.objects.ml().filter(parent=world.arml))
        return len(queries)

    before = run()
    for index in range(5):
        ml = make_structure(f"ML-A{index + 3}", StructureType.ML, world.arml)
        make_action(ml)
    assert run() == before == 1
