"""The plan in a real Chromium: live filters (HTMX, URL kept), the requirement picker filter, no CSP error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Priority, Status
from mlplatform.improvement.models import ImprovementAction

from ..browser.conftest import browser, browser_page  # noqa: F401 (fixtures)
from ..factories import PASSWORD, build_world
from .helpers import load_ml_framework, make_action, requirement

pytestmark = pytest.mark.browser


def _sign_in(bp, email: str) -> None:
    page = bp.page
    bp.goto(reverse("accounts:login"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_quality_referent_filters_the_plan_and_adds_an_action(browser_page):  # noqa: F811
    world = build_world()
    load_ml_framework()
    quality = world.user(Role.ML_QUALITY)
    make_action(
        world.ml, "Revoir l'accueil", user=quality, due_in_days=-3, priority=Priority.HIGH, owner=quality
    )
    make_action(
        world.ml,
        "Former les conseillers",
        user=quality,
        due_in_days=40,
        status=Status.IN_PROGRESS,
        progress=40,
        requirements=[requirement("ML-2030-1.1.2")],
    )
    make_action(world.ml, "Charte signée", user=quality, due_in_days=-20, status=Status.DONE)
    bp = browser_page
    _sign_in(bp, quality.email)
    page = bp.page
    page.locator("#navigation").get_by_role("link", name="Plan d'amélioration").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan d'amélioration continue")
    expect(page.locator(".plan-table tbody tr")).to_have_count(3)
    bp.screenshot("improvement-plan")

    page.get_by_label("Statut").select_option("IN_PROGRESS")
    expect(page.locator(".plan-table tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"statut=IN_PROGRESS"))
    expect(page.locator("#resultats-annonce")).to_have_text("1 action affichée")
    page.get_by_label("Statut").select_option("")
    page.get_by_label("En retard seulement").check()
    expect(page.locator(".plan-table tbody tr")).to_have_count(1)
    expect(page.locator(".plan-table")).to_contain_text("En retard de 3 jours")

    page.get_by_role("link", name="Nouvelle action").click()
    page.get_by_label("Intitulé").fill("Mettre à jour le livret d'accueil")
    page.get_by_label("Échéance").fill("2030-05-31")
    page.get_by_label("Filtrer la liste des exigences").fill("detail")
    visible = page.locator("[data-picker-item]:visible")
    expect(visible).to_have_count(1)
    visible.locator("input").check()
    bp.screenshot("improvement-create")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mettre à jour le livret d'accueil")
    assert list(
        ImprovementAction.objects.get(title__startswith="Mettre").requirements.values_list("ref", flat=True)
    ) == ["ML-2030-1.1.1.1"]
    page.get_by_label("Point d'avancement").fill("Maquette prête.")
    page.get_by_label("Avancement (%)").fill("30")
    page.get_by_role("button", name="Ajouter au journal").click()
    expect(page.locator(".journal")).to_contain_text("Maquette prête.")
    bp.screenshot("improvement-detail")
    bp.assert_clean()
