"""axe-core over the main page of every application, for anonymous visitors and for each role.

How axe-core gets into the page: tests/browser/axe.py. One world is built, each person signs in
once (a session cookie), then reads every main page their role may open; the test fails on any
violation (WCAG 2.0 and 2.1, A and AA), listed by rule with its impact, the page, the role and
the elements concerned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mlplatform.accounts.enums import Role

from ..access_cases.activity_reports import report_kwargs as activity_report_kwargs
from ..access_cases.assessments import assessment_kwargs
from ..access_cases.evidence import _library_with_items
from ..access_cases.improvement import _plan_with_actions
from ..access_cases.label import _list_page, label_file_kwargs
from ..access_cases.observatory import with_sample
from ..access_cases.surveys import _public as surveys_public
from ..access_cases.surveys import _with_answers as surveys_with_answers
from ..access_cases.training import plan_kwargs as training_plan
from ..access_cases.training import session_kwargs as training_session
from ..assessments.factories import load_ml_framework, open_campaign
from ..factories import World, build_world, login
from ..label.factories import build_label_world, session_for
from .axe import audit, report
from .conftest import BrowserPage, open_page

pytestmark = pytest.mark.browser

ANONYMOUS = "ANONYMOUS"
ROLES = [*Role.values, ANONYMOUS]


@dataclass(frozen=True)
class MainPage:
    name: str  # what the report says
    path: Callable[[World], str]
    roles: tuple[str, ...] = tuple(Role.values)  # who reads it (those the page refuses are skipped)


def _url(name: str, builder: Callable[[World], dict] | None = None) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs=builder(world) if builder else None)


def _published(world: World) -> dict:
    """ARML Alpha's published 2023 report, with the figures of the observatory sample."""
    from mlplatform.activity_reports.models import ActivityReport

    from ..activity_reports.factories import published

    report = ActivityReport.objects.filter(structure=world.arml, year=2023).first() or published(world, 2023)
    return {"code": report.structure.code, "year": report.year, "edition": report.edition}


def training_with_session(world: World) -> dict:
    """The ARML's training plan with an action and a session."""
    training_session(world)
    return training_plan(world)


MAIN_PAGES = [
    MainPage("accueil", _url("core:home")),
    MainPage("arbre du réseau", _url("network:tree")),
    MainPage("fiche de structure", _url("network:structure", lambda w: {"code": w.ml.code})),
    MainPage("référentiels", _url("frameworks:list")),
    MainPage(
        "partie d'un référentiel",
        _url("frameworks:part", lambda w: {"code": "ML", "version": "2030", "number": "1"}),
    ),
    MainPage("auto-évaluations", _url("assessments:home")),
    MainPage("page de réponse", _url("assessments:assessment", assessment_kwargs)),
    MainPage("résultats", _url("assessments:results", assessment_kwargs)),
    MainPage("bibliothèque de preuves", _url("evidence:library", lambda w: {"code": w.ml.code})),
    MainPage("plan d'amélioration", _url("improvement:plan", lambda w: {"code": w.ml.code})),
    MainPage("labellisation", _url("label:home")),
    MainPage("dossier de labellisation", _url("label:file", lambda w: {"code": w.ml.code})),
    MainPage("tableau de bord du label", _url("label:dashboard")),
    MainPage("structures labellisées", _url("label:public"), roles=(*Role.values, ANONYMOUS)),
    MainPage("données ouvertes", _url("opendata:index"), roles=(ANONYMOUS,)),
    MainPage(
        "rapports d'activité publiés",
        _url("activity_reports:public_list", lambda w: (_published(w), {})[1]),
        roles=(ANONYMOUS,),
    ),
    MainPage(
        "rapport d'activité publié", _url("activity_reports:public_report", _published), roles=(ANONYMOUS,)
    ),
    MainPage("audits", _url("label:audit_list")),
    MainPage("séances de la commission", _url("label:sessions")),
    MainPage("observatoire", _url("observatory:home")),
    MainPage("chiffres clés", _url("observatory:figures", lambda w: {"code": w.ml.code, "year": 2023})),
    MainPage("baromètres", _url("surveys:campaigns")),
    MainPage("résultats d'un baromètre", _url("surveys:results", surveys_with_answers)),
    MainPage("questionnaire public", _url("surveys_public:answer", surveys_public), roles=(ANONYMOUS,)),
    MainPage("programmes", _url("programmes:list")),
    MainPage("animation du réseau", _url("animation:overview", lambda w: {"code": w.ml.code})),
    MainPage("plan régional de formation", _url("training:plan", training_with_session)),
    MainPage("bilan des formations", _url("training:review", training_plan)),
    MainPage("rapport d'activité en rédaction", _url("activity_reports:report", activity_report_kwargs)),
    MainPage("documentation de l'API", _url("api:index")),
    MainPage("mon compte", _url("accounts:profile")),
    MainPage("connexion", _url("accounts:login"), roles=(ANONYMOUS,)),
    # The legal pages (mlplatform/legal/data/accessibilite.yaml lists every page of MAIN_PAGES).
    MainPage("déclaration d'accessibilité", _url("legal:accessibility"), roles=(ANONYMOUS,)),
    MainPage("mentions légales", _url("legal:legal_notice"), roles=(ANONYMOUS,)),
    MainPage("données personnelles", _url("legal:personal_data"), roles=(ANONYMOUS,)),
    MainPage("contact", _url("legal:contact"), roles=(ANONYMOUS,)),
    MainPage("plan du site", _url("legal:sitemap"), roles=(ANONYMOUS, Role.NATIONAL_ADMIN, Role.ML_DIRECTOR)),
]


def _world() -> World:
    """The test world with what the main pages show: answers, evidence, actions, label files, figures."""
    world = build_world()
    # Three parts: the results page draws its radar. The label cycle below answers the assessment.
    world._campaign = open_campaign(world, load_ml_framework("2030", parts=3, commitments=2, requirements=2))
    session_for(build_label_world(world))
    _library_with_items(world)
    _plan_with_actions(world)
    label_file_kwargs(world, "ml2", "AUDIT_REQUESTED")
    _list_page(world)
    with_sample("ml")(world)
    return world


def _signed_in(browser, base_url: str, world: World, role: str) -> BrowserPage:
    bp = open_page(browser, base_url)
    if role != ANONYMOUS:
        client = login(Client(), world.user(role))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        bp.page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return bp


def test_main_pages_pass_axe(browser, live_server, transactional_db):
    world = _world()
    failures: list[tuple[str, str, str, dict]] = []
    audited: set[str] = set()
    pages: list[BrowserPage] = []
    try:
        for role in ROLES:
            bp = _signed_in(browser, live_server.url, world, role)
            pages.append(bp)
            for main in MAIN_PAGES:
                if role not in main.roles:
                    continue
                path = main.path(world)
                response = bp.goto(path)
                if response.status != 200 or response.url != bp.url(path):
                    continue  # not this role's page (refused or sent elsewhere)
                audited.add(main.name)
                failures += [(role, main.name, path, rule) for rule in audit(bp)]
        missing = sorted({main.name for main in MAIN_PAGES} - audited)
        assert not missing, f"pages que personne n'a pu ouvrir : {missing}"
        assert not failures, report(failures)
        for bp in pages:
            bp.assert_clean()
    finally:
        for bp in pages:
            bp.page.context.close()
