"""One label file from enrolment to certificate, in a real Chromium, switching between the people.

Each person works in a browser context of their own (their own session), as they would on their
own computer: the Mission Locale's quality referent, its ARML referent, the lead auditor, the
pair of auditors, the national admin (sessions of the commission) and a commission member. The
national admin and the commission member sign in with their second factor.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mlplatform.accounts.enums import Role
from mlplatform.accounts.twofactor import current_code
from mlplatform.audits import work as audit_work
from mlplatform.audits.enums import AuditStatus
from mlplatform.audits.models import Audit
from mlplatform.commission.enums import Outcome
from mlplatform.commission.models import Decision
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile

from ..assessments.factories import answer_all, assessment_of, load_ml_framework, open_campaign
from ..factories import PASSWORD, build_world
from ..label.factories import build_label_world
from .conftest import BrowserPage, open_page

pytestmark = pytest.mark.browser
ML = "Mission Locale Alpha Un"


class People:
    """One signed-in browser context per person."""

    def __init__(self, browser, live_server) -> None:
        self.browser, self.base_url, self.pages = browser, live_server.url, []

    def sign_in(self, user) -> BrowserPage:
        bp = open_page(self.browser, self.base_url)
        page = bp.page
        page.on("dialog", lambda dialog: dialog.accept())
        bp.goto("/connexion/")
        page.get_by_label("Adresse électronique").fill(user.email)
        page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        if user.requires_two_factor():
            code = current_code(TOTPDevice.objects.get(user=user, confirmed=True))
            page.get_by_label("Code à 6 chiffres").fill(code)
            page.get_by_role("button", name="Vérifier").click()
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        self.pages.append(bp)
        return bp

    def close(self) -> None:
        for bp in self.pages:
            bp.page.context.close()


def _message(bp: BrowserPage, text: str) -> None:
    expect(bp.page.locator(".messages")).to_contain_text(text)


@pytest.fixture
def people(browser, live_server, transactional_db):
    people = People(browser, live_server)
    try:
        yield people
        for bp in people.pages:
            bp.assert_clean()
    finally:
        people.close()


def test_one_file_from_enrolment_to_certificate(people):
    world = build_world()
    lw = build_label_world(world)
    campaign = open_campaign(world, load_ml_framework("2030", parts=1, commitments=2, requirements=1))
    answer_all(assessment_of(campaign, world.ml), world.user(Role.ML_QUALITY))
    for user in (world.user(Role.NATIONAL_ADMIN), lw.member):
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    today = timezone.localdate()

    # The Mission Locale enrols, submits its self-assessment (retained at once), asks for its audit.
    ml = people.sign_in(world.user(Role.ML_QUALITY))
    page = ml.page
    page.locator("#navigation").get_by_role("link", name="Labellisation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Dossier de labellisation : {ML}")
    page.get_by_role("button", name=f"Engager la {ML}").click()
    _message(ml, "est engagée dans la démarche de labellisation")
    page.locator("#navigation").get_by_role("link", name="Auto-évaluation").click()
    page.get_by_role("link", name=re.compile("Campagne d'essai")).first.click()
    page.get_by_role("button", name="Soumettre l'auto-évaluation").click()
    _message(ml, "Auto-évaluation soumise")
    page.locator("#navigation").get_by_role("link", name="Labellisation").click()
    expect(page.locator(".label-status")).to_contain_text("Auto-évaluation soumise")
    page.get_by_label("Attestation de la structure").fill("Plan d'amélioration suivi, preuves réunies.")
    page.get_by_role("button", name="Demander l'audit").click()
    _message(ml, "Demande d'audit enregistrée")
    expect(page.locator(".label-status")).to_contain_text("Audit demandé")

    # Its ARML referent finds the request on the regional dashboard and gives an opinion.
    arml = people.sign_in(world.user(Role.ARML_REFERENT))
    page = arml.page
    page.locator("#navigation").get_by_role("link", name="Labellisation").click()
    expect(page.locator("main")).to_contain_text("1 demande d'audit en attente de l'avis de l'ARML")
    page.get_by_role("link", name=ML).click()
    page.get_by_label("Favorable", exact=True).check()
    page.get_by_label("Motivation de l'avis").fill("Démarche accompagnée par l'ARML : prête.")
    page.get_by_role("button", name="Enregistrer l'avis").click()
    _message(arml, "Avis de l'ARML enregistré")
    expect(page.locator("main")).to_contain_text("Démarche accompagnée par l'ARML : prête.")

    # The lead auditor assigns a pair without conflict of interest.
    lead = people.sign_in(lw.lead)
    page = lead.page
    lead.goto("/labellisation/audits/a-affecter/")
    page.get_by_role("link", name=re.compile(f"Affecter l'audit de la {ML}")).click()
    page.get_by_label("Auditeur·rice certifié·e externe").select_option(str(lw.external.pk))
    page.get_by_label("Auditeur·rice du réseau").select_option(str(lw.network.pk))
    page.get_by_label("Premier jour").fill(today.isoformat())
    page.get_by_label("Dernier jour").fill(today.isoformat())
    page.get_by_role("button", name="Affecter l'audit").click()
    expect(page.locator("main")).to_contain_text(ML)
    audit = Audit.objects.get(file__structure=world.ml)
    assert (audit.external_auditor, audit.network_auditor) == (lw.external, lw.network)
    first, second = list(audit_work.audit_commitments(audit))[:2]

    # The pair: the external auditor writes a finding and the overall opinion...
    external = people.sign_in(lw.external)
    page = external.page
    external.goto("/labellisation/audits/")
    page.get_by_role("link", name=ML).click()
    page.get_by_role("link", name="Constats et avis").click()
    block = page.locator(f"#engagement-{first.pk}")
    block.get_by_label(re.compile("^Nouveau constat")).fill("Accueil sans rendez-vous bien organisé.")
    block.get_by_role("button", name=re.compile("^Ajouter")).click()
    expect(block).to_contain_text("Accueil sans rendez-vous bien organisé.")
    page.get_by_role("textbox", name="Avis global").fill("Démarche solide et partagée par l'équipe.")
    page.get_by_role("button", name="Enregistrer l'avis global").click()
    _message(external, "L'avis global est enregistré.")

    # ...the network auditor adds an alert point and delivers the report.
    network = people.sign_in(lw.network)
    page = network.page
    network.goto("/labellisation/audits/")
    page.get_by_role("link", name=ML).click()
    page.get_by_role("link", name="Constats et avis").click()
    block = page.locator(f"#engagement-{second.pk}")
    block.get_by_label(re.compile("^Nature")).select_option("ALERT")
    block.get_by_label(re.compile("^Nouveau constat")).fill("Le plan de formation n'est pas formalisé.")
    block.get_by_role("button", name=re.compile("^Ajouter")).click()
    expect(block).to_contain_text("Le plan de formation n'est pas formalisé.")
    page.get_by_role("button", name="Remettre le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport d'audit")
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.DELIVERED

    # The Mission Locale reads its file: the report is there.
    page = ml.page
    page.locator("#navigation").get_by_role("link", name="Labellisation").click()
    expect(page.locator(".label-status")).to_contain_text("Auditée (rapport remis)")
    expect(page.locator("main")).to_contain_text("Rapport d'audit")

    # The national admin programmes a session with the commission member and puts the file on it.
    admin = people.sign_in(world.user(Role.NATIONAL_ADMIN))
    page = admin.page
    admin.goto("/labellisation/commission/")
    page.get_by_role("link", name="Programmer une séance").click()
    page.get_by_label("Intitulé de la séance").fill("Commission de labellisation d'essai")
    page.get_by_label("Date de la séance").fill(today.isoformat())
    page.get_by_label(re.compile(re.escape(lw.member.email))).check()
    page.get_by_role("button", name="Programmer la séance").click()
    page.get_by_label(ML).check()
    page.get_by_role("button", name="Inscrire les dossiers cochés").click()
    expect(page.locator("main")).to_contain_text(ML)
    assert LabelFile.objects.get(structure=world.ml).stage == Stage.ON_AGENDA

    # The commission member reads the file of the agenda and decides.
    member = people.sign_in(lw.member)
    page = member.page
    member.goto("/labellisation/commission/")
    page.get_by_role("link", name="Commission de labellisation d'essai").click()
    page.get_by_role("link", name=ML).click()
    expect(page.locator("main")).to_contain_text("Démarche solide et partagée par l'équipe.")
    page.get_by_label("Labellisation", exact=True).check()
    page.get_by_label("Motifs de la décision").fill("Les engagements du référentiel sont tenus.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("main")).to_contain_text("Les engagements du référentiel sont tenus.")

    # The national admin closes the session: the decision is final, the file labelled.
    page = admin.page
    page.get_by_role("link", name="Clore la séance").click()
    page.get_by_role("button", name="Clore la séance").click()
    _message(admin, "Séance close")
    file = LabelFile.objects.get(structure=world.ml)
    assert file.stage == Stage.LABELLED and file.valid_from == today
    decision = Decision.objects.get(file=file)
    assert decision.is_final and decision.outcome == Outcome.LABELLED

    # The Mission Locale gets its certificate, and appears on the public list.
    page = ml.page
    page.locator("#navigation").get_by_role("link", name="Labellisation").click()
    expect(page.locator(".label-status")).to_contain_text("Label valable jusqu'au")
    certificate = page.get_by_role("link", name="Certificat de label (PDF)")
    response = page.request.get(ml.url(certificate.get_attribute("href")))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    steps = list(file.transitions.values_list("to_stage", flat=True))
    for stage in (Stage.ENROLLED, Stage.SELF_ASSESSED, Stage.AUDIT_REQUESTED, Stage.AUDIT_SCHEDULED):
        assert stage in steps
    for stage in (Stage.AUDITED, Stage.ON_AGENDA, Stage.LABELLED):
        assert stage in steps
    ml.screenshot("label-dossier-labellise")
    ml.goto("/labellisation/labellisees/")
    expect(page.locator("main")).to_contain_text(ML)

    for bp in people.pages:
        bp.assert_clean()
