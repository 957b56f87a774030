"""The self-assessment loop in a real Chromium.

The ML quality referent answers (HTMX saves), attaches a file, watches the score move and
submits; the ARML referent finds the ML in the regional heat map and reopens the assessment.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.models import Answer, AnswerEvidence

from ..assessments.factories import assessment_of, load_ml_framework, open_campaign
from ..evidence.samples import pdf
from ..factories import PASSWORD, build_world

pytestmark = pytest.mark.browser


def _sign_in(bp, email: str) -> None:
    page = bp.page
    bp.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _sign_out(bp) -> None:
    bp.page.get_by_role("button", name="Se déconnecter").click()


def test_answer_attach_submit_then_the_arml_reopens(browser_page, tmp_path):
    bp, page = browser_page, browser_page.page
    world = build_world()
    campaign = open_campaign(world, load_ml_framework("2030", parts=1, commitments=2, requirements=2))
    assessment = assessment_of(campaign, world.ml)
    requirements = list(assessment.framework_version.requirements.order_by("position"))
    page.on("dialog", lambda dialog: dialog.accept())

    _sign_in(bp, world.user(Role.ML_QUALITY).email)
    page.locator("#navigation").get_by_role("link", name="Auto-évaluation").click()
    page.get_by_role("link", name=re.compile("^Répondre")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mission Locale Alpha Un")
    summary = page.locator("#synthese")
    expect(summary).to_contain_text("Score global : —")

    # The first answer, saved as soon as it is given: the score moves without a reload.
    first = page.locator(f"#exigence-{requirements[0].pk}")
    first.get_by_label("3 — Mis en œuvre et évalué").check()
    expect(page.locator(f"#etat-{requirements[0].pk}")).to_contain_text("Enregistré le")
    expect(summary).to_contain_text("Score global : 100")
    for requirement in requirements[1:]:
        page.locator(f"#exigence-{requirement.pk}").get_by_label("1 — Partiellement mis en œuvre").check()
        expect(page.locator(f"#etat-{requirement.pk}")).to_contain_text("Enregistré le")
    expect(summary).to_contain_text(f"{len(requirements)} réponses sur {len(requirements)} exigences")
    assert Answer.objects.filter(assessment=assessment, level__isnull=False).count() == len(requirements)

    # The justification is asked for « Non applicable » only: hidden until it is chosen, then kept.
    last = page.locator(f"#exigence-{requirements[-1].pk}")
    justification = last.get_by_label("Justification si non applicable")
    expect(justification).to_be_hidden()
    last.get_by_label("Non applicable", exact=True).check()
    expect(justification).to_be_visible()
    expect(page.locator(f"#etat-{requirements[-1].pk}")).to_contain_text("demande une justification")
    justification.fill("Pas de site d'accueil secondaire sur ce territoire.")
    justification.blur()
    expect(page.locator(f"#etat-{requirements[-1].pk}")).to_contain_text("Enregistré le")
    assert Answer.objects.get(assessment=assessment, requirement=requirements[-1]).not_applicable
    page.reload()
    expect(last.get_by_label("Justification si non applicable")).to_be_visible()
    last.get_by_label("1 — Partiellement mis en œuvre").check()
    expect(last.get_by_label("Justification si non applicable")).to_be_hidden()
    expect(page.locator(f"#etat-{requirements[-1].pk}")).to_contain_text("Enregistré le")

    # A comment typed then left is saved too.
    first.get_by_label("Commentaire").fill("Procédure écrite en 2025.")
    first.get_by_label("Commentaire").blur()
    expect(page.locator(f"#etat-{requirements[0].pk}")).to_contain_text("Enregistré le")

    # Attach a file from the requirement's page.
    first.get_by_role("link", name=re.compile(r"^Preuves \(0\)")).click()
    file = tmp_path / "compte-rendu.pdf"
    file.write_bytes(pdf("Compte rendu du conseil"))
    page.get_by_label("Titre de la preuve").fill("Compte rendu du conseil d'administration")
    page.get_by_label("Fichier").set_input_files(str(file))
    page.get_by_role("button", name="Déposer et rattacher").click()
    expect(page.locator(".messages")).to_contain_text("ajouté à la bibliothèque et rattaché")
    expect(page.locator("#preuves")).to_contain_text("Compte rendu du conseil d'administration")
    assert AnswerEvidence.objects.filter(assessment=assessment, requirement=requirements[0]).exists()

    page.get_by_role("link", name=re.compile("Mission Locale Alpha Un —")).click()
    expect(page.locator(f"#exigence-{requirements[0].pk}")).to_contain_text("Preuves (1)")
    page.get_by_role("button", name="Soumettre l'auto-évaluation").click()
    expect(page.locator(".messages")).to_contain_text("Auto-évaluation soumise")
    expect(page.locator(f"#exigence-{requirements[0].pk}").get_by_role("radio")).to_have_count(0)
    bp.screenshot("auto-evaluation-soumise")
    bp.assert_clean()
    _sign_out(bp)

    # The ARML referent follows the region and reopens.
    _sign_in(bp, world.user(Role.ARML_REFERENT).email)
    page.locator("#navigation").get_by_role("link", name="Auto-évaluation").click()
    page.get_by_role("link", name=re.compile("^Carte de chaleur")).first.click()
    row = page.get_by_role("row", name=re.compile("Mission Locale Alpha Un"))
    expect(row).to_contain_text("Soumise")
    bp.screenshot("carte-de-chaleur-regionale")
    row.get_by_role("link", name="Mission Locale Alpha Un").click()
    page.get_by_role("link", name="Rouvrir").click()
    page.get_by_label("Motif de la réouverture").fill("Merci de préciser les preuves de l'engagement 1.2.")
    page.get_by_role("button", name="Rouvrir").click()
    expect(page.locator(".messages")).to_contain_text("Auto-évaluation rouverte")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert assessment.events.count() == 2
    bp.assert_clean()


def test_one_part_at_a_time_with_the_next_requirement_and_the_filters(browser_page):
    bp, page = browser_page, browser_page.page
    world = build_world()
    campaign = open_campaign(world, load_ml_framework("2034", parts=2, commitments=1, requirements=1))
    assessment = assessment_of(campaign, world.ml)
    first, child, second, second_child = list(assessment.framework_version.requirements.order_by("position"))

    _sign_in(bp, world.user(Role.ML_QUALITY).email)
    bp.goto(f"/auto-evaluation/{assessment.pk}/")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Partie 1"))).to_be_visible()
    expect(page.locator(f"#exigence-{second.pk}")).to_have_count(0)  # part 2 is not on this page
    next_link = page.get_by_role("link", name=re.compile("^Prochaine exigence sans réponse"))
    expect(next_link).to_contain_text(first.ref)

    # Answering moves the link on, to the next requirement left without an answer, in part 2 at the end.
    page.locator(f"#exigence-{first.pk}").get_by_label("2 — Mis en œuvre").check()
    expect(next_link).to_contain_text(child.ref)
    page.locator(f"#exigence-{child.pk}").get_by_label("2 — Mis en œuvre").check()
    expect(next_link).to_contain_text(second.ref)
    next_link.click()
    expect(page.get_by_role("heading", level=2, name=re.compile("^Partie 2"))).to_be_visible()
    assert page.url.endswith(f"?partie=2#exigence-{second.pk}")

    # The filter keeps what is left to answer in the part.
    page.locator(f"#exigence-{second.pk}").get_by_label("1 — Partiellement mis en œuvre").check()
    expect(page.locator(f"#etat-{second.pk}")).to_contain_text("Enregistré le")
    page.get_by_role("link", name=re.compile(r"^Sans réponse")).click()
    expect(page.locator(f"#exigence-{second_child.pk}")).to_be_visible()
    expect(page.locator(f"#exigence-{second.pk}")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("1 exigence sur 2")
