"""The auditors' findings page in a real Chromium: HTMX additions and deletions in place, the overall
opinion, delivery (confirmed), then the locked report; no CSP violation, no script error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mlplatform.audits import work as audit_work
from mlplatform.audits.enums import AuditStatus
from mlplatform.audits.models import Audit, AuditFinding

from ..access_cases.label import audit_label_world, audit_of
from ..browser.conftest import browser, browser_page  # noqa: F401 (the browser fixtures)
from ..factories import PASSWORD, build_world

pytestmark = pytest.mark.browser


def _sign_in(bp, email: str) -> None:
    page = bp.page
    bp.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_the_pair_writes_findings_and_delivers_the_report(browser_page):  # noqa: F811
    bp, page = browser_page, browser_page.page
    world = build_world()
    lw = audit_label_world(world)
    audit = audit_of(world)
    first, second = list(audit_work.audit_commitments(audit))[:2]
    page.on("dialog", lambda dialog: dialog.accept())

    _sign_in(bp, lw.network.email)
    bp.goto("/labellisation/audits/")
    page.get_by_role("link", name="Mission Locale Alpha Un").click()
    page.get_by_role("link", name="Constats et avis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Constats et avis")

    # Added in place: the page is not reloaded (the marker set on the window survives).
    page.evaluate("window.__kept = true")
    block = page.locator(f"#engagement-{first.pk}")
    block.get_by_label(re.compile("^Nature")).select_option("ALERT")
    block.get_by_label(re.compile("^Nouveau constat")).fill(
        "Le conseil d'administration ne s'est pas réuni en 2025."
    )
    block.get_by_role("button", name=re.compile("^Ajouter")).click()
    expect(block).to_contain_text("Constat ajouté")
    expect(block).to_contain_text("ne s'est pas réuni en 2025")
    expect(page.locator("#compte-constats")).to_contain_text("1 point d'alerte")
    other = page.locator(f"#engagement-{second.pk}")
    other.get_by_label(re.compile("^Nouveau constat")).fill("Accueil sans rendez-vous bien organisé.")
    other.get_by_role("button", name=re.compile("^Ajouter")).click()
    expect(other).to_contain_text("Accueil sans rendez-vous bien organisé.")
    # An empty finding is refused in place.
    other.get_by_role("button", name=re.compile("^Ajouter")).click()
    expect(other.get_by_role("alert")).to_contain_text("Le constat est vide")
    # Deleted in place, after confirmation.
    other.get_by_role("button", name=re.compile("^Supprimer")).click()
    expect(other).to_contain_text("Constat supprimé")
    expect(other).to_contain_text("Aucun constat pour cet engagement.")
    assert page.evaluate("window.__kept") is True
    assert list(AuditFinding.objects.values_list("kind", flat=True)) == ["ALERT"]
    bp.screenshot("audit-constats")

    page.get_by_role("textbox", name="Avis global").fill(
        "Démarche engagée ; la gouvernance est à consolider."
    )
    page.get_by_role("button", name="Enregistrer l'avis global").click()
    expect(page.locator(".messages")).to_contain_text("L'avis global est enregistré.")
    page.get_by_role("button", name="Remettre le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport d'audit")
    expect(page.locator("main")).to_contain_text("ne s'est pas réuni en 2025")
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.DELIVERED
    page.get_by_role("link", name="Constats et avis").click()
    expect(page.locator("main")).to_contain_text("les constats et l'avis sont verrouillés")
    expect(page.get_by_role("button", name=re.compile("^Ajouter"))).to_have_count(0)
    bp.screenshot("audit-constats-verrouilles")
    bp.assert_clean()
