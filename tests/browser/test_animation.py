"""Network life in a real Chromium: an ARML records a working group meeting with its minutes and
three Missions Locales, puts the minutes into its evidence library, and the yearly counts move
(the ARML's meetings run, each ML's attended)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.animation.models import Meeting
from mlplatform.network.enums import StructureType

from ..evidence.samples import pdf
from ..factories import build_world, make_structure
from .test_self_assessment import _sign_in

pytestmark = pytest.mark.browser


def test_arml_records_a_working_group_and_the_counts_move(browser_page, tmp_path):
    bp, page = browser_page, browser_page.page
    world = build_world()
    make_structure("ML-A3", StructureType.ML, world.arml, name="Mission Locale Alpha Trois")
    minutes = tmp_path / "compte-rendu-groupe-justice.pdf"
    minutes.write_bytes(pdf("Groupe de travail justice"))
    _sign_in(bp, world.user(Role.ARML_REFERENT).email)

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Animation du réseau"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Animation du réseau — ARML Alpha")
    expect(page.locator('[data-count="meetings_organised"]')).to_have_text("0")

    page.get_by_role("link", name="Enregistrer une réunion").click()
    page.get_by_label("Type de réunion").select_option(label="Groupe de travail")
    page.get_by_label("Thème").select_option(label="Justice")
    page.get_by_label("Intitulé").fill("Groupe de travail des référents justice")
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Nombre de participants").fill("14")
    for name in ("Mission Locale Alpha Un", "Mission Locale Alpha Deux", "Mission Locale Alpha Trois"):
        page.get_by_label(name).check()
    page.get_by_label("Compte rendu").set_input_files(str(minutes))
    page.get_by_role("button", name="Enregistrer la réunion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Groupe de travail des référents justice")
    expect(page.get_by_text("Mission Locale Alpha Trois")).to_be_visible()
    expect(page.get_by_role("link", name="compte-rendu-groupe-justice.pdf")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.participants.count() == 3 and meeting.file_size > 0

    # « Utiliser comme preuve »: the minutes join the ARML's evidence library.
    page.get_by_role("button", name="Utiliser le compte rendu comme preuve").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Compte rendu — Groupe de travail des référents justice"
    )

    page.get_by_role("link", name="Animation du réseau").first.click()
    expect(page.locator('[data-count="meetings_organised"]')).to_have_text("1")
    expect(page.get_by_role("table", name="Réunions par thème")).to_contain_text("Justice")
    bp.goto(f"/animation/{world.ml.code}/")
    expect(page.locator('[data-count="meetings_attended"]')).to_have_text("1")
