"""Names and e-mails are anonymised TRAINING_RETENTION_YEARS after the plan's year; the review of an
anonymised year keeps its figures."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from mlplatform.training.models import Registration
from mlplatform.training.purge import ANONYMOUS_NAME, purge
from mlplatform.training.review import review

from .factories import action, attend, session

TODAY = datetime.date(2026, 12, 6)


def _year(world, year: int) -> None:
    first, second = (
        session(action(world.arml, year=year, title=f"A {year}")),
        session(action(world.arml, year=year, title=f"B {year}", theme="numerique")),
    )
    attend(first, world.ml, "Alice Martin", "alice@test.example", 2)
    attend(second, world.ml, "Alice Martin", "alice@test.example", 2)  # the same person
    attend(second, world.ml2, "Bob Durand", "bob@test.example", 1)


def test_the_purge_anonymises_old_years_only_and_keeps_the_figures(world):
    _year(world, 2022)
    _year(world, 2023)
    before = review(world.arml, 2022).as_dict()
    assert purge(dry_run=True, today=TODAY).registrations == 3  # 2026 - 3 - 1 = 2022 and before
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 0
    result = purge(today=TODAY)
    assert (result.last_year, result.registrations) == (2022, 3)
    old = Registration.objects.filter(session__action__year=2022)
    assert set(old.values_list("name", "job")) == {(ANONYMOUS_NAME, "")}
    assert not old.filter(email__contains="alice").exists() and not old.filter(email__contains="bob").exists()
    assert review(world.arml, 2022).as_dict() == before  # 2 distinct people, as before
    kept = Registration.objects.filter(session__action__year=2023)
    assert set(kept.values_list("name", flat=True)) == {"Alice Martin", "Bob Durand"}
    assert purge(today=TODAY).registrations == 0  # nothing left to do


@override_settings(TRAINING_RETENTION_YEARS=1)
def test_the_setting_sets_the_period_and_the_command_says_it(world):
    _year(world, datetime.date.today().year - 2)
    out = StringIO()
    call_command("training", "purge", "--dry-run", stdout=out)
    assert "3 inscriptions à anonymiser" in out.getvalue() and "1 an après" in out.getvalue()
    call_command("training", "purge", stdout=out)
    assert "3 inscriptions anonymisées" in out.getvalue()
    assert not Registration.objects.exclude(name=ANONYMOUS_NAME).exists()
