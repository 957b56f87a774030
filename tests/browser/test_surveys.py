"""Satisfaction barometer in a real Chromium: a young person answers on a phone, from the link of the
QR poster, with JavaScript turned off; the ML's quality referent then sees the results (10 answers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.surveys.models import Response

from ..factories import build_world
from ..surveys.helpers import add_responses, link_of, youth_campaign
from .conftest import PHONE, open_page
from .test_self_assessment import _sign_in

pytestmark = pytest.mark.browser
OVERFLOW = (Path(__file__).with_name("overflow.js")).read_text(encoding="utf-8")


def test_a_young_person_answers_on_a_phone_without_javascript(browser, live_server, transactional_db):
    world = build_world()
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 9)
    token = link_of(campaign, world.ml).token
    bp = open_page(browser, live_server.url, viewport=PHONE, java_script_enabled=False)
    page = bp.page
    try:
        bp.goto(f"/q/{token}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(campaign.title)
        # A required answer forgotten: the page says so and keeps the other answers.
        page.get_by_role("group", name="Depuis combien de temps").get_by_label("De 3 mois à 1 an").check()
        for question in (
            "Êtes-vous satisfait·e de l'accueil",
            "Êtes-vous satisfait·e du délai",
            "Vous êtes-vous senti·e",
        ):
            page.get_by_role("group", name=question).get_by_label("Très satisfait·e").check()
        page.get_by_role("group", name="Les réponses apportées").get_by_label("Plutôt satisfait·e").check()
        page.get_by_role("group", name="Avez-vous rencontré").get_by_label("Non", exact=True).check()
        page.get_by_role("button", name="Envoyer mes réponses").click()
        expect(page.get_by_role("alert")).to_contain_text("Rien n'a été enregistré")
        expect(
            page.get_by_role("group", name="Depuis combien de temps").get_by_label("De 3 mois à 1 an")
        ).to_be_checked()
        assert Response.objects.count() == 9
        page.get_by_role("group", name="Dans l'ensemble").get_by_label("Plutôt satisfait·e").check()
        page.get_by_role("group", name="recommanderiez-vous").get_by_label("8", exact=True).check()
        page.get_by_label("Avez-vous une suggestion").fill("Des rendez-vous le samedi.")
        page.get_by_role("button", name="Envoyer mes réponses").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour vos réponses")
        bp.assert_clean()
    finally:
        page.context.close()
    assert Response.objects.count() == 10

    staff = open_page(browser, live_server.url)
    try:
        _sign_in(staff, world.user(Role.ML_QUALITY).email)
        staff.goto(f"/enquetes/{campaign.code}/{world.ml.code}/")
        expect(staff.page.get_by_text("10 réponses", exact=False).first).to_be_visible()
        expect(staff.page.get_by_text("Des rendez-vous le samedi.")).to_be_visible()
        staff.assert_clean()
    finally:
        staff.page.context.close()
    # With scripts on (they are only for the check), nothing sticks out of a phone's screen.
    phone = open_page(browser, live_server.url, viewport=PHONE)
    try:
        phone.goto(f"/q/{token}/")
        result = phone.page.evaluate(OVERFLOW)
        assert result["scrollWidth"] <= result["width"] and not result["wide"], result
        phone.assert_clean()
    finally:
        phone.page.context.close()
