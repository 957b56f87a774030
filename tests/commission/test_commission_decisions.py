"""The commission's decisions: recorded by the members of the session, corrected until it closes (a
concurrent edit is shown, nothing lost), final once it is closed (never edited, only followed by a new
decision such as a withdrawal)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.commission import services as commission_services
from mlplatform.commission import work
from mlplatform.commission.enums import Outcome
from mlplatform.commission.models import CommissionSession, Decision
from mlplatform.label.enums import Stage
from mlplatform.label.transitions import TransitionRefused
from mlplatform.network.models import Structure

from ..factories import login, make_user
from ..label.factories import advance, build_label_world, membership


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def item_url(name: str, item) -> str:
    return reverse(f"label:{name}", kwargs={"pk": item.session_id, "item_pk": item.pk})


@pytest.fixture
def lw(world):
    return build_label_world(world)


@pytest.fixture
def item(lw):
    advance(lw, Stage.ON_AGENDA)
    lw.session.members.add(lw.other_member)
    return lw.session.agenda.select_related("session", "file").get()


def test_a_member_records_the_decision_with_reasons(lw, item, client):
    login(client, lw.member)
    page = text(client.get(item_url("agenda_item", item)))
    assert "Enregistrer la décision" in page and "Aucune décision" not in page
    record = item_url("decision_record", item)
    # A deferral says what to do before a new request: refused without it, what was typed is kept.
    response = client.post(
        record, {"outcome": "DEFERRED", "reasons": "Gouvernance à clarifier.", "version": 0}
    )
    assert response.status_code == 200
    assert "Indiquez ce que la structure doit faire avant une nouvelle demande." in text(response)
    assert "Gouvernance à clarifier." in text(response)
    assert "Motivez la décision." in text(client.post(record, {"outcome": "LABELLED", "version": 0}))
    assert not Decision.objects.exists()
    response = client.post(
        record,
        {
            "outcome": "DEFERRED",
            "reasons": "Gouvernance à clarifier.",
            "conditions": "Adopter un règlement intérieur du conseil.",
            "version": 0,
        },
    )
    assert response.url == item_url("agenda_item", item) + "#decision"
    decision = Decision.objects.get(agenda_item=item)
    assert (decision.outcome, decision.recorded_by, decision.is_final) == (Outcome.DEFERRED, lw.member, False)
    assert decision.conditions == "Adopter un règlement intérieur du conseil."
    # Corrected before the close; a labelling keeps no conditions and takes effect on the session's date.
    client.post(
        record, {"outcome": "LABELLED", "reasons": "Finalement conforme.", "conditions": "x", "version": 1}
    )
    decision.refresh_from_db()
    assert (decision.outcome, decision.conditions, decision.version) == (Outcome.LABELLED, "", 2)
    assert decision.valid_from == lw.session.date
    # Nobody outside the session's members decides: not the national admin, not another member.
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    assert "Enregistrer la décision" not in text(client.get(item_url("agenda_item", item)))
    assert client.post(record, {"outcome": "DEFERRED", "reasons": "Non.", "version": 2}).status_code == 403
    lw.session.members.remove(lw.other_member)
    login(client, lw.other_member)
    assert client.post(record, {"outcome": "DEFERRED", "reasons": "Non.", "version": 2}).status_code == 404
    decision.refresh_from_db()
    assert (decision.outcome, decision.version) == (Outcome.LABELLED, 2)


def test_a_concurrent_edit_by_another_member_is_shown_and_nothing_is_lost(lw, item, client):
    record = item_url("decision_record", item)
    login(client, lw.member)
    assert 'name="version" value="0"' in client.get(item_url("agenda_item", item)).content.decode()
    # Meanwhile the other member records their decision.
    work.record(item, membership(lw.other_member), outcome=Outcome.LABELLED, reasons="Conforme.", version=0)
    mine = {"outcome": "DEFERRED", "reasons": "Trop tôt.", "conditions": "Réunir les preuves.", "version": 0}
    response = client.post(record, mine)
    content = text(response)
    assert response.status_code == 200
    assert "Décision enregistrée entre-temps par un autre membre" in content and "Conforme." in content
    assert "Trop tôt." in content and "Réunir les preuves." in content  # what I typed is kept
    assert 'name="version" value="1"' in response.content.decode()
    decision = Decision.objects.get(agenda_item=item)
    assert (decision.outcome, decision.reasons, decision.recorded_by) == (
        Outcome.LABELLED,
        "Conforme.",
        lw.other_member,
    )
    # Sent again knowingly, on the version now shown: it replaces the other member's.
    assert client.post(record, {**mine, "version": 1}).status_code == 302
    decision.refresh_from_db()
    assert (decision.outcome, decision.recorded_by, decision.version) == (Outcome.DEFERRED, lw.member, 2)
    with pytest.raises(work.StaleDecision) as stale:
        work.record(item, membership(lw.other_member), outcome=Outcome.LABELLED, reasons="Non.", version=1)
    assert stale.value.current.version == 2


def test_decisions_are_final_once_the_session_is_closed(lw, item, client):
    work.record(
        item, membership(lw.member), outcome=Outcome.LABELLED, reasons="Exigences satisfaites.", version=0
    )
    commission_services.close_session(item.session, membership(lw.world.user(Role.NATIONAL_ADMIN)))
    decision = Decision.objects.get(agenda_item=item)
    assert decision.is_final
    login(client, lw.member)
    page = text(client.get(item_url("agenda_item", item)))
    assert "décision définitive (séance close)" in page
    assert "Enregistrer la décision" not in page and "Modifier la décision" not in page
    assert "Retirer le label (nouvelle décision)" in page
    response = client.post(
        item_url("decision_record", item),
        {"outcome": "DEFERRED", "reasons": "Non.", "conditions": "X", "version": 1},
    )
    assert response.status_code == 302
    assert "La séance est close : ses décisions sont définitives." in text(client.get(response.url))
    item.session.refresh_from_db()
    with pytest.raises(TransitionRefused, match="définitives"):
        work.record(item, membership(lw.member), outcome=Outcome.DEFERRED, reasons="Non.", version=1)
    decision.refresh_from_db()
    assert (decision.outcome, decision.reasons, decision.version) == (
        Outcome.LABELLED,
        "Exigences satisfaites.",
        1,
    )


def test_a_final_decision_is_only_followed_by_a_new_one(lw, client):
    world = lw.world
    file = advance(lw, Stage.LABELLED)
    item = lw.session.agenda.get()
    granted = Decision.objects.get(agenda_item=item)
    withdraw = item_url("label_withdraw", item)
    login(client, lw.member)
    # The withdrawal is decided at a session to come: none yet.
    assert "aucune séance à venir dont vous êtes membre" in text(client.get(withdraw))
    third = make_user("troisieme.membre@test.example", Role.COMMISSION_MEMBER, world.unml)
    coming = CommissionSession.objects.create(
        title="Séance de décembre",
        date=timezone.localdate() + datetime.timedelta(days=40),
        created_by=world.user(Role.NATIONAL_ADMIN),
    )
    coming.members.set([lw.member, third])
    elsewhere = CommissionSession.objects.create(
        title="Séance sans ce membre", date=coming.date, created_by=world.user(Role.NATIONAL_ADMIN)
    )
    elsewhere.members.set([lw.other_member])
    assert "Séance de décembre" in text(client.get(withdraw))
    assert "Motivez le retrait." in text(client.post(withdraw, {"session": coming.pk}))
    refused = client.post(withdraw, {"session": elsewhere.pk, "reasons": "Manquements."})
    assert "Choisissez une séance à venir dont vous êtes membre." in text(refused)
    file.refresh_from_db()
    assert file.stage == Stage.LABELLED and Decision.objects.count() == 1
    login(client, world.user(Role.NATIONAL_ADMIN))
    assert client.get(withdraw).status_code == 403

    login(client, lw.member)
    response = client.post(withdraw, {"session": coming.pk, "reasons": "Manquements graves constatés."})
    assert response.url == item_url("agenda_item", item) + "#decision"
    file.refresh_from_db()
    withdrawal = Decision.objects.exclude(pk=granted.pk).get()
    assert file.stage == Stage.WITHDRAWN
    assert (withdrawal.outcome, withdrawal.session, withdrawal.supersedes, withdrawal.is_final) == (
        Outcome.WITHDRAWN,
        coming,
        granted,
        True,
    )
    granted.refresh_from_db()
    assert (granted.outcome, granted.reasons, granted.is_final) == (
        Outcome.LABELLED,
        "Exigences satisfaites.",
        True,
    )
    step = file.transitions.last()
    assert (step.to_stage, step.actor) == (Stage.WITHDRAWN, lw.member)
    page = text(client.get(item_url("agenda_item", item)))
    assert "Suivie de : Retrait du label" in page and "Manquements graves constatés." in page
    assert "Retirer le label (nouvelle décision)" not in page
    assert "n'est plus en cours" in text(client.get(withdraw, follow=True))
    with pytest.raises(TransitionRefused):
        work.withdraw(item, membership(lw.member), session=coming, reasons="Encore.")
    # The withdrawal is listed at its session; a member of that session only reads its letter, not
    # the decision of a session they did not sit on.
    login(client, third)
    assert "Retrait du label" in text(client.get(reverse("label:session", kwargs={"pk": coming.pk})))
    assert list(Structure.objects.for_user(third)) == [world.ml]
    assert client.get(reverse("label:decision_letter", kwargs={"pk": withdrawal.pk})).status_code == 200
    assert client.get(reverse("label:decision_letter", kwargs={"pk": granted.pk})).status_code == 404
    assert client.get(item_url("agenda_item", item)).status_code == 404
