"""In a real Chromium: an ARML declines two national actions, sets targets, records progress, and
the UNML sees them in the declination matrix."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.programmes.models import Action, IndicatorValue

from ..browser.conftest import browser  # noqa: F401 (fixture)
from ..browser.test_label_cycle import People
from ..factories import build_world
from .world import pnae

pytestmark = pytest.mark.browser


@pytest.fixture
def people(browser, live_server, transactional_db):  # noqa: F811
    people = People(browser, live_server)
    try:
        yield people
        for bp in people.pages:
            bp.assert_clean()
    finally:
        people.close()


def _message(bp, text: str) -> None:
    expect(bp.page.locator(".messages")).to_contain_text(text)


def test_an_arml_declines_sets_targets_records_progress_and_the_unml_sees_it(people):
    world = build_world()
    pnae(world)
    TOTPDevice.objects.create(user=world.user(Role.NATIONAL_ADMIN), name="test", confirmed=True)

    arml = people.sign_in(world.user(Role.ARML_REFERENT))
    page = arml.page
    page.locator("#navigation").get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Créer le programme régional de mon ARML").click()
    page.get_by_label("Année de la première version").fill("2019")
    page.get_by_role("button", name="Créer le programme").click()
    _message(arml, "Programme régional créé")
    for number, adaptation in ((3, "Tutoriel alternance testé en Alpha."), (6, "Référents CEP en Alpha.")):
        if number == 6:
            page.get_by_role("link", name="PRAE-ARML-A").first.click()
            page.get_by_role("link", name="Ajouter une action").click()
        page.get_by_label("Action nationale déclinée").select_option(str(number))
        page.get_by_label("Comment la région la décline").fill(adaptation)
        page.get_by_role("button", name="Décliner cette action").click()
        _message(arml, "ajoutée au programme régional")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Objectif")
        page.get_by_role("link", name="Mettre à jour le suivi").click()
        page.get_by_role("combobox", name="Statut").select_option("en_cours")
        page.get_by_label("Avancement (%)").fill("40" if number == 3 else "15")
        page.get_by_label("Commentaire (facultatif)").fill("Lancement en comité régional.")
        page.get_by_role("button", name="Enregistrer le suivi").click()
        _message(arml, "Suivi enregistré")
        page.get_by_role("link", name="Mettre à jour le suivi").click()
        page.get_by_label("Indicateur *").fill("Conseillers formés")
        page.get_by_role("button", name="Ajouter l'indicateur").click()
        page.get_by_role("link", name="Mettre à jour le suivi").click()
        values = page.get_by_role("region", name="Cible et réalisé d'une année")
        values.get_by_label("Année *").fill("2019")
        values.get_by_role("textbox", name="Cible").fill("25")
        page.get_by_role("button", name="Enregistrer les valeurs").click()
        _message(arml, "Suivi enregistré")
        expect(page.locator("table").first).to_contain_text("cible 25")
    arml.screenshot("programmes-action")
    assert Action.objects.filter(declines__isnull=False).count() == 2
    assert IndicatorValue.objects.filter(year=2019, target=25).count() == 2

    unml = people.sign_in(world.user(Role.NATIONAL_ADMIN))
    page = unml.page
    page.locator("#navigation").get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Programme national d’animation et d’évaluation (PNAE)").click()
    page.get_by_role("link", name="Déclinaisons par ARML").click()
    row = page.get_by_role("row", name="ARML Alpha")
    expect(row).to_contain_text("En cours 40 %")
    expect(row).to_contain_text("En cours 15 %")
    expect(page.get_by_role("row", name="ARML Bêta")).not_to_contain_text("En cours")
    unml.screenshot("programmes-matrix")
