"""The yearly figures of network life on a hand-built year: one function, used by the page and
the ``animation counts`` command."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mlplatform.animation.counts import yearly_counts
from mlplatform.animation.enums import AgreementLevel, EventKind, EventLevel, MeetingKind, PartnerType
from mlplatform.animation.models import Event, Meeting, Partnership

D = datetime.date


def _meeting(structure, kind, theme, day, *, organised=True, participants=(), organiser=""):
    meeting = Meeting.objects.create(
        structure=structure,
        kind=kind,
        theme=theme,
        title=f"{kind} {day}",
        date=day,
        organised=organised,
        organiser_name=organiser,
    )
    meeting.participants.set(participants)
    return meeting


@pytest.fixture
def year_2022(world):
    arml, ml, ml2 = world.arml, world.ml, world.ml2
    # The ARML runs 3 CA, 5 bureaux, 1 AG and 2 working groups (justice) with MLs.
    for month in (3, 6, 11):
        _meeting(arml, MeetingKind.CONSEIL_ADMINISTRATION, "gouvernance", D(2022, month, 10))
    for month in (1, 2, 4, 9, 12):
        _meeting(arml, MeetingKind.BUREAU, "gouvernance", D(2022, month, 5))
    _meeting(arml, MeetingKind.ASSEMBLEE_GENERALE, "gouvernance", D(2022, 6, 20))
    _meeting(arml, MeetingKind.GROUPE_TRAVAIL, "justice", D(2022, 5, 2), participants=[ml, ml2])
    _meeting(arml, MeetingKind.GROUPE_TRAVAIL, "justice", D(2022, 10, 2), participants=[ml])
    # It attends 2 meetings run outside the network (CEJ) and the ML's CA it was invited to.
    _meeting(arml, MeetingKind.PARTENAIRE, "cej", D(2022, 2, 2), organised=False, organiser="DREETS")
    _meeting(arml, MeetingKind.PARTENAIRE, "cej", D(2022, 3, 2), organised=False, organiser="Région")
    _meeting(ml, MeetingKind.CONSEIL_ADMINISTRATION, "gouvernance", D(2022, 4, 4), participants=[arml])
    # Other years, and another structure's records, do not count.
    _meeting(arml, MeetingKind.BUREAU, "gouvernance", D(2021, 12, 31))
    _meeting(arml, MeetingKind.BUREAU, "gouvernance", D(2023, 1, 1))
    _meeting(world.other_arml, MeetingKind.BUREAU, "gouvernance", D(2022, 5, 5))
    Event.objects.create(
        structure=arml,
        level=EventLevel.REGIONAL,
        kind=EventKind.JOURNEE_PRO,
        title="Journée professionnelle",
        starts_on=D(2022, 4, 8),
        ends_on=D(2022, 4, 8),
    )
    Event.objects.create(
        structure=arml,
        level=EventLevel.REGIONAL,
        kind=EventKind.FORUM_EMPLOI,
        title="Forum 2021",
        starts_on=D(2021, 4, 8),
        ends_on=D(2021, 4, 8),
    )
    common = {"partner_type": PartnerType.OPCO, "level": AgreementLevel.REGIONAL, "partner_name": "AKTO"}
    Partnership.objects.create(
        structure=arml, title="En cours", starts_on=D(2021, 1, 1), ends_on=D(2022, 1, 1), **common
    )
    Partnership.objects.create(structure=arml, title="Sans fin", starts_on=D(2022, 12, 31), **common)
    Partnership.objects.create(
        structure=arml, title="Finie", starts_on=D(2020, 1, 1), ends_on=D(2021, 12, 31), **common
    )
    Partnership.objects.create(structure=arml, title="Future", starts_on=D(2023, 1, 1), **common)
    return world


def test_counts_by_type_theme_organised_and_attended(year_2022):
    counts = yearly_counts(year_2022.arml, 2022).as_dict()
    assert counts["structure"] == "ARML-A" and counts["year"] == 2022
    assert counts["meetings_organised"] == 11
    assert counts["meetings_attended"] == 3
    assert counts["bodies"]["conseil_administration"] == 4  # 3 run + the ML's CA attended
    assert counts["bodies"]["bureau"] == 5
    assert counts["bodies"]["assemblee_generale"] == 1
    assert counts["bodies"]["comite_directeurs"] == 0
    assert counts["by_theme"] == {
        "cej": {"organised": 0, "attended": 2},
        "gouvernance": {"organised": 9, "attended": 1},
        "justice": {"organised": 2, "attended": 0},
    }
    assert counts["events"] == 1
    assert counts["partnerships_active"] == 2


def test_participation_counts_once_for_each_participant(year_2022):
    ml = yearly_counts(year_2022.ml, 2022)
    assert ml.meetings_organised == 1
    assert ml.meetings_attended == 2  # the two working groups of the ARML
    assert ml.by_theme["justice"] == {"organised": 0, "attended": 2}
    assert yearly_counts(year_2022.ml2, 2022).meetings_attended == 1


def test_counts_take_a_fixed_number_of_queries(year_2022, django_assert_num_queries):
    with django_assert_num_queries(4):
        yearly_counts(year_2022.arml, 2022)


def test_command_prints_the_same_figures_as_json(year_2022):
    out = StringIO()
    call_command("animation", "counts", "--year", "2022", "--structure", "ARML-A", stdout=out)
    assert json.loads(out.getvalue()) == yearly_counts(year_2022.arml, 2022).as_dict()


def test_command_refuses_unknown_structure_and_bad_year(world):
    with pytest.raises(CommandError, match="Aucune structure"):
        call_command("animation", "counts", "--year", "2022", "--structure", "NOPE")
    with pytest.raises(CommandError, match="Année invalide"):
        call_command("animation", "counts", "--year", "1850", "--structure", "ARML-A")
