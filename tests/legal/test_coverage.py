"""The legal pages follow the platform as it grows: every model holding personal data is described on
the personal data page, every public page is in the site map, every section of the menu too, and
anonymous answering sets no other cookie than the CSRF token's."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mlplatform.accounts.enums import Role
from mlplatform.animation.enums import Theme
from mlplatform.animation.models import Referent
from mlplatform.core import french
from mlplatform.legal.processing import all_processing, retention_text

from ..access_cases.training import _evaluation_kwargs
from ..factories import PASSWORD, login
from ..links import internal_links
from ..surveys.helpers import link_of, post_data, youth_campaign

pytestmark = pytest.mark.django_db

# --- Every model holding personal data is described -----------------------------------------------

# Fields that name or reach a person (besides e-mail and IP address fields).
PERSON_FIELDS = {
    "first_name",
    "last_name",
    "phone",
    "president_name",
    "director_name",
    "contact",
    "signatories",
    "recipients",
    "address_hash",
}
# The model -> the processing of traitements.yaml that describes it (None: not personal data).
DESCRIBED = {
    "accounts.User": "comptes",
    "accounts.Invitation": "comptes",
    "api.ApiToken": "comptes",
    "accounts.LoginAttempt": "connexions",
    "core.OutgoingMail": "courriels",
    "label.ReminderSent": "courriels",
    "network.Structure": "repertoire",
    "network.Site": "repertoire",
    "animation.Referent": "animation",
    "animation.BodyMember": "animation",
    "animation.Partnership": "animation",
    "animation.Practice": "animation",
    "surveys.Invitation": "enquetes",
    "training.Registration": "formations",
    "assessments.Campaign": None,  # the name of a self-assessment campaign
}


def _holds_personal_data(model) -> bool:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.EmailField | models.GenericIPAddressField) or field.name in PERSON_FIELDS:
            return True
        if field.name == "name" and str(field.verbose_name) in ("nom", "nom et prénom"):
            return True
    return False


def test_every_model_holding_personal_data_is_described_on_the_personal_data_page():
    found = {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("mlplatform.") and _holds_personal_data(model)
    }
    assert found == set(DESCRIBED), (
        "Décrivez le traitement dans mlplatform/legal/data/traitements.yaml, puis ajoutez le modèle à "
        f"DESCRIBED.\nnouveaux : {sorted(found - set(DESCRIBED))}"
        f"\ndisparus : {sorted(set(DESCRIBED) - found)}"
    )
    keys = {item.key for item in all_processing()}
    assert {key for key in DESCRIBED.values() if key} <= keys


# --- The site map ----------------------------------------------------------------------------------

# Open to anyone but not pages to list: steps of a form, a redirect, machine-readable documents.
NOT_IN_SITE_MAP = {
    "admin:login",  # sends to the platform's sign-in
    "core:healthz",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "api:openapi",
    "api:observatory_years",
    "api:observatory_indicators",
    "api:observatory_structures",
    "api:structures",
}


def _public_routes(patterns, namespace: str = "") -> list[tuple[str, bool]]:
    """(URL name, has parameters) of every route open without signing in."""
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            routes += _public_routes(pattern.url_patterns, inner if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "login_required", True) is False:
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            routes.append((name, bool(pattern.pattern.converters)))
    return routes


def test_the_site_map_lists_every_public_page(client):
    content = client.get(reverse("legal:sitemap")).content.decode()
    links = set(internal_links(content))
    routes = _public_routes(get_resolver().url_patterns)
    assert ("legal:sitemap", False) in routes and ("activity_reports:public_list", False) in routes
    missing = [
        name
        for name, has_parameters in routes
        if not has_parameters and name not in NOT_IN_SITE_MAP and reverse(name) not in links
    ]
    assert not missing, f"Pages publiques absentes du plan du site : {missing}"
    # Pages reached by a personal link (questionnaires, opinions on a training session) are explained.
    assert {"surveys_public:answer", "training:evaluate"} <= {name for name, _ in routes}
    assert "Les questionnaires de satisfaction des baromètres et les avis sur les sessions" in content


def _main_menu(html: str) -> list[str]:
    menu = re.search(r'<nav id="navigation".*?</nav>', html, re.S)
    assert menu, "menu principal introuvable"
    return internal_links(menu.group(0))


@pytest.mark.parametrize(
    "role", [Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ML_DIRECTOR, Role.ML_STAFF, Role.AUDITOR]
)
def test_the_site_map_lists_every_section_of_the_menu(role, world, client):
    login(client, world.user(role))
    content = client.get(reverse("legal:sitemap")).content.decode()
    menu = _main_menu(content)
    sections = re.search(r'<section aria-labelledby="rubriques-titre">.*?</section>', content, re.S)
    assert menu and sections
    missing = [link for link in menu if link not in internal_links(sections.group(0))]
    assert not missing, f"Rubriques du menu absentes du plan du site ({role}) : {missing}"


# --- Rights: where to exercise them ---------------------------------------------------------------


def test_each_processing_says_where_rights_are_exercised(client):
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "auprès du référent RGPD de la Mission Locale qui vous accompagne" in content  # observatory
    assert "auprès de la structure qui a enregistré ces données, et de son référent RGPD" in content
    assert "les réponses étant anonymes, personne ne peut retrouver les vôtres" in content  # surveys
    assert "article 11 du RGPD" in content
    assert "Le référent RGPD de votre structure" not in content  # a visitor has no structure


def test_a_member_of_a_structure_is_shown_its_gdpr_referent(world, client):
    login(client, world.user(Role.ML_STAFF))
    structure = world.user(Role.ML_STAFF).active_membership().structure
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "Le référent RGPD de votre structure" in content
    assert f"Aucun référent « {Theme.RGPD.label} » n'est enregistré pour {french.le(structure)}" in content
    assert f'href="{reverse("animation:overview", args=[structure.code])}#referents"' in content
    Referent.objects.create(
        structure=structure, theme=Theme.RGPD, name="Dominique Exemple", email="rgpd@ml.example.org"
    )
    Referent.objects.create(structure=world.ml2, theme=Theme.RGPD, name="Autre Structure")
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "Dominique Exemple" in content and 'href="mailto:rgpd@ml.example.org"' in content
    assert "Autre Structure" not in content


def test_someone_who_still_has_to_pass_the_second_factor_is_not_shown_the_referent(world, client):
    admin = world.user(Role.NATIONAL_ADMIN)
    Referent.objects.create(structure=world.unml, theme=Theme.RGPD, name="Camille Référente")
    client.post(reverse("accounts:login"), {"email": admin.email, "password": PASSWORD})
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert "Camille Référente" not in content and "Le référent RGPD de votre structure" not in content


# --- Cookies on the pages open without an account -------------------------------------------------


def test_anonymous_answering_sets_no_cookie_but_the_csrf_token(world, client):
    campaign = youth_campaign(world)
    url = reverse("surveys_public:answer", kwargs={"token": link_of(campaign, world.ml).token})
    responses = [client.get(url), client.post(url, post_data())]
    assert "Merci pour vos réponses" in responses[-1].content.decode()
    evaluation = reverse("training:evaluate", kwargs=_evaluation_kwargs(world))
    responses += [client.get(evaluation), client.post(evaluation, {"satisfaction": "4", "usefulness": "3"})]
    assert responses[-1].status_code == 200
    names = {name for response in responses for name in response.cookies}
    assert names <= {settings.CSRF_COOKIE_NAME}, names


# --- E-mails to people without an account forget their address once sent ------------------------

FORGETTING_APPS = ("surveys", "training")  # anonymous respondents, training participants


def _notify_calls(app: str) -> list[tuple[str, bool]]:
    """(file:line, passes forget_recipients=True) for every ``notify(...)`` call of the app."""
    calls = []
    for path in sorted((Path(settings.BASE_DIR) / "mlplatform" / app).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "notify"
            ):
                forgets = any(
                    k.arg == "forget_recipients"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value is True
                    for k in node.keywords
                )
                calls.append((f"{path.name}:{node.lineno}", forgets))
    return calls


def test_the_emails_said_to_forget_their_recipient_do():
    """The personal data page says the address is erased once sent for survey invitations and for the
    e-mails to training participants (people without an account): every such call says so."""
    text = " ".join(
        retention_text(r) for item in all_processing() if item.key == "courriels" for r in item.retention
    )
    assert "invitations aux enquêtes anonymes" in text and "inscrites à une formation" in text
    for app in FORGETTING_APPS:
        calls = _notify_calls(app)
        assert calls, app
        assert [where for where, forgets in calls if not forgets] == [], app
