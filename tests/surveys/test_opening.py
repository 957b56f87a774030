"""Opening campaigns and writing thematic questionnaires from the pages (UNML and ARML referents)."""

import datetime

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.surveys.loader import DATA_DIR, load_file
from mlplatform.surveys.models import Campaign, CollectionLink, QuestionnaireVersion

from ..factories import login

pytestmark = pytest.mark.django_db

THEMATIC = {
    "code": "SANTE-A",
    "version": "2026-1",
    "title": "Enquête santé des jeunes",
    "audience": "thematic",
    "sections": [
        {
            "title": "Santé",
            "questions": [
                {
                    "code": "MEDECIN",
                    "type": "single",
                    "text": "Avez-vous un médecin traitant ?",
                    "required": True,
                    "options": [{"value": "oui", "label": "Oui"}, {"value": "non", "label": "Non"}],
                },
                {"code": "SATISFACTION", "type": "scale", "text": "Êtes-vous satisfait·e de votre santé ?"},
            ],
        }
    ],
}


def test_an_arml_writes_a_thematic_questionnaire_and_opens_a_regional_campaign(world, client):
    login(client, world.user(Role.ARML_REFERENT))
    url = reverse("surveys:new_questionnaire")
    bad = client.post(url, {"text": "code: sante\nsections: []\n"})
    assert bad.status_code == 400 and "Rien n" in bad.content.decode()
    assert not QuestionnaireVersion.objects.exists()
    response = client.post(url, {"text": yaml.safe_dump(THEMATIC, allow_unicode=True)})
    assert response.status_code == 302
    questionnaire = QuestionnaireVersion.objects.get(code="SANTE-A")
    assert questionnaire.owner == world.arml
    today = timezone.localdate()
    data = {
        "questionnaire": questionnaire.pk,
        "code": "sante-alpha-2026",
        "title": "Enquête santé 2026",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
    }
    response = client.post(reverse("surveys:new_campaign"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get(code="sante-alpha-2026")
    assert campaign.owner == world.arml
    measured = set(CollectionLink.objects.filter(campaign=campaign).values_list("structure__code", flat=True))
    assert measured == {world.ml.code, world.ml2.code}
    # The other region neither sees the campaign nor can use the questionnaire.
    client.logout()
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert client.get(reverse("surveys:campaign", kwargs={"code": campaign.code})).status_code == 404
    refused = client.post(reverse("surveys:new_campaign"), {**data, "code": "autre"})
    assert refused.status_code == 400 and not Campaign.objects.filter(code="autre").exists()


def test_a_code_of_another_author_is_refused(world, client):
    load_file(DATA_DIR / "jeunes.yaml")
    login(client, world.user(Role.ARML_REFERENT))
    response = client.post(
        reverse("surveys:new_questionnaire"),
        {"text": yaml.safe_dump({**THEMATIC, "code": "JEUNES", "version": "autre"}, allow_unicode=True)},
    )
    assert response.status_code == 400 and "autre auteur" in response.content.decode()
    assert QuestionnaireVersion.objects.count() == 1


def test_bad_dates_are_refused_with_nothing_created(world, client):
    questionnaire = load_file(DATA_DIR / "jeunes.yaml").version
    login(client, world.user(Role.ARML_REFERENT))
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:new_campaign"),
        {
            "questionnaire": questionnaire.pk,
            "code": "jeunes-alpha",
            "title": "Jeunes",
            "opens_on": today.isoformat(),
            "closes_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "La clôture doit suivre" in response.content.decode()
    assert not Campaign.objects.exists()
