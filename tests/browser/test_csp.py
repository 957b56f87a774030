"""The strict CSP in a real Chromium: the tests see every violation, and live saves cause none.

htmx "settles" some attributes of the elements it swaps: it copies them from the old element to
the new one with setAttribute. Its default list includes ``style``; an element that carries an
inline style set through the CSSOM (allowed by the CSP: the browser itself when a person resizes a
text box, developer tools, extensions) then made every swap of it apply an inline style attribute,
a violation (``style-src-attr``, the hash of the empty string for an empty style). The htmx-config
meta of templates/base.html leaves ``style`` out of the settled attributes.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role

from ..assessments.factories import assessment_of, load_ml_framework, open_campaign
from ..factories import PASSWORD, build_world

pytestmark = pytest.mark.browser


def _sign_in(bp, email: str) -> None:
    page = bp.page
    bp.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _style_through_the_cssom(page, selector: str) -> None:
    """Give an element an (empty) inline style the way scripts and the browser do: no violation."""
    page.locator(selector).evaluate("element => { element.style.color = 'red'; element.style.color = ''; }")
    assert page.locator(selector).get_attribute("style") == ""


def test_a_violation_is_reported_even_after_the_page_has_moved_on(browser_page):
    bp, page = browser_page, browser_page.page
    bp.goto("/connexion/")
    page.evaluate("document.body.setAttribute('style', '')")
    bp.goto("/connexion/")
    # Seen by at least one channel although the page has moved on: the listener's binding when the
    # event was dispatched before the navigation, Chromium's console otherwise (under load the
    # navigation can win the race and the document never dispatches the event).
    for _ in range(40):
        bp.flush()
        if bp.csp_violations():
            break
    reported = bp.csp_violations()
    assert any("style-src-attr" in text or "style-src" in text for text in reported), reported
    with pytest.raises(AssertionError, match="Violation de la CSP"):
        bp.assert_clean()
    bp.violations.clear()  # seen: the teardown check of the fixture must not fail this test
    bp.console.clear()


def test_live_saves_apply_no_inline_style(browser_page):
    """Before the htmx-config fix, the answer saved below failed here (a ``style-src-attr`` violation)."""
    bp, page = browser_page, browser_page.page
    world = build_world()
    campaign = open_campaign(world, load_ml_framework("2030", parts=1, commitments=1, requirements=2))
    assessment = assessment_of(campaign, world.ml)
    requirement = assessment.framework_version.requirements.order_by("position").first()
    _sign_in(bp, world.user(Role.ML_QUALITY).email)

    # The answering page: the summary is swapped out of band on every save.
    page.locator("#navigation").get_by_role("link", name="Auto-évaluation").click()
    page.get_by_role("link", name=re.compile("^Répondre")).first.click()
    _style_through_the_cssom(page, "#synthese")
    page.locator(f"#exigence-{requirement.pk}").get_by_label("2 — Mis en œuvre", exact=True).check()
    expect(page.locator(f"#etat-{requirement.pk}")).to_contain_text("Enregistré le")
    expect(page.locator("#synthese")).to_contain_text("1 réponse sur")
    bp.assert_clean()

    # The structure search, live.
    page.locator("#navigation").get_by_role("link", name="Réseau", exact=True).click()
    _style_through_the_cssom(page, "#arbre")
    page.get_by_label("Rechercher une structure").fill("Bêta")
    expect(page).to_have_url(re.compile(r"q=B"))
    expect(page.locator("#arbre")).to_contain_text("Aucune structure ne correspond")
    bp.assert_clean()
    assert "style" not in page.evaluate("htmx.config.attributesToSettle")
