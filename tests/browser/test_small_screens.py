"""A phone's screen (375 px wide) in a real Chromium: the header folds its menu behind a button,
nothing sticks out of the page but inside a scroll box, charts keep readable text and the radar's
labels stay inside its drawing. axe-core checks the same pages at that size.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
import yaml
from django.utils import timezone
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.loader import load_file

from ..access_cases.observatory import YEAR, with_sample
from ..assessments.factories import answer_all, assessment_of, ml_framework, open_campaign
from ..factories import PASSWORD, World, build_world
from .axe import audit, report
from .conftest import PHONE, open_page

pytestmark = pytest.mark.browser

OVERFLOW = (Path(__file__).with_name("overflow.js")).read_text(encoding="utf-8")
HEADER_MAX = 120  # px, menu closed
PART_TITLES = [
    "La gouvernance de la Mission Locale et ses partenaires territoriaux",
    "Le positionnement et les valeurs de la Mission Locale",
    "L'ancrage territorial et partenarial de la Mission Locale",
    "L'accompagnement global des jeunes vers l'autonomie et l'emploi",
    "Le management, le pilotage et l'amélioration continue de la qualité du service rendu",
]
# Every text of the charts of the page: its box in the drawing's units and its size on screen.
CHART_TEXTS = """() => [...document.querySelectorAll("svg.chart-svg")].map(svg => {
  const view = svg.viewBox.baseVal, scale = svg.getScreenCTM().a;
  return {
    chart: svg.closest(".chart").id, width: view.width, height: view.height,
    scrolls: svg.closest(".chart-figure").getAttribute("tabindex") === "0",
    texts: [...svg.querySelectorAll("text")].map(text => {
      const box = text.getBBox();
      return {text: text.textContent, x: box.x, y: box.y, right: box.x + box.width,
              bottom: box.y + box.height, size: parseFloat(getComputedStyle(text).fontSize) * scale};
    }),
  };
})"""


def _framework_with_long_names():
    data = ml_framework("2030", parts=len(PART_TITLES), commitments=2, requirements=1)
    for part, title in zip(data["parts"], PART_TITLES, strict=True):
        part["title"] = title
        for commitment in part["commitments"]:
            commitment["title"] = f"{title} : engagement {commitment['ref'][-3:]}"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ml.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return load_file(path).version


def _sign_in(bp, email: str) -> None:
    page = bp.page
    bp.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(bp.url("/"))


def _assert_fits(bp, what: str) -> None:
    result = bp.page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["width"], f"{what} : la page défile en largeur ({result})"
    assert not result["wide"], f"{what} : éléments plus larges que l'écran : {result['wide']}"


def _assert_axe(bp, what: str) -> None:
    violations = audit(bp)
    assert not violations, report([("375 px", what, bp.page.url, rule) for rule in violations])


def _chart_texts(bp) -> list[dict]:
    charts = bp.page.evaluate(CHART_TEXTS)
    assert charts, "aucun graphique sur la page"
    return charts


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_the_header_folds_its_menu_behind_a_button(phone_page, world):
    bp, page = phone_page, phone_page.page
    _sign_in(bp, world.user(Role.ML_DIRECTOR).email)
    header, menu = page.locator("header.site-header"), page.locator("#navigation")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert set(toggle.get_attribute("aria-controls").split()) == {"compte", "navigation"}
    expect(menu).to_be_hidden()
    height = header.bounding_box()["height"]
    assert height < HEADER_MAX, f"l'en-tête mesure {height:.0f} px de haut, menu fermé"
    bp.screenshot("telephone-menu-ferme")
    _assert_axe(bp, "accueil, menu fermé")

    # Opened with the keyboard: every link of the menu is reached with Tab, its focus visible.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    links = menu.get_by_role("link").all_inner_texts()
    reached = []
    for _ in range(len(links) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => ({text: document.activeElement.textContent.trim(),
                       inMenu: !!document.activeElement.closest('#navigation'),
                       outline: getComputedStyle(document.activeElement).outlineStyle})"""
        )
        if focused["inMenu"]:
            assert focused["outline"] != "none", f"le focus ne se voit pas sur « {focused['text']} »"
            reached.append(focused["text"])
        elif reached:
            break
    assert reached == [text.strip() for text in links]
    bp.screenshot("telephone-menu-ouvert")
    _assert_axe(bp, "accueil, menu ouvert")

    # Escape closes it and gives the focus back to the button.
    page.locator("#navigation a").first.focus()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    # The skip link "Aller au menu" opens it too.
    page.keyboard.press("Shift+Tab")  # from the button, back to the skip links
    page.get_by_role("link", name="Aller au menu").focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()

    # A desktop screen shows the menu, and no button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(page.locator("#navigation")).to_be_visible()


def test_without_javascript_the_menu_stays_open(browser, live_server, world):
    bp = open_page(browser, live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = bp.page
        _sign_in(bp, world.user(Role.ML_STAFF).email)
        expect(page.locator("#navigation")).to_be_visible()
        expect(page.locator(".menu-toggle")).to_be_hidden()
        _assert_fits(bp, "accueil sans JavaScript")
        bp.assert_clean()
    finally:
        bp.page.context.close()


def test_the_results_page_fits_a_phone(phone_page, world):
    bp = phone_page
    today = timezone.localdate()
    earlier = open_campaign(
        world,
        _framework_with_long_names(),
        name="Campagne précédente",
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    answer_all(assessment_of(earlier, world.ml), world.user(Role.ML_QUALITY), level=1)
    campaign = open_campaign(world, earlier.ml_version)
    assessment = assessment_of(campaign, world.ml)
    answer_all(assessment, world.user(Role.ML_QUALITY))
    _sign_in(bp, world.user(Role.ML_QUALITY).email)
    bp.goto(f"/auto-evaluation/{assessment.pk}/resultats/")
    expect(bp.page.locator("#radar-parties")).to_be_visible()
    expect(bp.page.locator("main")).to_contain_text("Campagne précédente")
    bp.screenshot("telephone-resultats")
    _assert_fits(bp, "résultats")

    charts = _chart_texts(bp)
    radar = next(chart for chart in charts if chart["chart"] == "radar-parties")
    for text in radar["texts"]:
        inside = text["x"] >= 0 and text["y"] >= 0
        inside = inside and text["right"] <= radar["width"] and text["bottom"] <= radar["height"]
        assert inside, (
            f"« {text['text']} » dépasse du radar ({text}, cadre {radar['width']}×{radar['height']})"
        )
    for chart in charts:
        small = [t["text"] for t in chart["texts"] if t["size"] < 12 - 0.01]
        assert not small, f"{chart['chart']} : texte de moins de 12 px à l'écran : {small}"
        assert chart["scrolls"], f"{chart['chart']} défile sans être atteignable au clavier"
    _assert_axe(bp, "résultats")


def test_the_key_figures_fit_a_phone(phone_page, world):
    bp = phone_page
    kwargs = with_sample("ml")(world)
    _sign_in(bp, world.user(Role.ML_DIRECTOR).email)
    bp.goto(f"/observatoire/{kwargs['code']}/{YEAR}/")
    bp.screenshot("telephone-chiffres-cles")
    _assert_fits(bp, "chiffres clés")
    for chart in _chart_texts(bp):
        small = [(t["text"], round(t["size"], 1)) for t in chart["texts"] if t["size"] < 12 - 0.01]
        assert not small, f"{chart['chart']} : texte de moins de 12 px à l'écran : {small}"
    _assert_axe(bp, "chiffres clés")
