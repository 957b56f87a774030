"""Carry-over of answers, evidence and improvement actions to a new version of a framework (issue 20),
on a hand-built pair of versions (carryover_world.py) covering every case."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments.carried import carried_view, confirm, keep_evidence
from mlplatform.assessments.carryover import carry_over, migration_report
from mlplatform.assessments.grid import current_scores
from mlplatform.assessments.models import (
    Answer,
    AnswerChange,
    AnswerEvidence,
    Assessment,
    CarriedAnswer,
    CarryKind,
    Carryover,
    CarryoverJob,
)
from mlplatform.assessments.results import assessment_results
from mlplatform.assessments.services import AssessmentRefused
from mlplatform.frameworks.diff import ADDED, CHANGED, IDENTICAL, REMOVED, pair_versions
from mlplatform.improvement.models import ActionChange, TrackedField
from mlplatform.improvement.services import save_action_edit

from ..factories import make_structure
from .carryover_world import action, answered_on_old_version, load_pair, open_new_campaign, ref
from .factories import assessment_of


@pytest.fixture
def carried(world):
    return answered_on_old_version(world)


@pytest.fixture
def new_assessment(carried, world):
    campaign = open_new_campaign(world, carried)
    return assessment_of(campaign, world.ml)


def kinds(assessment: Assessment) -> dict[str, str]:
    """Reference -> kind of each carried row (the old reference for a removed requirement)."""
    rows = CarriedAnswer.objects.filter(assessment=assessment).select_related(
        "requirement", "previous_requirement"
    )
    return {(row.requirement or row.previous_requirement).ref: row.kind for row in rows}


# The pairing (one function: comparison page, carry-over, report, results)


def test_the_pairing_covers_every_case(db):
    pair = load_pair()
    pairing = pair_versions(pair.old, pair.new)
    statuses = {
        (row.old.ref if row.old else None, row.new.ref if row.new else None): row.status
        for row in pairing.rows
    }
    assert statuses[("ML-2030-1.1.2", "ML-2031-1.1.2")] == CHANGED
    assert statuses[("ML-2030-1.2.3", None)] == REMOVED
    assert statuses[("ML-2030-2.1.2", None)] == REMOVED  # its number is reused: removed all the same
    assert statuses[("ML-2030-2.1.3", "ML-2031-2.1.2")] == IDENTICAL  # remapped under a new number
    assert statuses[(None, "ML-2031-2.2.4")] == ADDED
    assert statuses[("ML-2030-1.1.1.1", "ML-2031-1.1.1.1")] == IDENTICAL
    renumbered = [row for row in pairing.rows if row.renumbered]
    assert [(row.old.ref, row.new.ref) for row in renumbered] == [("ML-2030-2.1.3", "ML-2031-2.1.2")]
    assert pairing.counts() == {"identical": 13, "changed": 1, "added": 1, "removed": 2}


def test_comparison_page_shows_the_renumbered_requirement(world, client):
    from ..factories import login

    load_pair()
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get(
        "/referentiels/ML/comparer/", {"de": "2030", "a": "2031", "tout": "1"}
    ).content.decode()
    assert "renumérotée" in content and "2 exigences supprimées" in content


# The carry-over itself


def test_each_structure_starts_from_its_last_submitted_assessment(carried, new_assessment, world):
    identical = ("1.1.1", "1.1.1.1", "1.1.3", "1.2.1", "1.2.1.1", "1.2.2", "2.1.1", "2.1.1.1", "2.1.2")
    identical += ("2.2.1", "2.2.1.1", "2.2.2", "2.2.3")  # 2.1.2: the old 2.1.3 under its new number
    assert kinds(new_assessment) == {
        **{f"ML-2031-{local}": CarryKind.IDENTICAL for local in identical},
        "ML-2031-1.1.2": CarryKind.CHANGED,
        "ML-2031-2.2.4": CarryKind.ADDED,
        "ML-2030-1.2.3": CarryKind.REMOVED,
        "ML-2030-2.1.2": CarryKind.REMOVED,
    }
    remapped = CarriedAnswer.objects.get(
        assessment=new_assessment, requirement=ref(carried.pair.new, "2.1.2")
    )
    assert remapped.previous_requirement == ref(carried.pair.old, "2.1.3")
    assert remapped.comment == "Commentaire sur ML-2030-2.1.3" and remapped.level == 2
    removed = CarriedAnswer.objects.filter(assessment=new_assessment, kind=CarryKind.REMOVED)
    assert {row.previous_requirement.ref for row in removed} == {"ML-2030-1.2.3", "ML-2030-2.1.2"}
    # ML-B1 had nothing submitted: it starts from nothing, and is marked done all the same.
    other = Assessment.objects.get(campaign=new_assessment.campaign, structure=world.other_ml)
    assert not CarriedAnswer.objects.filter(assessment=other).exists()
    assert Carryover.objects.get(assessment=other).source is None
    assert Carryover.objects.get(assessment=new_assessment).source == carried.previous


def test_proposals_count_only_once_confirmed(carried, new_assessment, world):
    assert not Answer.objects.filter(assessment=new_assessment).exists()
    scores = current_scores(new_assessment)
    assert scores.tally.rated == 0 and scores.tally.missing == scores.tally.requirements
    view = carried_view(new_assessment)
    assert view.pending == 13 and {part.number: n for part, n in view.pending_parts} == {"1": 6, "2": 7}
    row = view.rows[ref(carried.pair.new, "1.1.1").pk]
    assert row.pending and row.first.level_text == "Non applicable" and row.source_name == "Campagne 2030"
    assert [e.title for e in row.first.evidence] == ["Preuve 1.1.1"]


def test_confirming_one_answer(carried, new_assessment, world):
    user = world.user(Role.ML_STAFF)
    requirement = ref(carried.pair.new, "1.1.1")
    assert confirm(new_assessment, user, requirement_id=requirement.pk) == 1
    answer = Answer.objects.get(assessment=new_assessment, requirement=requirement)
    assert answer.not_applicable and answer.justification == "Sans objet ici." and answer.updated_by == user
    change = AnswerChange.objects.get(answer=answer)
    assert change.before is None and change.after["not_applicable"] is True and change.user == user
    assert list(
        AnswerEvidence.objects.filter(assessment=new_assessment).values_list(
            "requirement__ref", "evidence__title"
        )
    ) == [("ML-2031-1.1.1", "Preuve 1.1.1")]
    assert current_scores(new_assessment).tally.not_applicable == 1
    # Confirming again changes nothing; a changed requirement is never confirmed as it was.
    assert confirm(new_assessment, user, requirement_id=requirement.pk) == 0
    assert confirm(new_assessment, user, requirement_id=ref(carried.pair.new, "1.1.2").pk) == 0
    assert not Answer.objects.filter(assessment=new_assessment, requirement__ref="ML-2031-1.1.2").exists()
    assert carried_view(Assessment.objects.get(pk=new_assessment.pk)).pending == 12


def test_confirming_a_whole_part(carried, new_assessment, world):
    assert confirm(new_assessment, world.user(Role.ML_QUALITY), part_number="2") == 7
    answered = set(
        Answer.objects.filter(assessment=new_assessment).values_list("requirement__ref", flat=True)
    )
    assert answered == {
        f"ML-2031-{local}" for local in ("2.1.1", "2.1.1.1", "2.1.2", "2.2.1", "2.2.1.1", "2.2.2", "2.2.3")
    }
    assert Answer.objects.get(assessment=new_assessment, requirement__ref="ML-2031-2.1.2").comment == (
        "Commentaire sur ML-2030-2.1.3"
    )
    assert AnswerChange.objects.filter(answer__assessment=new_assessment).count() == 7
    view = carried_view(Assessment.objects.get(pk=new_assessment.pk))
    assert [(part.number, n) for part, n in view.pending_parts] == [("1", 6)]


def test_an_answer_given_anew_is_not_overwritten(carried, new_assessment, world):
    from mlplatform.assessments.services import AnswerInput, save_answer

    user = world.user(Role.ML_QUALITY)
    requirement = ref(carried.pair.new, "1.1.3")
    save_answer(
        new_assessment, requirement, AnswerInput(3, False, "", "Mieux"), expected_version=0, user=user
    )
    assert confirm(new_assessment, user, part_number="1") == 5
    assert Answer.objects.get(assessment=new_assessment, requirement=requirement).level == 3


def test_nothing_is_confirmed_once_the_campaign_is_closed(carried, new_assessment, world):
    campaign = new_assessment.campaign
    campaign.closes_on = campaign.opens_on = timezone.localdate() - timezone.timedelta(days=1)
    campaign.save()
    with pytest.raises(AssessmentRefused):
        confirm(Assessment.objects.get(pk=new_assessment.pk), world.user(Role.ML_QUALITY), part_number="1")


def test_changed_requirement_keeps_its_evidence_in_one_click(carried, new_assessment, world):
    requirement = ref(carried.pair.new, "1.1.2")
    row = carried_view(new_assessment).rows[requirement.pk]
    assert row.kind == CarryKind.CHANGED and not row.pending
    assert row.first.carried.previous_requirement.text == "Exigence 1.1.2."
    assert [e.title for e in row.evidence_to_keep] == ["Preuve 1.1.2"]
    assert keep_evidence(new_assessment, requirement.pk, world.user(Role.ML_STAFF)) == 1
    assert AnswerEvidence.objects.filter(assessment=new_assessment, requirement=requirement).count() == 1
    assert keep_evidence(new_assessment, requirement.pk, world.user(Role.ML_STAFF)) == 0
    assert (
        carried_view(Assessment.objects.get(pk=new_assessment.pk)).rows[requirement.pk].evidence_to_keep == []
    )


def test_what_disappears_is_listed_with_the_answers(carried, new_assessment):
    view = carried_view(new_assessment)
    removed = {entry.carried.previous_requirement.ref: entry for entry in view.removed}
    assert set(removed) == {"ML-2030-1.2.3", "ML-2030-2.1.2"}
    assert removed["ML-2030-1.2.3"].level_text == "2 — Mis en œuvre"
    assert [e.title for e in removed["ML-2030-1.2.3"].evidence] == ["Preuve 1.2.3"]
    assert view.counts[CarryKind.REMOVED] == 2 and view.counts[CarryKind.ADDED] == 1


def test_the_previous_assessment_is_unchanged(carried, world):
    def snapshot():
        previous = Assessment.objects.get(pk=carried.previous.pk)
        return (
            (previous.status, previous.submitted_at, previous.updated_at),
            sorted(
                Answer.objects.filter(assessment=previous).values_list(
                    "requirement_id", "level", "comment", "version"
                )
            ),
            sorted(
                AnswerEvidence.objects.filter(assessment=previous).values_list(
                    "requirement_id", "evidence_id"
                )
            ),
            AnswerChange.objects.filter(answer__assessment=previous).count(),
        )

    before = snapshot()
    campaign = open_new_campaign(world, carried)
    confirm(assessment_of(campaign, world.ml), world.user(Role.ML_QUALITY), part_number="1")
    assert snapshot() == before


def test_levels_of_another_scale_are_not_carried_as_they_are(world):
    pair = load_pair(rating_scale=[{"value": v, "label": f"Niveau {v}"} for v in range(5)])
    assert pair_versions(pair.old, pair.new).same_scale is False
    from mlplatform.assessments.carryover import VersionPlan

    proposals = VersionPlan(pair.old, pair.new).proposals("ML", {}, {})
    assert {p.kind for p in proposals} == {CarryKind.CHANGED, CarryKind.ADDED, CarryKind.REMOVED}


# Improvement actions


def test_actions_are_relinked_or_flagged(carried, new_assessment, world):
    relinked = action("Action reliée")
    assert list(relinked.requirements.values_list("ref", flat=True)) == ["ML-2031-1.1.2"]
    change = ActionChange.objects.get(action=relinked)
    assert (change.field, change.before, change.after) == (
        TrackedField.REQUIREMENTS,
        "ML-2030-1.1.2",
        "ML-2031-1.1.2",
    )
    assert change.author == new_assessment.campaign.created_by and relinked.version == 2
    orphan = action("Action orpheline")
    assert sorted(orphan.requirements.values_list("ref", flat=True)) == ["ML-2030-1.2.3", "ML-2031-1.1.3"]
    assert "n'existe plus dans la version 2031" in orphan.to_decide
    logged = {c.field: c for c in ActionChange.objects.filter(action=orphan)}
    assert logged[TrackedField.TO_DECIDE].after.startswith("ML-2030-1.2.3 : ")
    assert logged[TrackedField.REQUIREMENTS].after == "ML-2030-1.2.3, ML-2031-1.1.3"
    closed = action("Action close")  # done: left alone
    assert not closed.to_decide and list(closed.requirements.values_list("ref", flat=True)) == [
        "ML-2030-1.2.3"
    ]


def test_saving_a_flagged_action_records_the_decision(carried, new_assessment, world):
    orphan = action("Action orpheline")
    save_action_edit(orphan, orphan.version, {"title": orphan.title}, user=world.user(Role.ML_DIRECTOR))
    orphan.refresh_from_db()
    assert orphan.to_decide == ""
    last = ActionChange.objects.filter(action=orphan, field=TrackedField.TO_DECIDE).order_by("-pk").first()
    assert last.after == "" and last.author == world.user(Role.ML_DIRECTOR)


# Running it: background job, idempotence, structures added later


def test_the_job_runs_in_the_background_with_its_summary(carried, new_assessment):
    job = CarryoverJob.objects.get(campaign=new_assessment.campaign)
    assert job.status == CarryoverJob.Status.SUCCEEDED and job.progress == 100
    assert job.summary == {
        "structures": 2,
        "answers": {"carried": 26, "to_review": 2, "dropped": 4},
        "evidence_links": {"carried": 1, "to_review": 1},
        "actions": {"relinked": 2, "orphaned": 1},
    }


def test_running_again_carries_nothing_twice(carried, new_assessment, world):
    count = CarriedAnswer.objects.count()
    assert carry_over(new_assessment.campaign).structures == 0
    assert CarriedAnswer.objects.count() == count
    # A structure added to the directory since gets its carry-over when the campaign is edited.
    from mlplatform.assessments.services import ensure_assessments

    make_structure("ML-A3", "ML", world.arml)
    assert ensure_assessments(new_assessment.campaign) == 1
    assert Carryover.objects.filter(assessment__structure__code="ML-A3", source__isnull=True).exists()
    assert CarryoverJob.objects.filter(campaign=new_assessment.campaign).count() == 2


def test_an_error_is_retried_then_kept_with_its_reason(carried, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr("mlplatform.assessments.jobs.carry_over", broken)
    campaign = open_new_campaign(world, carried)
    job = CarryoverJob.objects.get(campaign=campaign)
    assert job.status == CarryoverJob.Status.FAILED and "RuntimeError" in job.error


# Migration report


def test_migration_report_counts_what_the_carry_over_carries(carried, world):
    out = StringIO()
    call_command("frameworks", "migration-report", "ML", "--from", "2030", "--to", "2031", stdout=out)
    report = json.loads(out.getvalue())
    assert report == {
        "from": "2030",
        "to": "2031",
        "requirements": {"identical": 13, "changed": 1, "added": 1, "removed": 2},
        "answers": {"carried": 26, "to_review": 2, "dropped": 4},
        "evidence_links": {"carried": 1, "to_review": 1},
        "actions": {"relinked": 2, "orphaned": 1},
    }
    # The same figures as the carry-over then finds, region by region.
    regions = {
        r.name: r.counts.as_dict() for r in migration_report(carried.pair.old, carried.pair.new).regions
    }
    assert regions["ARML Alpha"]["structures"] == 2 and regions["ARML Bêta"]["structures"] == 0
    campaign = open_new_campaign(world, carried)
    summary = CarryoverJob.objects.get(campaign=campaign).summary
    assert {key: summary[key] for key in ("answers", "evidence_links", "actions")} == {
        key: report[key] for key in ("answers", "evidence_links", "actions")
    }


# Results across versions


def test_results_compare_through_the_mapping(carried, new_assessment, world):
    confirm(new_assessment, world.user(Role.ML_QUALITY), part_number="2")
    results = assessment_results(new_assessment)
    assert results["previous"] == carried.previous and results["across_versions"]
    rows = {row.number: row for row in results["rows"]}
    assert rows["2.1"].previous == pytest.approx(2 / 3) and rows["2.1"].score == pytest.approx(2 / 3)
    assert rows["2.1"].note == "Engagement modifié : 1 exigence supprimée."
    assert rows["1.1"].note == "Engagement modifié : 1 exigence modifiée."
    assert rows["2.2"].note == "Engagement modifié : 1 exigence ajoutée."
    assert rows["1.2"].note == "Engagement modifié : 1 exigence supprimée."


def test_evidence_suggestions_follow_the_pairing(carried, new_assessment):
    from mlplatform.assessments.evidence_links import previous_suggestions

    changed = ref(carried.pair.new, "1.1.2")
    assert [e.title for e in previous_suggestions(new_assessment, changed, set())] == ["Preuve 1.1.2"]
    added = ref(carried.pair.new, "2.2.4")
    assert previous_suggestions(new_assessment, added, set()) == []
