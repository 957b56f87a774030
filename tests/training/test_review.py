"""Every figure of the review on a hand-built year: one function for the page, the XLSX and the
``training review`` command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mlplatform.training.models import Evaluation, Headcount
from mlplatform.training.review import review

from .factories import action, attend, session


@pytest.fixture
def year_2022(world):
    arml, ml, ml2 = world.arml, world.ml, world.ml2
    for structure, total in ((arml, 10), (ml, 40), (ml2, 50), (world.other_ml, 1000)):
        Headcount.objects.create(structure=structure, year=2022, total=total)
    Headcount.objects.create(structure=ml, year=2021, total=999)  # another year: not counted
    accompagnement = action(arml, theme="accompagnement")
    s1, s2 = session(accompagnement, half_days=4, month=3), session(accompagnement, half_days=4, month=6)
    numerique = action(arml, theme="numerique", days="1")
    s3 = session(numerique, half_days=2)
    # Alice attends two sessions (one person), Bob's e-mail has capitals, Chloé never came.
    attend(s1, ml, "Alice Martin", "alice@test.example", 4)
    attend(s3, ml, "Alice Martin", "Alice@Test.example", 2)
    attend(s2, ml, "Bob Durand", "BOB@test.example", 3)
    attend(s1, ml2, "Chloé Petit", "chloe@test.example", 0)
    attend(s3, arml, "Dan Leroy", "dan@test.example", 2)
    # Another year and another region's plan are not this review's.
    attend(session(action(arml, year=2021), half_days=2), ml2, "Eve", "eve@test.example", 2)
    other = session(action(world.other_arml, theme="qualite"), half_days=2)
    attend(other, world.other_ml, "Fred", "fred@test.example", 2)
    # Opinions: three on this plan (2 satisfied, 3 finding it useful), one on the other region's.
    for held, satisfaction, usefulness in ((s1, 4, 3), (s1, 2, 4), (s3, 3, 3), (other, 1, 1)):
        Evaluation.objects.create(session=held, satisfaction=satisfaction, usefulness=usefulness)
    return world


def test_the_regional_review_counts_every_figure(year_2022, django_assert_num_queries):
    with django_assert_num_queries(8):
        figures = review(year_2022.arml, 2022)
    assert (figures.actions, figures.sessions) == (2, 3)
    assert figures.participants == 3  # Alice (twice), Bob, Dan; Chloé attended nothing
    assert figures.training_days == 5.0  # (4 + 4 + 2) half-days over the sessions
    assert figures.participant_days == 5.5  # (4 + 2 + 3 + 2) half-days attended
    assert figures.headcount == 100
    assert figures.staff_share == pytest.approx(0.03)
    assert (figures.mls_reached, figures.mls) == (1, 2)
    assert figures.mls_reached_share == 0.5
    assert {theme: row.as_dict() for theme, row in figures.by_theme.items()} == {
        "accompagnement": {"actions": 1, "sessions": 2, "participants": 2, "training_days": 4.0},
        "numerique": {"actions": 1, "sessions": 1, "participants": 2, "training_days": 1.0},
    }
    by_ml = {row.code: (row.participants, row.participant_days, row.headcount) for row in figures.by_ml}
    assert by_ml == {"ML-A1": (2, 4.5, 40), "ML-A2": (0, 0.0, 50)}
    assert figures.evaluations == 3
    assert figures.satisfied_share == pytest.approx(2 / 3) and figures.useful_share == 1.0


def test_the_national_review_adds_the_regions_up(year_2022):
    figures = review(year_2022.unml, 2022)
    assert (figures.actions, figures.sessions, figures.participants) == (3, 4, 4)
    assert figures.training_days == 6.0
    assert figures.headcount == 1100
    assert figures.staff_share == pytest.approx(4 / 1100)
    assert (figures.mls_reached, figures.mls) == (2, 3)


def test_without_headcount_or_actions_the_shares_are_none(world):
    figures = review(world.arml, 2030)
    assert (figures.actions, figures.participants, figures.staff_share) == (0, 0, None)
    assert (figures.evaluations, figures.satisfied_share) == (0, None)
    assert figures.mls_reached_share == 0.0


def test_the_command_prints_the_same_figures(year_2022):
    out = StringIO()
    call_command("training", "review", "--year", "2022", "--structure", "ARML-A", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == review(year_2022.arml, 2022).as_dict()
    assert printed["structure"] == "ARML-A" and printed["staff_share"] == pytest.approx(0.03)
    assert printed["mls_reached_share"] == 0.5 and printed["by_theme"]["numerique"]["participants"] == 2
    assert printed["satisfaction"]["answers"] == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "1999", "--structure", "ARML-A"], "Année invalide"),
        (["--year", "2022", "--structure", "NOPE"], "Aucune structure"),
        (["--year", "2022", "--structure", "ML-A1"], "n'organise pas"),
    ],
)
def test_the_command_refuses_bad_input(world, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("training", "review", *arguments, stdout=StringIO())
