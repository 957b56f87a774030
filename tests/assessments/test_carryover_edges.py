"""Edge cases of the carry-over to a new framework version (issue 20): a version without a previous
one, a structure whose last submission is on an older version, a later campaign on the same new
version, answers given while the job runs, a second worker with a stale list, confirming one part,
and the migration report asked for versions that do not follow each other."""

from __future__ import annotations

import copy
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments.carried import carried_view, confirm
from mlplatform.assessments.carryover import carry_over, migration_report
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.jobs import needs_carryover, run_job
from mlplatform.assessments.models import (
    Answer,
    AnswerEvidence,
    Assessment,
    Campaign,
    CarriedAnswer,
    CarryKind,
    Carryover,
    CarryoverJob,
)
from mlplatform.assessments.services import AnswerInput, save_answer
from mlplatform.improvement.models import ActionChange, ImprovementAction, TrackedField
from mlplatform.improvement.services import save_action_edit

from ..factories import login
from .carryover_world import action, answered_on_old_version, load_data, open_new_campaign, ref, successor
from .factories import answer_all, assessment_of, load_ml_framework, ml_framework, open_campaign

Through = ImprovementAction.requirements.through


@pytest.fixture
def carried(world):
    return answered_on_old_version(world)


def _submit(assessment: Assessment, user) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=user
    )


