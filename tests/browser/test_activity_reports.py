"""The annual activity report in a real Chromium: an ARML referent composes the report, writes the
editorial (saved as typed), submits it; a colleague proofreads it; the referent publishes it; the
public page and the PDF show it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.activity_reports.models import ActivityReport, NarrativeBlock

from ..factories import build_world
from .conftest import open_page
from .test_self_assessment import _sign_in, _sign_out

pytestmark = pytest.mark.browser


def test_an_arml_referent_writes_and_publishes_the_report(browser, live_server, transactional_db):
    world = build_world()
    referent, staff = world.user(Role.ARML_REFERENT), world.user(Role.ARML_STAFF)
    bp = open_page(browser, live_server.url)
    page = bp.page
    try:
        _sign_in(bp, referent.email)
        page.locator("#navigation").get_by_role("link", name="Rapports d'activité").click()
        page.get_by_label("Année du rapport").fill("2024")
        page.get_by_role("button", name="Créer le rapport").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport d'activité 2024 — ARML Alpha")
        # Compose: leave out the annex.
        page.get_by_label("Inclure la section « Annexe : les Missions Locales de la région »").uncheck()
        page.get_by_role("button", name="Enregistrer les sections").click()
        expect(page.get_by_role("status").first).to_contain_text("Sections et ordre enregistrés")
        expect(page.locator("#section-annexe")).to_have_count(0)
        # The editorial is saved as it is typed (htmx), without any button.
        editorial = page.get_by_role("textbox", name="Éditorial", exact=True)
        editorial.fill("Une année **remarquable** pour le réseau régional.")
        status = page.locator("[id^=etat-bloc-]").first
        expect(status).to_contain_text("Enregistré à")
        report = ActivityReport.objects.get(structure=world.arml, year=2024)
        block = NarrativeBlock.objects.get(section__report=report, kind="editorial")
        assert block.text == "Une année **remarquable** pour le réseau régional."
        page.get_by_role("button", name="Soumettre à relecture").click()
        expect(page.get_by_role("heading", name=re.compile("État : À relire"))).to_be_visible()
        bp.assert_clean()
        _sign_out(bp)

        _sign_in(bp, staff.email)
        page.get_by_role("link", name="Relire le rapport").click()
        expect(page.get_by_text("Une année remarquable pour le réseau régional.")).to_be_visible()
        page.get_by_role("button", name="Valider la relecture").click()
        expect(page.get_by_role("heading", name=re.compile("État : Relu"))).to_be_visible()
        _sign_out(bp)

        _sign_in(bp, referent.email)
        page.get_by_role("link", name="Publier le rapport").click()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Publier", exact=True).click()
        expect(page.get_by_role("heading", name=re.compile("État : Publié"))).to_be_visible()
        bp.assert_clean()
        _sign_out(bp)

        # Public, without signing in: the list, the page, the PDF.
        bp.goto("/rapports-activite/publies/")
        page.get_by_role("link", name="ARML Alpha", exact=True).click()
        expect(page.locator("main strong")).to_have_text("remarquable")
        expect(page.get_by_role("heading", name="Éditorial")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger le rapport en PDF").click()
        path = download.value.path()
        with open(path, "rb") as handle:
            assert handle.read(4) == b"%PDF"
        bp.assert_clean()
    finally:
        page.context.close()
