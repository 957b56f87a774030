"""Professionalisation in a real Chromium: an ARML publishes an action with two sessions, an ML
director registers two people, the ARML records attendance, and the review shows the figures."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.training.models import Attendance, Registration

from ..factories import build_world
from .test_self_assessment import _sign_in, _sign_out

pytestmark = pytest.mark.browser


def _add_session(page, day: str, place: str) -> None:
    page.get_by_label("Premier jour").fill(day)
    page.get_by_label("Dernier jour").fill(day)
    page.get_by_label("Nombre de demi-journées").fill("2")
    page.get_by_label("Lieu ou lien").fill(place)
    page.get_by_label("Places").fill("10")
    page.get_by_role("button", name="Enregistrer").click()


def test_publish_register_attend_and_review(browser_page):
    bp, page = browser_page, browser_page.page
    world = build_world()
    year = timezone.localdate().year
    _sign_in(bp, world.user(Role.ARML_REFERENT).email)
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Professionnalisation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Plan régional de formation {year}")
    page.get_by_role("link", name="Publier une action de formation").click()
    page.get_by_label("Intitulé").fill("Accueillir les jeunes")
    page.get_by_label("Thème").select_option(label="Accompagnement des jeunes")
    page.get_by_label("Durée (jours)").fill("1")
    page.get_by_label("Financeur").fill("OPCO")
    page.get_by_role("button", name="Enregistrer").click()
    _add_session(page, f"{year}-03-10", "Caen")
    expect(page.get_by_role("heading", level=2, name="Accueillir les jeunes")).to_be_visible()
    page.get_by_role("link", name="Ajouter une session à « Accueillir les jeunes »").click()
    _add_session(page, f"{year}-06-10", "Rouen")
    expect(
        page.get_by_role("table", name="Sessions de « Accueillir les jeunes »").locator("tbody tr")
    ).to_have_count(2)
    _sign_out(bp)

    _sign_in(bp, world.user(Role.ML_DIRECTOR).email)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Professionnalisation"
    ).click()
    page.get_by_role("link", name=f"du 10/03/{year} au 10/03/{year}").click()
    for name, email in (("Alice Martin", "alice@test.example"), ("Bob Durand", "bob@test.example")):
        page.get_by_label("Nom et prénom").fill(name)
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_role("button", name="Inscrire").click()
        expect(page.get_by_text(f"{name} est inscrit·e.")).to_be_visible()
    expect(page.locator('[data-count="seated"]')).to_have_text("2")
    _sign_out(bp)

    _sign_in(bp, world.user(Role.ARML_REFERENT).email)
    bp.goto("/formation/")  # the ARML's plan
    page.get_by_role("link", name=f"du 10/03/{year} au 10/03/{year}").click()
    for label in (
        "Alice Martin, demi-journée 1",
        "Alice Martin, demi-journée 2",
        "Bob Durand, demi-journée 1",
    ):
        page.get_by_label(label).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("3 demi-journées de présence")).to_be_visible()
    assert Attendance.objects.count() == 3 and Registration.objects.count() == 2

    page.get_by_role("link", name=f"Professionnalisation — {world.arml.name}").click()
    page.get_by_role("link", name=f"Bilan {year}").click()
    expect(page.locator('[data-count="actions"]')).to_have_text("1")
    expect(page.locator('[data-count="sessions"]')).to_have_text("2")
    expect(page.locator('[data-count="participants"]')).to_have_text("2")
    expect(page.locator('[data-count="participant_days"]')).to_have_text("1,5")
    expect(page.get_by_role("table", name=f"Par thème en {year}")).to_contain_text(
        "Accompagnement des jeunes"
    )
