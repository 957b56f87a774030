"""Training pages: an ARML publishes an action with two sessions, an ML director registers two
people, the ARML records attendance and the review shows the figures; bad input changes nothing;
names and e-mails stay with the person's structure and its ARML; query counts do not grow."""

from __future__ import annotations

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.training import services
from mlplatform.training.enums import Status
from mlplatform.training.models import (
    Attendance,
    Evaluation,
    Headcount,
    Registration,
    Session,
    TrainingAction,
)

from ..factories import login
from .factories import action, attend, session

ACTION = {
    "year": "2022",
    "title": "Accueillir les jeunes en situation de handicap",
    "theme": "accompagnement",
    "objectives": "Repérer et orienter.",
    "content": "",
    "provider": "Organisme X",
    "format": "mixte",
    "duration_days": "2",
    "target_public": "Conseiller·es",
    "cost": "1500",
    "funder": "OPCO",
}


def _session_form(day: str, half_days: str = "4", capacity: str = "2") -> dict:
    return {"starts_on": day, "ends_on": day, "half_days": half_days, "place": "Caen", "capacity": capacity}


def test_publish_register_attend_review(world, client):
    referent = login(client, world.user(Role.ARML_REFERENT))
    response = referent.post(reverse("training:action_add", args=["ARML-A"]), ACTION)
    published = TrainingAction.objects.get()
    assert response.url == reverse("training:session_add", args=["ARML-A", published.pk])
    for day in ("2022-03-01", "2022-06-01"):
        assert referent.post(response.url, _session_form(day)).status_code == 302
    first, _second = Session.objects.order_by("starts_on")
    plan = referent.get(reverse("training:plan", args=["ARML-A"]) + "?annee=2022")
    assert plan.content.decode().count(reverse("training:session", args=["ARML-A", first.pk])) == 1

    director = login(client, world.user(Role.ML_DIRECTOR))
    register = reverse("training:register", args=["ARML-A", first.pk])
    for name, email in (("Alice Martin", "alice@test.example"), ("Bob Durand", "bob@test.example")):
        assert director.post(register, {"name": name, "email": email, "job": "Conseiller"}).status_code == 302
    assert set(Registration.objects.values_list("structure__code", "status")) == {
        ("ML-A1", Status.REGISTERED)
    }

    referent = login(client, world.user(Role.ARML_REFERENT))
    alice, bob = Registration.objects.order_by("name")
    sheet = {f"presence-{alice.pk}": ["1", "2", "3", "4"], f"presence-{bob.pk}": ["1", "2"]}
    assert referent.post(reverse("training:attendance", args=["ARML-A", first.pk]), sheet).status_code == 302
    assert Attendance.objects.count() == 6
    review = referent.get(reverse("training:review", args=["ARML-A"]) + "?annee=2022")
    figures = review.context["figures"]
    assert (figures.actions, figures.sessions, figures.participants) == (1, 2, 2)
    assert (figures.training_days, figures.participant_days) == (4.0, 3.0)
    assert (figures.mls_reached, figures.mls) == (1, 2)
    page = review.content.decode()
    assert 'data-count="participants">2<' in page and "<svg" in page


def test_a_full_session_puts_the_next_person_on_the_waiting_list(world, client):
    full = session(action(world.arml), capacity=1)
    director = login(client, world.user(Role.ML_DIRECTOR))
    register = reverse("training:register", args=["ARML-A", full.pk])
    director.post(register, {"name": "A", "email": "a@test.example"})
    response = director.post(register, {"name": "B", "email": "b@test.example"}, follow=True)
    assert "liste d'attente" in response.content.decode()
    assert list(Registration.objects.order_by("name").values_list("status", flat=True)) == [
        Status.REGISTERED,
        Status.WAITING,
    ]


