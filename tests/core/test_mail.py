"""E-mails go through one module and a background task: recorded, sent, retried, then reported."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.core.mail import FORGOTTEN_RECIPIENT, notify
from mlplatform.core.models import OutgoingMail

from ..factories import login

REMINDER = {
    "reminder": SimpleNamespace(
        intro="Votre audit de suivi approche.", lines=[], link="/", kind_label="Suivi"
    )
}


class _Refused(Exception):
    pass


class FailingBackend:
    """An e-mail backend whose server is away (Django's mail API, a test stand-in for SMTP)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise _Refused("serveur de messagerie injoignable")


@pytest.fixture
def failing_smtp(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}


def test_a_notification_is_recorded_sent_and_its_text_erased(db):
    queued = notify(["a@test.example", "b@test.example"], "Objet", "label/email/reminder.txt", REMINDER)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@test.example", "b@test.example"]
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.body) == (OutgoingMail.Status.SENT, 1, "")
    assert "Votre audit de suivi approche." in mail.outbox[0].body
    assert notify([], "Personne", "label/email/reminder.txt", REMINDER) is None


def test_an_anonymous_invitation_forgets_its_recipient_once_sent_or_given_up(db, settings):
    sent = notify(
        ["a@test.example"], "Votre avis", "label/email/reminder.txt", REMINDER, forget_recipients=True
    )
    sent.refresh_from_db()
    assert mail.outbox[0].to == ["a@test.example"]  # used to send...
    assert sent.status == OutgoingMail.Status.SENT and sent.recipients == [
        FORGOTTEN_RECIPIENT
    ]  # ...then gone
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    settings.TASK_MAX_ATTEMPTS = 2
    failed = notify(
        ["b@test.example"], "Votre avis", "label/email/reminder.txt", REMINDER, forget_recipients=True
    )
    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.FAILED and failed.recipients == [FORGOTTEN_RECIPIENT]
    kept = notify(["c@test.example"], "Rappel", "label/email/reminder.txt", REMINDER)
    kept.refresh_from_db()
    assert kept.recipients == ["c@test.example"]  # other e-mails keep who they were sent to


def test_a_failing_send_is_retried_then_reported(world, client, failing_smtp, settings):
    settings.TASK_MAX_ATTEMPTS = 3
    queued = notify(["a@test.example"], "Rappel : audit de suivi", "label/email/reminder.txt", REMINDER)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (OutgoingMail.Status.FAILED, 3)
    assert "serveur de messagerie injoignable" in queued.last_error and queued.body == ""
    login(client, world.user(Role.NATIONAL_ADMIN))
    page = html.unescape(client.get(reverse("core:background")).content.decode())
    assert "Rappel : audit de suivi" in page and "serveur de messagerie injoignable" in page
    assert "a@test.example" in page
    home = html.unescape(client.get(reverse("core:home")).content.decode())
    assert "Courriels non envoyés" in home and "1 courriel n'a pas pu être envoyé" in home


def test_the_request_that_sends_does_not_fail_when_the_server_is_away(world, client, failing_smtp):
    """An invitation still goes through: the page answers, the e-mail waits for its retries."""
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(
        reverse("accounts:invitations"),
        {"email": "nouvelle@test.example", "role": Role.ML_STAFF, "structure": world.ml.pk},
    )
    assert response.status_code in (200, 302)
    assert OutgoingMail.objects.filter(recipients=["nouvelle@test.example"]).exists()
