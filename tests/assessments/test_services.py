"""Answers, history, concurrency, workflow and scores of the self-assessment."""

from __future__ import annotations

import pytest
from django.core import mail

from mlplatform.accounts.enums import Role
from mlplatform.assessments import services
from mlplatform.assessments.enums import AssessmentStatus, EventKind
from mlplatform.assessments.grid import current_scores
from mlplatform.assessments.models import Answer, AnswerChange
from mlplatform.assessments.scoring import benchmarks
from mlplatform.assessments.services import AnswerInput, AssessmentRefused, StaleAnswer

from ..factories import make_structure, make_user
from .factories import answer_all, assessment_of, first_requirement, open_campaign


def level(value: int | None, comment: str = "") -> AnswerInput:
    return AnswerInput(level=value, not_applicable=False, justification="", comment=comment)


@pytest.fixture
def campaign(world):
    return open_campaign(world)


@pytest.fixture
def assessment(campaign, world):
    return assessment_of(campaign, world.ml)


def test_opening_a_campaign_gives_every_open_ml_its_assessment(campaign, world):
    structures = set(campaign.assessments.values_list("structure__code", flat=True))
    assert structures == {"ML-A1", "ML-A2", "ML-B1"}  # no ML framework for the ARML and UNML: none for them


def test_first_save_creates_the_answer_and_its_history(assessment, world):
    user = world.user(Role.ML_QUALITY)
    requirement = first_requirement(assessment)
    answer = services.save_answer(assessment, requirement, level(2, "Fait"), expected_version=0, user=user)
    assert (answer.level, answer.comment, answer.version) == (2, "Fait", 1)
    change = AnswerChange.objects.get(answer=answer)
    assert change.before is None and change.after["level"] == 2 and change.user == user


def test_each_change_is_kept_with_before_and_after(assessment, world):
    user = world.user(Role.ML_QUALITY)
    requirement = first_requirement(assessment)
    services.save_answer(assessment, requirement, level(1), expected_version=0, user=user)
    answer = services.save_answer(assessment, requirement, level(3), expected_version=1, user=user)
    assert answer.version == 2
    latest = AnswerChange.objects.filter(answer=answer).first()
    assert (latest.before["level"], latest.after["level"]) == (1, 3)
    # Saving the same thing again records nothing.
    services.save_answer(assessment, requirement, level(3), expected_version=2, user=user)
    assert AnswerChange.objects.filter(answer=answer).count() == 2


def test_a_stale_save_never_overwrites_the_other_answer(assessment, world):
    requirement = first_requirement(assessment)
    services.save_answer(
        assessment, requirement, level(1), expected_version=0, user=world.user(Role.ML_QUALITY)
    )
    with pytest.raises(StaleAnswer) as raised:
        services.save_answer(
            assessment, requirement, level(3), expected_version=0, user=world.user(Role.ML_STAFF)
        )
    assert raised.value.current.level == 1
    assert Answer.objects.get(assessment=assessment, requirement=requirement).level == 1


def test_not_applicable_needs_a_justification(assessment, world):
    requirement = first_requirement(assessment)
    data = AnswerInput(level=None, not_applicable=True, justification="  ", comment="")
    with pytest.raises(AssessmentRefused, match="justification"):
        services.save_answer(
            assessment, requirement, data, expected_version=0, user=world.user(Role.ML_QUALITY)
        )
    assert not Answer.objects.exists()


def test_a_level_outside_the_scale_is_refused(assessment, world):
    with pytest.raises(AssessmentRefused, match="échelle"):
        services.save_answer(
            assessment,
            first_requirement(assessment),
            level(7),
            expected_version=0,
            user=world.user(Role.ML_QUALITY),
        )


def test_an_unknown_requirement_is_refused(assessment, world):
    with pytest.raises(AssessmentRefused, match="ne fait pas partie"):
        services.check_requirement(assessment, 999_999)


def test_scores_follow_the_documented_formula(assessment, world):
    user = world.user(Role.ML_QUALITY)
    requirements = list(services.requirements_for(assessment.framework_version, "ML"))
    # Commitment 1.1 has 3 requirements (1.1.1, its child 1.1.1.1, 1.1.2): levels 3 and 1, one not applicable.
    services.save_answer(assessment, requirements[0], level(3), expected_version=0, user=user)
    services.save_answer(assessment, requirements[1], level(1), expected_version=0, user=user)
    na = AnswerInput(level=None, not_applicable=True, justification="Pas de public concerné", comment="")
    services.save_answer(assessment, requirements[2], na, expected_version=0, user=user)
    scores = current_scores(assessment)
    first = scores.by_commitment[requirements[0].commitment_id]
    assert first.score == pytest.approx((3 + 1) / (2 * 3))
    assert (first.tally.rated, first.tally.applicable) == (2, 2)
    part = scores.parts[0]
    # Part 1: commitment 1.1 scored, 1.2 unanswered (left out of the mean).
    assert part.score == pytest.approx(4 / 6)
    assert scores.score == pytest.approx(4 / 6)  # part 2 has no answer yet
    assert scores.tally.requirements == 12 and scores.tally.missing == 12 - 3