def test_bad_input_gets_a_french_message_and_changes_nothing(world, client):
    referent = login(client, world.user(Role.ARML_REFERENT))
    response = referent.post(
        reverse("training:action_add", args=["ARML-A"]), {**ACTION, "duration_days": "0"}
    )
    assert response.status_code == 200 and "au moins une demi-journée" in response.content.decode()
    assert not TrainingAction.objects.exists()
    published = action(world.arml)
    add = reverse("training:session_add", args=["ARML-A", published.pk])
    response = referent.post(add, {**_session_form("2022-03-02"), "ends_on": "2022-03-01"})
    assert "ne peut pas précéder" in response.content.decode() and not Session.objects.exists()
    held = session(published, half_days=2)
    attendance = reverse("training:attendance", args=["ARML-A", held.pk])
    response = referent.post(attendance, {"presence-abc": ["1"]}, follow=True)
    assert "illisible" in response.content.decode()
    registration = attend(held, world.ml, "A", "a@test.example", 1)
    response = referent.post(attendance, {f"presence-{registration.pk}": ["9"]}, follow=True)
    assert "Demi-journée 9 inconnue" in response.content.decode()
    assert Attendance.objects.count() == 1
    director = login(client, world.user(Role.ML_DIRECTOR))
    response = director.post(
        reverse("training:register", args=["ARML-A", held.pk]),
        {"name": "", "email": "pas-une-adresse"},
        follow=True,
    )
    assert "Inscription refusée" in response.content.decode() and Registration.objects.count() == 1


def test_names_and_emails_stay_with_the_structure_and_its_arml(world, client):
    held = session(action(world.arml))
    attend(held, world.ml, "Alice Martin", "alice@test.example", 0)
    url = reverse("training:session", args=["ARML-A", held.pk])
    assert "alice@test.example" in login(client, world.user(Role.ARML_STAFF)).get(url).content.decode()
    assert "alice@test.example" in login(client, world.user(Role.ML_STAFF)).get(url).content.decode()
    other_ml = world.user(Role.ML_DIRECTOR).memberships.get().structure  # ML-A1
    assert other_ml.code == "ML-A1"
    from ..factories import make_user

    neighbour = make_user("dir2@test.example", Role.ML_DIRECTOR, world.ml2)
    page = login(client, neighbour).get(url).content.decode()
    assert "Alice Martin" not in page and "alice@test.example" not in page


def test_headcounts_are_declared_and_replaced(world, client):
    director = login(client, world.user(Role.ML_DIRECTOR))
    url = reverse("training:headcounts", args=["ML-A1"])
    director.post(url, {"year": "2022", "total": "40"})
    director.post(url, {"year": "2022", "total": "42"})
    response = director.post(url, {"year": "1900", "total": "-1"})
    assert "Indiquez une année" in response.content.decode()
    assert list(Headcount.objects.values_list("structure__code", "year", "total")) == [("ML-A1", 2022, 42)]
    staff = login(client, world.user(Role.ML_STAFF))
    assert staff.post(url, {"year": "2023", "total": "5"}).status_code == 403  # not the ML's lead
    assert Headcount.objects.count() == 1


