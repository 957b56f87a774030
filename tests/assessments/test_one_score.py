"""One score per assessment: the results page, the assessment page and the heat maps agree.

The formula averages parts (each the mean of its commitments), not commitments: with a part whose
commitments are not all scored, the two differ, and the heat maps used to show the other one.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments.grid import current_scores
from mlplatform.assessments.heatmap import national_heatmap, region_heatmap
from mlplatform.assessments.models import Answer
from mlplatform.assessments.scoring import summarise

from ..factories import login
from .factories import assessment_of, open_campaign


def _uneven(assessment, user) -> None:
    """Part 1: commitment 1.1 at the top level, 1.2 unanswered; part 2: everything at 0."""
    max_level = assessment.framework_version.max_level
    now = timezone.now()
    answers = []
    for requirement in assessment.framework_version.requirements.select_related("commitment"):
        ref = requirement.commitment.ref
        if ref.endswith("-1.2"):
            continue
        level = max_level if ref.endswith("-1.1") else 0
        answers.append(
            Answer(
                assessment=assessment, requirement=requirement, level=level, updated_by=user, updated_at=now
            )
        )
    Answer.objects.bulk_create(answers)


def test_every_page_shows_the_same_score(world, client):
    campaign = open_campaign(world)
    assessment = assessment_of(campaign, world.ml)
    _uneven(assessment, world.user(Role.ML_QUALITY))
    score = current_scores(assessment).score
    assert score == 0.5  # parts 100 % and 0 %; the mean of commitments would say 33 %
    (summary,) = summarise(type(assessment).objects.filter(pk=assessment.pk))
    assert summary.score == score
    row = next(r for r in region_heatmap(campaign, world.arml).rows if r.label == world.ml.name)
    assert row.score == score
    login(client, world.user(Role.ARML_REFERENT))
    for url in (
        reverse("assessments:results", args=[assessment.pk]),
        reverse("assessments:region", kwargs={"pk": campaign.pk, "code": world.arml.code}),
    ):
        page = client.get(url).content.decode()
        assert "50\u00a0%" in page or "50 %" in page, url
        assert "33\u00a0%" not in page and "33 %" not in page, url


def test_the_national_heat_map_averages_the_same_scores(world):
    campaign = open_campaign(world)
    assessment = assessment_of(campaign, world.ml)
    _uneven(assessment, world.user(Role.ML_QUALITY))
    type(assessment).objects.filter(pk=assessment.pk).update(status="SUBMITTED", submitted_at=timezone.now())
    row = next(r for r in national_heatmap(campaign).rows if r.label == world.arml.region)
    assert row.score == current_scores(assessment).score
