"""The personal data page: every processing says what the RGPD asks, and every retention period the
platform enforces is shown with the current value of the setting that enforces it."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from mlplatform.legal.processing import (
    IN_SERVICE,
    PROCESSING_FILE,
    TO_COME,
    ProcessingError,
    all_processing,
    duration,
    parse,
)
from mlplatform.surveys import results as survey_results

pytestmark = pytest.mark.django_db


def _data() -> dict:
    return yaml.safe_load(PROCESSING_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (36_000, "seconds", "10 heures"),
        (86_400, "seconds", "1 jour"),
        (900, "seconds", "15 minutes"),
        (31_449_600, "seconds", "364 jours"),
        (90, "seconds", "90 secondes"),
        (14, "days", "14 jours"),
        (1, "days", "1 jour"),
        (30, "count", "30"),
        (3, "years", "3 ans"),
    ],
)
def test_durations_are_told_in_french(value, unit, text):
    assert duration(value, unit) == text


def test_the_processing_that_exists_and_the_one_to_come():
    processing = {item.key: item for item in all_processing()}
    in_service = {key for key, item in processing.items() if item.status == IN_SERVICE}
    assert in_service == {
        "comptes",
        "connexions",
        "courriels",
        "observatoire",
        "preuves",
        "sauvegardes",
        "repertoire",
        "animation",
        "formations",
        "enquetes",
        "rapports",
    }
    # Every module is in service today: a module to come would be said as such, with no retention.
    assert {key for key, item in processing.items() if item.status == TO_COME} == set()
    rights = {key: item.rights for key, item in processing.items()}
    assert rights["observatoire"] == "mission_locale"  # the young person's Mission Locale (4.2.2.5)
    assert rights["enquetes"] == "anonymous"
    assert {key for key, value in rights.items() if value == "structure"} == {
        "repertoire",
        "animation",
        "formations",
        "rapports",
    }


def test_the_retention_periods_name_the_settings_that_enforce_them():
    used = {setting for item in all_processing() for r in item.retention for setting in r.settings_used()}
    assert used == {
        "INVITATION_VALIDITY_DAYS",
        "PASSWORD_RESET_TIMEOUT",
        "SESSION_COOKIE_AGE",
        "LOGIN_THROTTLE_WINDOW_SECONDS",
        "LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL",
        "LOGIN_THROTTLE_MAX_FAILURES_PER_IP",
        "TASK_MAX_ATTEMPTS",
        "BACKUP_KEEP",
        "TRAINING_RETENTION_YEARS",
    }
    assert all(hasattr(settings, name) for name in used)


def test_the_figures_fixed_in_the_code_name_their_constants():
    """A threshold or a window the code fixes is read from its constant, so the page follows it."""
    used = {name for item in all_processing() for r in item.retention for name in r.constants_used()}
    assert used == {
        "mlplatform.observatory.opendata.SECRECY_THRESHOLD",
        "mlplatform.surveys.results.MIN_RESPONSES",
        "mlplatform.surveys.answering.RATE_WINDOW_SECONDS",
    }


def test_the_page_shows_the_current_values_of_the_constants(client, monkeypatch):
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "pour un groupe de moins de 10 réponses" in content
    assert "tout comptage de 1 à 10 jeunes est masqué" in content
    assert "L&#x27;empreinte de l&#x27;adresse IP est gardée 1 heure, puis effacée." in content
    monkeypatch.setattr(survey_results, "MIN_RESPONSES", 15)
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "pour un groupe de moins de 15 réponses" in content


@override_settings(INVITATION_VALIDITY_DAYS=21, LOGIN_THROTTLE_WINDOW_SECONDS=1800, BACKUP_KEEP=45)
def test_the_page_shows_the_current_values_of_the_settings(client):
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "Une invitation reste valable 21 jours ;" in content
    assert "Un échec compte pendant 30 minutes" in content
    assert "Les 45 dernières sauvegardes complètes sont conservées" in content


def test_the_page_describes_each_processing_and_the_rights(client):
    content = client.get(reverse("legal:personal_data")).content.decode()
    for item in all_processing():
        assert item.title.replace("'", "&#x27;") in content, item.key
    described = [item for item in all_processing() if item.status == IN_SERVICE]
    for heading in ("Finalité", "Base légale", "Données", "Durée de conservation", "Destinataires"):
        assert content.count(f"<dt>{heading}</dt>") == len(described), heading
    to_come = [item for item in all_processing() if item.status == TO_COME]
    assert ("Ces modules ne sont pas encore en service" in content) == bool(to_come)
    assert "aucun bandeau" in content and "CNIL" in content


def _with(change: dict, key: str = "comptes") -> dict:
    data = copy.deepcopy(_data())
    entry = next(item for item in data["processing"] if item["key"] == key)
    entry.update(change)
    return data


def _with_constant(path: str) -> dict:
    return _with({"retention": [{"text": "{n}", "values": {"n": {"constant": path, "unit": "count"}}}]})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _with(
                {"retention": [{"text": "{days}", "values": {"days": {"setting": "NOPE", "unit": "days"}}}]}
            ),
            "NOPE",
        ),
        (_with({"retention": [{"text": "Valable {days}.", "values": {}}]}), "days"),
        (
            _with(
                {"retention": [{"text": "{d}", "values": {"d": {"setting": "BACKUP_KEEP", "unit": "ans"}}}]}
            ),
            "unité",
        ),
        (_with({"retention": []}), "retention"),
        (_with_constant("mlplatform.nope.N"), "constante"),
        (_with_constant("mlplatform.legal.processing.UNITS"), "constante"),  # not a number
        (_with({"legal_basis": ""}), "legal_basis"),
        (_with({"rights": "personne"}), "rights"),
        (_with({"status": "peut-être"}), "status"),
    ],
)
def test_a_processing_file_that_misses_what_the_page_must_say_is_refused(data, message):
    with pytest.raises(ProcessingError, match=message):
        parse(data)
