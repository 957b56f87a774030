"""Declinations, follow-up with version checks and the log, indicators bound to the observatory."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from mlplatform.accounts.enums import Role
from mlplatform.programmes import services
from mlplatform.programmes.enums import ActionStatus, EntryKind, MilestoneStatus
from mlplatform.programmes.loader import load_data
from mlplatform.programmes.models import Action, Programme
from tests.observatory.factories import import_sample

from .world import PNAE_FILE, pnae, prae, prae_action

pytestmark = pytest.mark.django_db


def test_a_declination_keeps_its_link_when_the_pnae_gets_a_new_yearly_version(world):
    regional = prae_action(world)
    old_national = regional.declines
    assert (old_national.programme_version.year, old_national.number) == (2018, 1)
    data = yaml.safe_load(PNAE_FILE.read_text(encoding="utf-8"))
    data["version"] = 2019  # « N+1 se prépare durant N »
    data["actions"] = [a for a in data["actions"] if a["number"] != 2]
    data["priorities"][0]["actions"] = [1]
    result = load_data(data, "pnae-2019")
    assert result.created and result.relinked == 1
    regional.refresh_from_db()
    assert regional.declines.programme_version == result.version
    assert regional.declines.number == 1 and regional.declines.title == old_national.title
    # The 2018 version stays as it was, with its own sheets.
    assert Action.objects.filter(programme_version=old_national.programme_version).count() == 13


def test_a_declination_whose_number_disappears_keeps_the_old_link(world):
    national = services.current_version(pnae(world))
    version = prae(world).versions.get()
    second = services.decline_action(
        version, national.actions.get(number=2), user=None, adaptation="Numérique en Alpha."
    )
    data = yaml.safe_load(PNAE_FILE.read_text(encoding="utf-8"))
    data["version"] = 2019
    data["actions"] = [a for a in data["actions"] if a["number"] != 2]
    data["priorities"][0]["actions"] = [1]
    load_data(data, "pnae-2019")
    second.refresh_from_db()
    assert second.declines.programme_version.year == 2018 and second.declines.number == 2


def test_declining_refusals_change_nothing(world):
    version = prae(world).versions.get()
    first = services.current_version(pnae(world)).actions.get(number=1)
    with pytest.raises(ValidationError, match="déjà déclinée"):
        services.decline_action(version, first, user=None, adaptation="Encore.")
    with pytest.raises(ValidationError, match="Dites comment"):
        services.decline_action(
            version, services.current_version(pnae(world)).actions.get(number=3), user=None, adaptation=" "
        )
    with pytest.raises(ValidationError, match="Seul un programme régional"):
        services.decline_action(services.current_version(pnae(world)), first, user=None, adaptation="x")
    assert version.actions.count() == 1
    with pytest.raises(ValidationError, match="déjà son programme régional"):
        services.create_prae(world.arml, user=None, start_year=2018, end_year=2020, year=2019)
    with pytest.raises(ValidationError):
        services.create_prae(world.other_arml, user=None, start_year=2020, end_year=2018, year=2019)
    assert Programme.objects.filter(owner=world.other_arml).count() == 0


def test_follow_up_is_version_checked_and_logged(world):
    action = prae_action(world)
    user = world.user(Role.ARML_REFERENT)
    read = action.version
    services.save_follow_up(
        action,
        user=user,
        expected_version=read,
        status=ActionStatus.IN_PROGRESS,
        progress=40,
        comment="Lancée.",
    )
    stale = Action.objects.get(pk=action.pk)
    with pytest.raises(services.StaleEdit):
        services.save_follow_up(stale, user=user, expected_version=read, status=ActionStatus.DONE, progress=0)
    with pytest.raises(services.StaleEdit):
        services.add_milestone(
            stale, user=user, expected_version=read, title="x", due_on=datetime.date.today()
        )
    action.refresh_from_db()
    assert (action.status, action.progress, action.milestones.count()) == (ActionStatus.IN_PROGRESS, 40, 0)
    texts = [(e.kind, e.text) for e in action.entries.order_by("created_at", "pk")]
    assert (
        EntryKind.CHANGE,
        "Suivi modifié — statut : À lancer → En cours ; avancement : 0 % → 40 %.",
    ) in texts
    assert (EntryKind.COMMENT, "Lancée.") in texts
    services.save_follow_up(
        action, user=user, expected_version=action.version, status=ActionStatus.DONE, progress=10
    )
    assert action.progress == 100  # a done action is at 100 %


def test_milestones_and_manual_indicators(world):
    action = prae_action(world)
    user = world.user(Role.ARML_STAFF)
    milestone = services.add_milestone(
        action,
        user=user,
        expected_version=action.version,
        title="Séminaire",
        due_on=datetime.date(2019, 3, 1),
    )
    assert milestone.is_overdue()
    services.set_milestone_status(
        milestone, user=user, expected_version=action.version, status=MilestoneStatus.DONE
    )
    assert not milestone.is_overdue() and milestone.done_on is not None
    indicator = services.add_indicator(action, user=user, expected_version=action.version, label="Réunions")
    services.set_indicator_value(
        indicator, user=user, expected_version=action.version, year=2019, target=Decimal(6), actual=Decimal(4)
    )
    with pytest.raises(ValidationError, match="période"):
        services.set_indicator_value(
            indicator, user=user, expected_version=action.version, year=2030, target=Decimal(1), actual=None
        )
    assert services.actual_values([indicator], world.arml) == {(indicator.pk, 2019): Decimal(4)}


def test_an_indicator_bound_to_the_observatory_fills_itself_like_the_command(world, capsys):
    import json

    import_sample(2023)
    national = pnae(world)
    programme = Programme.objects.create(
        code="PRAE-ARML-A",
        kind="regional",
        owner=world.arml,
        title="PRAE Alpha",
        start_year=2022,
        end_year=2024,
    )
    version = programme.versions.create(year=2023)
    action = services.decline_action(
        version,
        services.current_version(national).actions.get(number=5),
        user=None,
        adaptation="PACEA en Alpha.",
    )
    user = world.user(Role.ARML_REFERENT)
    indicator = services.add_indicator(
        action, user=user, expected_version=action.version, label="Jeunes accompagnés",
        observatory_code="jeunes_accompagnes",
    )  # fmt: skip
    services.set_indicator_value(
        indicator, user=user, expected_version=action.version, year=2023, target=Decimal(10), actual=None
    )
    with pytest.raises(ValidationError, match="se remplit seule"):
        services.set_indicator_value(
            indicator, user=user, expected_version=action.version, year=2023, target=None, actual=Decimal(3)
        )
    call_command("observatory", "indicators", "--year", "2023", "--structure", "ARML-A")
    expected = json.loads(capsys.readouterr().out)["indicators"]["jeunes_accompagnes"]
    assert services.actual_values([indicator], world.arml)[(indicator.pk, 2023)] == expected == 5
    with pytest.raises(ValidationError, match="inconnu"):
        services.add_indicator(
            action, user=user, expected_version=action.version, label="x", observatory_code="nope"
        )


def test_who_may_edit_and_follow_up(world):
    national_action = services.current_version(pnae(world)).actions.get(number=4)
    regional = prae_action(world)
    unml, arml, other = (
        world.user(r) for r in (Role.NATIONAL_ADMIN, Role.ARML_REFERENT, "OTHER_ARML_REFERENT")
    )
    assert services.can_follow_up(unml, national_action) and not services.can_follow_up(unml, regional)
    assert services.can_follow_up(arml, regional) and not services.can_follow_up(other, regional)
    assert not services.can_follow_up(arml, national_action)
    national_action.referent_structures.add(world.arml)  # ARML référente of the national action
    assert services.can_follow_up(arml, national_action)
    assert not services.can_edit_programme(arml, national_action.programme_version.programme)
    assert not services.can_follow_up(world.user(Role.ML_DIRECTOR), regional)
