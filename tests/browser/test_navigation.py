"""End-to-end navigation in a real Chromium: sign-in, home, network tree, structure page, perimeter.

The data comes from the demo command (``setup_demo --force``), as a visitor of the demo would
see it. Expected perimeters are computed from the structure relations, not from the
platform's own scoping code, so that a scoping bug cannot hide itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

pytestmark = pytest.mark.browser

STRUCTURE_URL_RE = re.compile(r"^/reseau/structures/([^/]+)/$")


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    password: str
    visible_codes: frozenset[str]  # exactly the structures the tree must list
    ml_code: str  # a Mission Locale of the perimeter, with reception sites
    ml_name: str
    outside_code: str  # a structure outside the perimeter


def _persona(key: str, email: str, password: str, role: str, ml_code: str | None = None) -> Persona:
    memberships = Membership.objects.select_related("structure")
    home = memberships.get(user__email=email, role=role, is_active=True).structure
    visible = [home] if home.type == StructureType.ML else [home, *home.children.all()]
    codes = {s.code for s in visible}
    by_name = sorted(visible, key=lambda s: s.name)
    mls = [s for s in by_name if s.type == StructureType.ML and s.sites.exists()]
    ml = next(s for s in mls if s.code == ml_code) if ml_code else mls[0]
    outside = Structure.objects.filter(type=StructureType.ML).exclude(code__in=codes).order_by("code").first()
    assert outside is not None, "il faut une Mission Locale hors du périmètre pour tester la page 404"
    return Persona(key, email, password, frozenset(codes), ml.code, ml.name, outside.code)


def _demo_personas() -> dict[str, Persona]:
    from mlplatform.core.management.commands.setup_demo import DEMO_PASSWORD

    call_command("setup_demo", "--force", stdout=io.StringIO())
    personas = {
        "ml_director": _persona("ml_director", "directeur.caen@demo.test", DEMO_PASSWORD, Role.ML_DIRECTOR),
        "arml_referent": _persona(
            "arml_referent", "referente.normandie@demo.test", DEMO_PASSWORD, Role.ARML_REFERENT, "ML-14-CAEN"
        ),
    }
    # The scenario of the issue: the Normandie referent sees (and opens) the Mission Locale of Caen.
    assert "Caen la Mer" in personas["arml_referent"].ml_name
    assert personas["ml_director"].visible_codes == {"ML-14-CAEN"}
    return personas


@pytest.fixture
def personas(transactional_db) -> dict[str, Persona]:
    return _demo_personas()


def _sign_in(bp, persona: Persona) -> None:
    page = bp.page
    bp.goto("/connexion/")
    expect(page.locator("h1")).to_have_text("Connexion")
    page.get_by_label("Adresse électronique").fill(persona.email)
    page.get_by_label("Mot de passe", exact=False).first.fill(persona.password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(bp.url("/"))
    expect(page.locator("h1")).to_be_visible()


def _tree_codes(page) -> set[str]:
    hrefs = page.locator("main a[href^='/reseau/structures/']").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return {match.group(1) for href in hrefs if (match := STRUCTURE_URL_RE.match(href))}


def test_login_page_basics(browser_page):
    """French page, skip link first in the tab order, no CSP violation."""
    page = browser_page.page
    response = browser_page.goto("/connexion/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "contenu"
    browser_page.assert_clean()


@pytest.mark.parametrize("key", ["ml_director", "arml_referent"])
def test_navigate_the_network(browser_page, personas, key):
    persona = personas[key]
    page = browser_page.page
    _sign_in(browser_page, persona)

    # Home page.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_count(1)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    browser_page.screenshot(f"{key}-accueil")
    browser_page.assert_clean()

    # The network tree, reached through the main menu.
    page.locator("#navigation").get_by_role("link", name="Réseau", exact=True).click()
    page.wait_for_url(browser_page.url("/reseau/"))
    expect(page.locator("h1")).to_have_count(1)
    assert _tree_codes(page) == set(persona.visible_codes)
    expect(page.locator("main")).to_contain_text(persona.ml_name)
    browser_page.screenshot(f"{key}-reseau")
    browser_page.assert_clean()

    # A Mission Locale of the perimeter, with its reception sites.
    page.locator("main").get_by_role("link", name=persona.ml_name, exact=True).first.click()
    page.wait_for_url(browser_page.url(f"/reseau/structures/{persona.ml_code}/"))
    expect(page.locator("h1")).to_contain_text(persona.ml_name)
    sites = page.get_by_role("table", name=re.compile(r"Lieux d.accueil"))
    expect(sites).to_have_count(1)
    expect(sites.locator("tbody tr").first).to_be_visible()
    browser_page.assert_clean()

    # A structure outside the perimeter does not exist for this person.
    response = browser_page.goto(f"/reseau/structures/{persona.outside_code}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    browser_page.assert_clean()
