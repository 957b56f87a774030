"""Registrations within capacity, the waiting list, cancellations and attendance per half-day."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mlplatform.core.models import OutgoingMail
from mlplatform.training import services
from mlplatform.training.enums import Status
from mlplatform.training.models import Attendance, Registration

from .factories import action, next_year, session


@pytest.fixture
def full_session(world):
    return session(action(world.arml), half_days=2, capacity=2)


@pytest.fixture
def coming_session(world):
    return session(action(world.arml, year=next_year()), half_days=2, capacity=2)


def _register(session_, structure, who: str) -> Registration:
    return services.register(session_, structure, name=who.title(), email=f"{who}@test.example")


def test_seats_then_waiting_list_then_promotion(world, coming_session, mailoutbox):
    full_session = coming_session
    first, second = _register(full_session, world.ml, "a"), _register(full_session, world.ml2, "b")
    third, fourth = _register(full_session, world.ml, "c"), _register(full_session, world.ml, "d")
    assert [r.status for r in (first, second, third, fourth)] == [Status.REGISTERED] * 2 + [
        Status.WAITING
    ] * 2
    promoted = services.cancel(second)
    assert promoted.pk == third.pk and promoted.status == Status.REGISTERED  # the first in line
    # The cancelled person and the one who gets the seat are told, and nobody else.
    assert [(message.to, message.subject.split(" :")[0]) for message in mailoutbox] == [
        (["b@test.example"], "Inscription annulée"),
        (["c@test.example"], "Une place s'est libérée"),
    ]
    body = mailoutbox[1].body
    assert "vous quittez la liste d'attente" in body and full_session.place in body
    assert services.cancel(fourth) is None  # a waiting person leaving frees no seat
    assert "en liste d'attente" in mailoutbox[2].body and mailoutbox[2].to == ["d@test.example"]
    # Once sent, the mail log keeps no address (the registration is the only place it lives).
    assert all(mail.recipients != [] and "@" not in mail.recipients[0] for mail in OutgoingMail.objects.all())
    statuses = dict(Registration.objects.filter(session=full_session).values_list("email", "status"))
    assert statuses == {
        "a@test.example": Status.REGISTERED,
        "b@test.example": Status.CANCELLED,
        "c@test.example": Status.REGISTERED,
        "d@test.example": Status.CANCELLED,
    }
    with pytest.raises(services.TrainingRefused, match="déjà annulée"):
        services.cancel(second)


def test_confirmation_only_for_a_seat(world, full_session):
    seated = _register(full_session, world.ml, "a")
    assert services.confirm(seated).status == Status.CONFIRMED
    _register(full_session, world.ml, "b")
    waiting = _register(full_session, world.ml, "c")
    with pytest.raises(services.TrainingRefused, match="liste d'attente"):
        services.confirm(waiting)


@pytest.mark.parametrize(
    ("structure_attr", "name", "email", "message"),
    [
        ("ml", "", "x@test.example", "Indiquez le nom"),
        ("ml", "X", " ", "Indiquez le nom"),
        ("other_ml", "X", "x@test.example", "réservée à la structure qui l.organise"),
    ],
)
def test_bad_registrations_change_nothing(world, full_session, structure_attr, name, email, message):
    with pytest.raises(services.TrainingRefused, match=message):
        services.register(full_session, getattr(world, structure_attr), name=name, email=email)
    assert not Registration.objects.exists()


def test_the_same_person_registers_once(world, full_session):
    _register(full_session, world.ml, "a")
    with pytest.raises(services.TrainingRefused, match="déjà inscrit"):
        services.register(full_session, world.ml, name="A", email="A@test.example")
    assert Registration.objects.count() == 1


def test_attendance_per_half_day_replaces_the_sheet(world, full_session):
    a, b = _register(full_session, world.ml, "a"), _register(full_session, world.ml, "b")
    waiting = _register(full_session, world.ml, "c")
    assert services.record_attendance(full_session, {a.pk: [1, 2], b.pk: [2]}) == 3
    assert services.record_attendance(full_session, {a.pk: [1]}) == 1
    assert list(Attendance.objects.values_list("registration_id", "half_day")) == [(a.pk, 1)]
    for sheet, message in (({waiting.pk: [1]}, "pas de place"), ({a.pk: [3]}, "Demi-journée 3 inconnue")):
        with pytest.raises(services.TrainingRefused, match=message):
            services.record_attendance(full_session, sheet)
        assert list(Attendance.objects.values_list("registration_id", "half_day")) == [(a.pk, 1)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite n'a pas de verrous de ligne")
def test_two_directors_for_the_last_seat_never_overbook():
    """Two registrations at the same time for the last seat: one seat, one on the waiting list."""
    from tests.factories import build_world

    world = build_world()
    last_seat = session(action(world.arml), capacity=1)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def register(structure, who):
        try:
            barrier.wait()
            results.append(_register(last_seat, structure, who).status)
        finally:
            connections.close_all()  # this thread's connection: the test database can be dropped

    threads = [threading.Thread(target=register, args=(s, w)) for s, w in ((world.ml, "a"), (world.ml2, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [Status.WAITING, Status.REGISTERED]
    assert Registration.objects.filter(session=last_seat, status=Status.REGISTERED).count() == 1


def test_a_cancelled_person_registers_again_at_the_back_of_the_line(world, coming_session):
    full_session = coming_session
    first, second = _register(full_session, world.ml, "a"), _register(full_session, world.ml, "b")
    waiting = _register(full_session, world.ml, "c")
    Attendance.objects.create(registration=first, half_day=1)  # recorded in advance, by mistake
    services.cancel(first)  # "c" gets the seat
    again = _register(full_session, world.ml2, "a")
    assert again.pk == first.pk and again.status == Status.WAITING and again.structure == world.ml2
    assert again.created_at > waiting.created_at
    assert not Attendance.objects.filter(registration=again).exists()  # a new registration
    with pytest.raises(services.TrainingRefused, match="déjà inscrit"):
        _register(full_session, world.ml, "a")
    assert Registration.objects.filter(session=full_session).count() == 3
    assert second.pk != again.pk


def test_the_national_plan_is_open_to_the_unml_and_the_armls_staff_not_to_the_mls(world, client):
    from django.urls import reverse

    from mlplatform.accounts.enums import Role

    from ..factories import login, make_user

    national = session(action(world.unml, title="Séminaire national des ARML"), capacity=5)
    for structure in (world.unml, world.arml, world.other_arml):
        _register(national, structure, f"staff-{structure.code.lower()}")
    with pytest.raises(services.TrainingRefused, match="réservée"):
        _register(national, world.ml, "conseillere")
    url = reverse("training:register", args=["UNML", national.pk])
    referent = login(client, world.user(Role.ARML_REFERENT))
    form = {"name": "Claire Martin", "email": "claire@test.example", "job": "Chargée de mission"}
    assert referent.post(url, form).status_code == 302
    assert Registration.objects.get(email="claire@test.example").structure == world.arml
    director = login(client, world.user(Role.ML_DIRECTOR))
    assert director.post(url, {**form, "email": "x@test.example"}).status_code in (403, 404)
    admin = make_user("admin2@test.example", Role.NATIONAL_ADMIN, world.unml)
    assert login(client, admin).post(url, {**form, "email": "n@test.example"}).status_code == 302
    assert Registration.objects.get(email="n@test.example").structure == world.unml


def test_cancelling_for_a_session_already_held_only_corrects_the_record(world, full_session, mailoutbox):
    seated, _ = _register(full_session, world.ml, "a"), _register(full_session, world.ml, "b")
    waiting = _register(full_session, world.ml, "c")
    assert services.cancel(seated) is None  # the 2022 session is over: no seat offered, nobody told
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING and mailoutbox == []


def test_the_unml_is_reminded_of_its_national_sessions_like_an_arml(world, client):
    from django.urls import reverse

    from mlplatform.accounts.enums import Role
    from mlplatform.training.steps import training_steps

    from ..factories import login, make_user

    national = session(action(world.unml, year=next_year(), title="Séminaire national"), capacity=5)
    _register(national, world.arml, "chargee")
    admin = make_user("admin3@test.example", Role.NATIONAL_ADMIN, world.unml)
    titles = [step.title for step in training_steps(admin, admin.memberships.get())]
    assert titles == ["Confirmer les inscriptions et convoquer"]
    page = login(client, admin).get(reverse("training:plan", args=["UNML"]) + f"?annee={next_year()}")
    assert f"Plan national de formation {next_year()}" in page.content.decode()
