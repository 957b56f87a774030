"""The public answering page: no account, every bad input refused with nothing stored."""

import html as html_module

import pytest
from django.urls import reverse

from mlplatform.surveys import answering
from mlplatform.surveys.campaigns import send_invitations
from mlplatform.surveys.models import Answer, Invitation, Response

from .helpers import link_of, post_data, youth_campaign

pytestmark = pytest.mark.django_db


def _t(response) -> str:
    return html_module.unescape(response.content.decode())


def _url(world, campaign, site=None):
    return reverse("surveys_public:answer", kwargs={"token": link_of(campaign, world.ml, site).token})


def test_anonymous_person_answers_and_is_thanked(world, client):
    campaign = youth_campaign(world)
    page = client.get(_url(world, campaign))
    assert page.status_code == 200
    html = _t(page)
    assert "Partie 1 sur 3" in html and "anonymes" in html and "version officielle de l'UNML" in html
    response = client.post(
        _url(world, campaign), post_data(CONNU_PAR=["entourage", "ecole"], SUGGESTION="Plus de créneaux")
    )
    assert response.status_code == 200
    assert "Merci pour vos réponses" in _t(response)
    stored = Response.objects.get()
    assert stored.structure == world.ml and stored.channel == "online"
    assert set(Answer.objects.filter(question="CONNU_PAR").values_list("choice", flat=True)) == {
        "",  # the row counting the person who answered (results.counts)
        "entourage",
        "ecole",
    }
    assert Answer.objects.get(question="SUGGESTION").text == "Plus de créneaux"