def _close(campaign: Campaign, days_ago: int) -> None:
    """Move a campaign into the past (so that another one can open)."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=today - datetime.timedelta(days=days_ago),
        closes_on=today - datetime.timedelta(days=days_ago - 20),
    )


# A version without a previous one


def test_a_campaign_on_a_version_without_previous_version_carries_nothing(world):
    campaign = open_campaign(world, load_ml_framework("2035"))
    assert not needs_carryover(campaign)
    assert not CarryoverJob.objects.filter(campaign=campaign).exists()
    assert not Carryover.objects.filter(assessment__campaign=campaign).exists()
    assert carried_view(assessment_of(campaign, world.ml)) is None


# Where each structure starts from


def test_a_structure_whose_last_submission_is_on_an_older_version_starts_from_nothing(world):
    """2029 -> 2030 -> 2031: ML-A1 submitted on 2029 only, ML-A2 on 2029 and 2030. Opening 2031
    carries ML-A2's 2030 answers; ML-A1's 2029 ones are not proposed (nothing on 2030, the version
    2031 follows), and the report counts the same."""
    oldest = ml_framework("2029", requirements=3)
    middle = ml_framework("2030", requirements=3)
    middle["previous_version"] = "2029"
    newest = successor(copy.deepcopy(middle), "2031", 3)
    v2029, v2030, v2031 = (load_data(data) for data in (oldest, middle, newest))
    quality = world.user(Role.ML_QUALITY)
    first = open_campaign(world, v2029, name="Campagne 2029")
    for structure in (world.ml, world.ml2):
        assessment = assessment_of(first, structure)
        answer_all(assessment, quality, level=3)
        _submit(assessment, quality)
    _close(first, 800)
    second = open_campaign(world, v2030, name="Campagne 2030")
    ml2_2030 = assessment_of(second, world.ml2)
    answer_all(ml2_2030, quality, level=1)
    _submit(ml2_2030, quality)
    _close(second, 400)

    report = migration_report(v2030, v2031).total.as_dict()
    assert report["answers"] == {"carried": 13, "to_review": 1, "dropped": 2}  # ML-A2's only
    third = open_campaign(world, v2031, name="Campagne 2031")
    mine = assessment_of(third, world.ml)
    assert Carryover.objects.get(assessment=mine).source is None
    assert not CarriedAnswer.objects.filter(assessment=mine).exists() and carried_view(mine) is None
    theirs = assessment_of(third, world.ml2)
    assert Carryover.objects.get(assessment=theirs).source == ml2_2030
    identical = CarriedAnswer.objects.filter(assessment=theirs, kind=CarryKind.IDENTICAL)
    assert identical.count() == 13 and set(identical.values_list("level", flat=True)) == {1}
    job = CarryoverJob.objects.get(campaign=third)
    assert job.summary["answers"] == report["answers"]


def test_a_later_campaign_on_the_same_version_does_not_carry_the_old_answers_again(carried, world):
    """Campaign 2031 carried the 2030 answers over; ML-A1 submitted on 2031 and decided to keep its
    flagged action. Campaign 2032, still on 2031: ML-A1 starts from its own 2031 answers, not from
    the 2030 ones, and its action is not flagged again; ML-A2, which did not submit on 2031, is
    proposed its 2030 answers again."""
    quality = world.user(Role.ML_QUALITY)
    first = open_new_campaign(world, carried)
    mine = assessment_of(first, world.ml)
    confirm(mine, quality, part_number="1")
    confirm(mine, quality, part_number="2")
    _submit(mine, quality)
    orphan = action("Action orpheline")
    save_action_edit(orphan, orphan.version, {"title": orphan.title}, user=world.user(Role.ML_DIRECTOR))
    _close(first, 60)
    decisions = ActionChange.objects.filter(field=TrackedField.TO_DECIDE).count()
    links = sorted(Through.objects.values_list("improvementaction_id", "requirement_id"))

    report = migration_report(carried.pair.old, carried.pair.new).total.as_dict()
    assert report["answers"] == {"carried": 13, "to_review": 1, "dropped": 2}  # ML-A2's only
    assert report["actions"] == {"relinked": 0, "orphaned": 0}
    later = open_campaign(world, carried.pair.new, name="Campagne 2032")
    again = assessment_of(later, world.ml)
    assert Carryover.objects.get(assessment=again).source is None
    assert not CarriedAnswer.objects.filter(assessment=again).exists()
    other = assessment_of(later, world.ml2)
    previous_ml2 = carried.old_campaign.assessments.get(structure=world.ml2)
    assert Carryover.objects.get(assessment=other).source == previous_ml2
    assert CarriedAnswer.objects.filter(assessment=other, kind=CarryKind.IDENTICAL).count() == 13
    orphan.refresh_from_db()
    assert orphan.to_decide == ""
    assert ActionChange.objects.filter(field=TrackedField.TO_DECIDE).count() == decisions
    assert sorted(Through.objects.values_list("improvementaction_id", "requirement_id")) == links
    summary = CarryoverJob.objects.get(campaign=later).summary
    assert summary["actions"] == {"relinked": 0, "orphaned": 0}
    assert summary["answers"] == report["answers"]


# Running it: concurrent edits, a second worker


def test_answers_given_while_the_job_runs_are_kept(carried, world, client, monkeypatch):
    monkeypatch.setattr("mlplatform.assessments.jobs.schedule_carryover", lambda campaign, user=None: None)
    campaign = open_new_campaign(world, carried)
    monkeypatch.undo()
    job = CarryoverJob.objects.create(campaign=campaign, created_by=campaign.created_by)  # queued
    assessment = assessment_of(campaign, world.ml)
    quality = world.user(Role.ML_QUALITY)
    login(client, quality)
    url = reverse("assessments:assessment", args=[assessment.pk])
    content = client.get(url, {"partie": "1"}).content.decode()
    assert "Reprise en cours" in content and "Confirmer la reprise" not in content
    requirement = ref(carried.pair.new, "1.1.3")
    given = save_answer(
        assessment,
        requirement,
        AnswerInput(3, False, "", "Pendant la reprise"),
        expected_version=0,
        user=quality,
    )

    assert run_job(job.pk).status == CarryoverJob.Status.SUCCEEDED
    answer = Answer.objects.get(assessment=assessment, requirement=requirement)
    assert (answer.level, answer.comment, answer.version) == (3, "Pendant la reprise", given.version)
    row = carried_view(Assessment.objects.get(pk=assessment.pk)).rows[requirement.pk]
    assert row.answered and not row.pending
    assert confirm(assessment, quality, part_number="1") == 5
    assert Answer.objects.get(pk=answer.pk).level == 3
    content = client.get(url, {"partie": "1"}).content.decode()
    assert "Reprise en cours" not in content and "Reprise de « Campagne 2030 »" in content


def test_without_a_job_under_way_the_page_does_not_say_the_carry_over_runs(
    carried, world, client, monkeypatch
):
    monkeypatch.setattr("mlplatform.assessments.jobs.schedule_carryover", lambda campaign, user=None: None)
    campaign = open_new_campaign(world, carried)
    login(client, world.user(Role.ML_QUALITY))
    url = reverse("assessments:assessment", args=[assessment_of(campaign, world.ml).pk])
    assert "Reprise en cours" not in client.get(url).content.decode()


def test_a_second_worker_with_a_stale_list_adds_nothing(carried, world, monkeypatch):
    campaign = open_new_campaign(world, carried)
    stale = list(
        Assessment.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", "structure_id", "structure__type", "framework_version_id")
    )

    def state():
        return (
            CarriedAnswer.objects.count(),
            Carryover.objects.count(),
            ActionChange.objects.count(),
            sorted(Through.objects.values_list("improvementaction_id", "requirement_id")),
        )

    before = state()
    monkeypatch.setattr("mlplatform.assessments.carryover.pending_assessments", lambda campaign: stale)
    with pytest.raises(IntegrityError):
        carry_over(campaign)
    assert state() == before


# Confirming a whole part


def test_confirming_a_part_takes_only_its_identical_answers(carried, world):
    assessment = assessment_of(open_new_campaign(world, carried), world.ml)
    assert confirm(assessment, world.user(Role.ML_QUALITY), part_number="1") == 6
    answered = set(Answer.objects.filter(assessment=assessment).values_list("requirement__ref", flat=True))
    assert answered == {
        f"ML-2031-{local}" for local in ("1.1.1", "1.1.1.1", "1.1.3", "1.2.1", "1.2.1.1", "1.2.2")
    }  # not 1.1.2 (changed), nothing of part 2
    linked = set(
        AnswerEvidence.objects.filter(assessment=assessment).values_list("requirement__ref", flat=True)
    )
    assert linked == {"ML-2031-1.1.1"}  # the changed requirement's evidence waits for « garder »
    changed = CarriedAnswer.objects.get(assessment=assessment, kind=CarryKind.CHANGED)
    assert changed.confirmed_at is None and changed.evidence_kept_at is None
    untouched = CarriedAnswer.objects.filter(assessment=assessment).exclude(
        kind=CarryKind.IDENTICAL, requirement__commitment__part__number="1"
    )
    assert not untouched.exclude(confirmed_at=None).exists()


# The report's command


def test_the_report_command_refuses_versions_that_do_not_follow_each_other(carried):
    with pytest.raises(CommandError, match="ne suit aucune version"):
        call_command("frameworks", "migration-report", "ML", "--from", "2031", "--to", "2030")
    with pytest.raises(CommandError, match="introuvable"):
        call_command("frameworks", "migration-report", "ML", "--from", "2030", "--to", "2099")
    out = StringIO()
    call_command("frameworks", "migration-report", "ML", "--from", "2030", "--to", "2031", stdout=out)
    report = json.loads(out.getvalue())
    assert list(report) == ["from", "to", "requirements", "answers", "evidence_links", "actions"]
    assert list(report["requirements"]) == ["identical", "changed", "added", "removed"]
    assert list(report["answers"]) == ["carried", "to_review", "dropped"]
    assert list(report["evidence_links"]) == ["carried", "to_review"]
    assert list(report["actions"]) == ["relinked", "orphaned"]


def test_the_report_command_names_the_version_followed(world):
    oldest = ml_framework("2029", requirements=3)
    middle = ml_framework("2030", requirements=3)
    middle["previous_version"] = "2029"
    for data in (oldest, middle, successor(copy.deepcopy(middle), "2031", 3)):
        load_data(data)
    with pytest.raises(CommandError, match="fait suite à la version 2030, pas la version 2029"):
        call_command("frameworks", "migration-report", "ML", "--from", "2029", "--to", "2031")
