"""Editing and deleting actions and sessions, cancelling a registration: a stale form changes
nothing and keeps what was typed; deleting a session says what happens and tells the people
registered; a session that took place is never deleted; a cancelled seat goes to the first waiting."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.core.models import OutgoingMail
from mlplatform.core.next_steps import next_steps_for
from mlplatform.training.enums import Status
from mlplatform.training.models import Registration, Session, TrainingAction

from ..factories import login, make_user
from .factories import action, attend, next_year, session

ACTION = {
    "year": "2022",
    "title": "Accueil renouvelé",
    "theme": "accompagnement",
    "objectives": "",
    "content": "",
    "provider": "",
    "format": "mixte",
    "duration_days": "2",
    "target_public": "",
    "cost": "",
    "funder": "OPCO",
}


def _session_form(held: Session, **changes) -> dict:
    return {
        "starts_on": held.starts_on.isoformat(),
        "ends_on": held.ends_on.isoformat(),
        "half_days": str(held.half_days),
        "place": held.place,
        "capacity": str(held.capacity),
        "version": str(held.version),
        **changes,
    }


def test_an_action_is_edited_and_a_stale_form_keeps_the_input(world, client):
    published = action(world.arml)
    url = reverse("training:action_edit", args=["ARML-A", published.pk])
    referent = login(client, world.user(Role.ARML_REFERENT))
    assert referent.post(url, {**ACTION, "version": "1"}).status_code == 302
    published.refresh_from_db()
    assert (published.title, published.version) == ("Accueil renouvelé", 2)

    response = referent.post(url, {**ACTION, "title": "Mon titre à moi", "version": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "rien n&#x27;a été enregistré" in page
    assert 'value="Mon titre à moi"' in page and "Accueil renouvelé" in page  # input and saved value
    assert TrainingAction.objects.get().title == "Accueil renouvelé"
    # Sent again, the form now carries the saved version: it applies.
    assert response.context["form"].data["version"] == 2
    assert referent.post(url, {**ACTION, "title": "Mon titre à moi", "version": "2"}).status_code == 302
    assert TrainingAction.objects.get().title == "Mon titre à moi"


def test_invalid_edit_keeps_the_input_and_changes_nothing(world, client):
    held = session(action(world.arml), capacity=2)
    attend(held, world.ml, "A", "a@test.example", 0)
    attend(held, world.ml, "B", "b@test.example", 0)
    url = reverse("training:session_edit", args=["ARML-A", held.pk])
    referent = login(client, world.user(Role.ARML_REFERENT))
    response = referent.post(url, _session_form(held, capacity="1", place="Rouen"))
    page = response.content.decode()
    assert response.status_code == 200 and "2 personnes ont déjà une place" in page
    assert 'value="Rouen"' in page
    held.refresh_from_db()
    assert (held.capacity, held.place, held.version) == (2, "Caen", 1)


def test_more_seats_go_to_the_people_waiting(world, client):
    held = session(action(world.arml, year=next_year()), capacity=1)
    for name in ("A", "B", "C"):
        attend(held, world.ml, name, f"{name.lower()}@test.example", 0)
    referent = login(client, world.user(Role.ARML_REFERENT))
    url = reverse("training:session_edit", args=["ARML-A", held.pk])
    response = referent.post(url, _session_form(held, capacity="2"), follow=True)
    assert "1 personne en attente obtient une place" in response.content.decode()
    assert dict(Registration.objects.values_list("name", "status")) == {
        "A": Status.REGISTERED,
        "B": Status.REGISTERED,
        "C": Status.WAITING,
    }
    told = OutgoingMail.objects.get()
    assert "Une place s'est libérée" in told.subject and told.status == OutgoingMail.Status.SENT
    stale = referent.post(url, _session_form(held, capacity="3"))  # version 1 again
    assert stale.status_code == 200 and Session.objects.get().capacity == 2


def test_deleting_a_session_asks_says_and_tells_the_people(world, client, mailoutbox):
    held = session(action(world.arml), capacity=1)
    attend(held, world.ml, "A", "a@test.example", 0)
    attend(held, world.ml, "B", "b@test.example", 0)
    url = reverse("training:session_delete", args=["ARML-A", held.pk])
    referent = login(client, world.user(Role.ARML_REFERENT))
    page = referent.get(url).content.decode()
    assert "1 personne a une place et 1 personne est en liste d" in page and "courriel" in page
    assert Session.objects.exists()
    assert referent.post(url, {"version": "1"}).status_code == 302
    assert not Session.objects.exists() and not Registration.objects.exists()
    assert sorted(message.to[0] for message in mailoutbox) == ["a@test.example", "b@test.example"]
    assert all("Session annulée" in mail.subject for mail in OutgoingMail.objects.all())
    assert OutgoingMail.objects.count() == 2


def test_a_session_that_took_place_is_not_deleted(world, client):
    held = session(action(world.arml))
    attend(held, world.ml, "A", "a@test.example", 2)
    referent = login(client, world.user(Role.ARML_REFERENT))
    url = reverse("training:session_delete", args=["ARML-A", held.pk])
    assert "ne peut être supprimée" in referent.get(url).content.decode()
    response = referent.post(url, {"version": "1"}, follow=True)
    assert "Rien n&#x27;a été supprimé" in response.content.decode()
    action_url = reverse("training:action_delete", args=["ARML-A", held.action_id])
    referent.post(action_url, {"version": "1"})
    assert Session.objects.exists() and TrainingAction.objects.exists()


def test_deleting_an_action_with_a_stale_version_deletes_nothing(world, client):
    published = action(world.arml)
    session(published)
    referent = login(client, world.user(Role.ARML_REFERENT))
    url = reverse("training:action_delete", args=["ARML-A", published.pk])
    response = referent.post(url, {"version": "7"})
    assert response.status_code == 200 and TrainingAction.objects.exists()
    assert referent.post(url, {"version": "1"}).status_code == 302
    assert not TrainingAction.objects.exists() and not Session.objects.exists()


def test_cancelling_gives_the_seat_to_the_first_waiting(world, client):
    held = session(action(world.arml, year=next_year()), capacity=1)
    seated = attend(held, world.ml, "Alice", "a@test.example", 0)
    neighbour_ml = attend(held, world.ml2, "Bob", "b@test.example", 0)
    director = login(client, world.user(Role.ML_DIRECTOR))
    session_page = director.get(reverse("training:session", args=["ARML-A", held.pk])).content.decode()
    url = reverse("training:cancel", args=["ARML-A", held.pk, seated.pk])
    assert url in session_page
    assert "perd sa place" in director.get(url).content.decode()
    response = director.post(url, follow=True)
    page = response.content.decode()
    assert "Alice est annulée" in page and "Bob" not in page  # the neighbour's name stays hidden
    assert dict(Registration.objects.values_list("name", "status")) == {
        "Alice": Status.CANCELLED,
        "Bob": Status.REGISTERED,
    }
    # The neighbouring ML's registration is not the director's to cancel (nor to see).
    other = reverse("training:cancel", args=["ARML-A", held.pk, neighbour_ml.pk])
    assert director.post(other).status_code == 404
    quality = make_user("quality2@test.example", Role.ML_QUALITY, world.ml)
    assert login(client, quality).post(url).status_code == 403


def _titles(user, membership) -> list[str]:
    return [step.title for step in next_steps_for(user, membership)]


def test_home_steps_for_the_director_and_the_arml(world, client):
    today = timezone.localdate()
    coming = action(world.arml, year=today.year)
    upcoming = Session.objects.create(
        action=coming,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=11),
        half_days=4,
        place="Caen",
        capacity=5,
    )
    past = Session.objects.create(
        action=coming,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=9),
        half_days=4,
        place="Caen",
        capacity=5,
    )
    attend(upcoming, world.ml, "A", "a@test.example", 0)
    attend(past, world.ml, "B", "b@test.example", 0)
    director = world.user(Role.ML_DIRECTOR)
    assert "Inscrire votre personnel aux formations régionales" in _titles(
        director, director.memberships.get()
    )
    referent = world.user(Role.ARML_REFERENT)
    titles = _titles(referent, referent.memberships.get())
    assert "Confirmer les inscriptions et convoquer" in titles
    assert "Enregistrer les présences" in titles
    home = login(client, referent).get(reverse("core:home")).content.decode()
    assert upcoming.get_absolute_url() in home and past.get_absolute_url() in home


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("core:home")).status_code == 200
    return len(context.captured_queries)


def _coming_sessions(world, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        held = Session.objects.create(
            action=action(world.arml, year=today.year, title=f"Action {index}"),
            starts_on=today + datetime.timedelta(days=5 + index),
            ends_on=today + datetime.timedelta(days=5 + index),
            half_days=2,
            place="Caen",
            capacity=3,
        )
        attend(held, world.ml, f"P{index}", f"p{index}@test.example", 0)


def test_home_steps_take_as_many_queries_whatever_the_plan(world, client):
    _coming_sessions(world, 1)
    director = login(client, world.user(Role.ML_DIRECTOR))
    small_director = _home_queries(director)
    referent = login(client, world.user(Role.ARML_REFERENT))
    small_referent = _home_queries(referent)
    Session.objects.all().delete()
    _coming_sessions(world, 8)
    assert _home_queries(referent) == small_referent
    assert _home_queries(login(client, world.user(Role.ML_DIRECTOR))) == small_director