def test_a_site_link_records_the_site(world, client):
    campaign = youth_campaign(world)
    site = world.ml.sites.get()
    assert client.post(_url(world, campaign, site), post_data()).status_code == 200
    assert Response.objects.get().site == site
    assert set(Answer.objects.values_list("site_id", flat=True)) == {site.pk}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"GLOBAL": "5"}, "choisissez parmi les options proposées"),
        ({"CONNU_PAR": ["entourage", "pirate"]}, "choisissez parmi les options proposées"),
        ({"GLOBAL": ""}, "Cette question est obligatoire."),
        ({"SUGGESTION": "x" * 2001}, "Votre texte est trop long"),
        ({"PROBLEME": "oui", "PROBLEME_DETAIL": "y" * 201}, "Votre texte est trop long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(world, client, changes, message):
    campaign = youth_campaign(world)
    response = client.post(_url(world, campaign), post_data(**changes))
    assert response.status_code == 400
    html = _t(response)
    assert message in html and "Rien n'a été enregistré" in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_answer_to_a_question_not_asked_is_dropped(world, client):
    campaign = youth_campaign(world)
    client.post(_url(world, campaign), post_data(PROBLEME="non", PROBLEME_DETAIL="ne devrait pas rester"))
    assert not Answer.objects.filter(question="PROBLEME_DETAIL").exists()
    client.post(_url(world, campaign), post_data(PROBLEME="oui", PROBLEME_DETAIL="attente trop longue"))
    assert Answer.objects.get(question="PROBLEME_DETAIL").text == "attente trop longue"


def test_a_closed_campaign_refuses_answers(world, client):
    campaign = youth_campaign(world, closed=True)
    page = client.get(_url(world, campaign))
    assert page.status_code == 410 and "est clos depuis" in _t(page)
    response = client.post(_url(world, campaign), post_data())
    assert response.status_code == 410 and "rien n'a été enregistré" in _t(response)
    assert not Response.objects.exists()
    with pytest.raises(answering.CampaignClosed):
        answering.submit(campaign, world.ml, post_data(), channel="online")


def test_honeypot_thanks_but_stores_nothing(world, client):
    campaign = youth_campaign(world)
    response = client.post(_url(world, campaign), post_data(site_web="http://spam.example"))
    assert response.status_code == 200 and "Merci" in _t(response)
    assert not Response.objects.exists()


def test_rate_limit_per_address(world, client, monkeypatch):
    monkeypatch.setattr(answering, "RATE_LIMIT", 2)
    campaign = youth_campaign(world)
    for _ in range(2):
        assert client.post(_url(world, campaign), post_data()).status_code == 200
    refused = client.post(_url(world, campaign), post_data())
    assert refused.status_code == 429 and "Réessayez dans une heure" in _t(refused)
    assert Response.objects.count() == 2


def test_unknown_link_is_404(world, client):
    assert client.get(reverse("surveys_public:answer", kwargs={"token": "inconnu"})).status_code == 404


def _employer_campaign(world):
    import datetime

    from django.utils import timezone

    from mlplatform.network.models import Structure
    from mlplatform.surveys.campaigns import open_campaign
    from mlplatform.surveys.loader import DATA_DIR, load_file

    from .helpers import youth_campaign as _  # noqa: F401 - same dates as the youth campaign

    today = timezone.localdate()
    return open_campaign(
        code="employeurs-test",
        title="Baromètre employeurs (essai)",
        questionnaire=load_file(DATA_DIR / "employeurs.yaml").version,
        owner=Structure.objects.get(code="UNML"),
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
    )


EMPLOYER = {
    "TAILLE": "10-49",
    "SERVICES": ["recrutement"],
    "CONTACT": "3",
    "REACTIVITE": "4",
    "CANDIDATS": "3",
    "GLOBAL": "4",
    "RECOMMANDATION": "8",
    "NOUVEAU": "oui",
}


def test_invitations_are_single_use_and_keep_no_address(world, client):
    from django.core import mail

    from mlplatform.core.models import OutgoingMail

    campaign = _employer_campaign(world)
    report = send_invitations(
        campaign, world.ml, "a@entreprise.example\nb@entreprise.example, a@entreprise.example"
    )
    assert report.sent == 2
    assert Invitation.objects.count() == 2
    stored = " ".join(str(value) for row in Invitation.objects.values() for value in row.values())
    assert "entreprise.example" not in stored
    body = next(m.body for m in mail.outbox if m.to == ["a@entreprise.example"])
    # Once sent, the platform's mail journal forgets the body (and so the token) and the address.
    assert set(OutgoingMail.objects.values_list("body", flat=True)) == {""}
    journal = " ".join(str(value) for row in OutgoingMail.objects.values() for value in row.values())
    assert "entreprise.example" not in journal
    url = next(line for line in body.splitlines() if "/q/i/" in line).strip()
    path = url[url.index("/q/i/") :]
    assert client.post(path, EMPLOYER).status_code == 200
    assert Invitation.objects.filter(used=True).count() == 1
    replay = client.post(path, EMPLOYER)
    assert replay.status_code == 410 and "déjà servi" in _t(replay)
    assert client.get(path).status_code == 410
    assert Response.objects.count() == 1
    # The same list again: nobody is invited twice; as a reminder, only b (who has not answered).
    assert send_invitations(campaign, world.ml, "a@entreprise.example\nb@entreprise.example").sent == 0
    reminder = send_invitations(campaign, world.ml, "a@entreprise.example\nb@entreprise.example", remind=True)
    assert (reminder.reminded, reminder.skipped) == (1, 1)
    assert send_invitations(campaign, world.ml, "b@entreprise.example", remind=True).reminded == 0


def test_a_bad_address_list_sends_nothing(world):
    from mlplatform.core.models import OutgoingMail
    from mlplatform.surveys.campaigns import CampaignRefused

    campaign = _employer_campaign(world)
    with pytest.raises(CampaignRefused) as refusal:
        send_invitations(campaign, world.ml, "ok@example.org\npas-une-adresse\nautre@@x")
    assert len(refusal.value.problems) == 2
    assert not Invitation.objects.exists() and not OutgoingMail.objects.exists()


def test_paper_entry_is_counted_apart_and_only_while_open(world, client):
    from mlplatform.accounts.enums import Role

    from ..factories import login

    campaign = youth_campaign(world)
    login(client, world.user(Role.ML_STAFF))
    url = reverse("surveys:paper", kwargs={"code": campaign.code, "structure": world.ml.code})
    site = world.ml.sites.get()
    response = client.post(url, {**post_data(), "lieu": str(site.pk)})
    assert response.status_code == 200 and "Questionnaire enregistré" in _t(response)
    assert Response.objects.get().channel == "paper" and Response.objects.get().site == site
    assert client.post(url, {**post_data(), "lieu": "999999"}).status_code == 302
    assert Response.objects.count() == 1
    closed = youth_campaign(world, code="close", closed=True)
    url = reverse("surveys:paper", kwargs={"code": closed.code, "structure": world.ml.code})
    refused = client.post(url, post_data())
    assert "aucune saisie possible" in _t(refused)
    assert Response.objects.count() == 1