def test_the_review_xlsx_carries_the_figures_only(world, client):
    attend(session(action(world.arml, year=2022)), world.ml, "Alice Martin", "alice@test.example", 2)
    response = login(client, world.user(Role.ML_DIRECTOR)).get(
        reverse("training:review_xlsx", args=["ARML-A"]) + "?annee=2022"
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("Ensemble", "Participant·es (personnes distinctes)", 1) in rows
    assert not any("alice" in str(value).lower() for row in rows for value in row)


def test_the_review_pdf_has_the_figures_and_charts(world, client):
    attend(session(action(world.arml, year=2022)), world.ml, "Alice Martin", "alice@test.example", 2)
    response = login(client, world.user(Role.ARML_STAFF)).get(
        reverse("training:review_pdf", args=["ARML-A"]) + "?annee=2022"
    )
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_data(world, client):
    login(client, world.user(Role.ARML_REFERENT))
    first = session(action(world.arml, title="Première"))
    attend(first, world.ml, "A", "a@test.example", 2)
    urls = [
        reverse("training:plan", args=["ARML-A"]) + "?annee=2022",
        reverse("training:session", args=["ARML-A", first.pk]),
        reverse("training:review", args=["ARML-A"]) + "?annee=2022",
    ]
    before = [_queries(client, url) for url in urls]
    for index in range(5):
        more = session(action(world.arml, title=f"Action {index}", theme="numerique"), month=4)
        for person in range(3):
            attend(more, world.ml2, "P", f"p{index}-{person}@test.example", 2)
            attend(first, world.ml, "Q", f"q{index}-{person}@test.example", 1)
    assert [_queries(client, url) for url in urls] == before


def test_convocations_confirm_and_send_one_message_per_person(
    world, client, django_capture_on_commit_callbacks, mailoutbox
):
    from mlplatform.core.models import OutgoingMail

    held = session(action(world.arml, title="Accueil"), capacity=2)
    for who in ("a", "b", "c"):
        services.register(held, world.ml, name=who.upper(), email=f"{who}@test.example")
    referent = login(client, world.user(Role.ARML_REFERENT))
    url = reverse("training:convene", args=["ARML-A", held.pk])
    response = referent.post(url, follow=True)
    assert "2 convocations envoyées" in response.content.decode()
    assert sorted(message.to for message in mailoutbox) == [["a@test.example"], ["b@test.example"]]
    assert OutgoingMail.objects.count() == 2  # one message each; the log forgets the addresses once sent
    assert "Convocation : Accueil" in OutgoingMail.objects.first().subject
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@test.example": Status.CONFIRMED,
        "b@test.example": Status.CONFIRMED,
        "c@test.example": Status.WAITING,
    }
    response = referent.post(url, follow=True)
    assert "déjà reçu leur convocation" in response.content.decode() and OutgoingMail.objects.count() == 2


def test_the_attendance_certificate_is_a_pdf_for_the_readers_of_the_registration(world, client):
    held = session(action(world.arml, title="Accueil"), half_days=4)
    present = attend(held, world.ml, "Alice Martin", "alice@test.example", 3)
    absent = attend(held, world.ml, "Bob Durand", "bob@test.example", 0)
    director = login(client, world.user(Role.ML_DIRECTOR))
    response = director.get(reverse("training:certificate", args=["ARML-A", held.pk, present.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    response = director.get(reverse("training:certificate", args=["ARML-A", held.pk, absent.pk]), follow=True)
    assert "Aucune présence enregistrée pour Bob Durand" in response.content.decode()
    from ..factories import make_user

    neighbour = login(client, make_user("dir2@test.example", Role.ML_DIRECTOR, world.ml2))
    assert (
        neighbour.get(reverse("training:certificate", args=["ARML-A", held.pk, present.pk])).status_code
        == 404
    )


def test_home_leads_to_the_regional_plan(world, client):
    response = login(client, world.user(Role.ML_STAFF)).get(reverse("training:home"))
    assert response.url == reverse("training:plan", args=["ARML-A"])
    response = login(client, world.user(Role.NATIONAL_ADMIN)).get(reverse("training:home"))
    assert response.url == reverse("training:plan", args=["UNML"])


def test_the_anonymous_evaluation_keeps_nothing_about_the_person_and_is_bounded(world, client):
    held = session(action(world.arml, title="Accueil"), capacity=5)
    attend(held, world.ml, "Alice Martin", "alice@test.example", 2)
    url = reverse("training:evaluate", args=[held.evaluation_key])
    page = client.get(url).content.decode()
    assert "anonyme" in page and "Alice" not in page
    response = client.post(url, {"satisfaction": "9", "usefulness": ""})
    assert "Sélectionnez un choix valide" in response.content.decode() and not Evaluation.objects.exists()
    response = client.post(url, {"satisfaction": "4", "usefulness": "3"})
    assert "votre avis est enregistré" in response.content.decode()
    assert list(Evaluation.objects.values_list("satisfaction", "usefulness")) == [(4, 3)]
    response = client.post(url, {"satisfaction": "1", "usefulness": "1"})  # one seat, one opinion
    assert "ont déjà donné leur avis" in response.content.decode() and Evaluation.objects.count() == 1
    assert client.get(reverse("training:evaluate", args=["inconnue"])).status_code == 404
    assert {f.name for f in Evaluation._meta.concrete_fields} == {
        "id",
        "session",
        "satisfaction",
        "usefulness",
        "answered_on",
    }