def test_submit_needs_every_applicable_requirement_answered(assessment, world):
    membership = world.user(Role.ML_QUALITY).active_membership()
    with pytest.raises(AssessmentRefused, match="sans réponse"):
        services.submit(assessment, membership, missing=current_scores(assessment).tally.missing)
    assert assessment.status == AssessmentStatus.IN_PROGRESS


def test_submit_locks_notifies_the_arml_referent_and_is_logged(assessment, world):
    answer_all(assessment, world.user(Role.ML_QUALITY))
    membership = world.user(Role.ML_QUALITY).active_membership()
    services.submit(assessment, membership, missing=current_scores(assessment).tally.missing)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == membership.user
    event = assessment.events.get()
    assert (event.kind, event.actor, event.actor_structure) == (
        EventKind.SUBMITTED,
        membership.user,
        world.ml,
    )
    assert mail.outbox[-1].to == [world.user(Role.ARML_REFERENT).email]
    with pytest.raises(AssessmentRefused, match="verrouillée"):
        services.save_answer(
            assessment, first_requirement(assessment), level(0), expected_version=1, user=membership.user
        )


def test_staff_cannot_submit(assessment, world):
    answer_all(assessment, world.user(Role.ML_STAFF))
    with pytest.raises(AssessmentRefused, match="Seule"):
        services.submit(assessment, world.user(Role.ML_STAFF).active_membership(), missing=0)


def test_reopen_needs_a_reason_and_the_right_referent(assessment, world):
    answer_all(assessment, world.user(Role.ML_QUALITY))
    services.submit(assessment, world.user(Role.ML_QUALITY).active_membership(), missing=0)
    other = world.user("OTHER_ARML_REFERENT").active_membership()
    with pytest.raises(AssessmentRefused):
        services.reopen(assessment, other, reason="Non")
    referent = world.user(Role.ARML_REFERENT).active_membership()
    with pytest.raises(AssessmentRefused, match="motif"):
        services.reopen(assessment, referent, reason=" ")
    services.reopen(assessment, referent, reason="Compléter la partie 2")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS and assessment.submitted_at is None
    assert assessment.events.first().reason == "Compléter la partie 2"
    assert world.user(Role.ML_QUALITY).email in mail.outbox[-1].to


def test_a_closed_campaign_refuses_answers(world):
    import datetime

    campaign = open_campaign(
        world, opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 3, 1), year=2020
    )
    assessment = assessment_of(campaign, world.ml)
    with pytest.raises(AssessmentRefused, match="pas ouverte"):
        services.save_answer(
            assessment,
            first_requirement(assessment),
            level(1),
            expected_version=0,
            user=world.user(Role.ML_QUALITY),
        )


def test_benchmarks_need_five_submitted_assessments(world, campaign):
    user = world.user(Role.ML_QUALITY)
    extra = [make_structure(f"ML-A{n}", "ML", world.arml, name=f"Mission Locale {n}") for n in range(3, 8)]
    services.ensure_assessments(campaign)
    for index, ml in enumerate([world.ml, *extra[:3]]):
        a = assessment_of(campaign, ml)
        answer_all(a, user, level=index % 4)
        a.status, a.submitted_at = AssessmentStatus.SUBMITTED, a.updated_at
        a.save()
    target = assessment_of(campaign, world.ml)
    marks = benchmarks(target)
    commitment = first_requirement(target).commitment_id
    assert marks.regional[commitment].contributors == 4 and not marks.regional[commitment].shown
    fifth = assessment_of(campaign, extra[3])
    answer_all(fifth, user, level=3)
    referent = make_user("ref5@test.example", Role.ML_QUALITY, extra[3])
    services.submit(fifth, referent.active_membership(), missing=0)
    marks = benchmarks(target)
    assert marks.regional[commitment].shown and marks.regional[commitment].contributors == 5
    # Levels 0, 1, 2, 3, 3 out of 3: the median is 2/3.
    assert marks.regional[commitment].median == pytest.approx(2 / 3)
