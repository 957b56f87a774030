"""The legal pages: public, linked from the footer of every page (error pages included), saying what
the deployment's settings say, and the only cookies the platform sets are those the page names."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils.formats import date_format
from django.views import defaults

from mlplatform.accounts.enums import Role
from mlplatform.legal.checks import REQUIRED_IN_PRODUCTION
from mlplatform.legal.statement import statement

from ..factories import PASSWORD, login
from ..html_checks import LEGAL_PAGES, problems_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_every_legal_page_is_public_and_in_french(name, client):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert problems_of(response.content.decode()) == []


def test_the_footer_links_to_the_legal_pages_with_the_conformity_state(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert '<nav class="legal-links" aria-label="Informations légales">' in content
    assert f'<a href="{reverse("legal:accessibility")}">Accessibilité : non conforme</a>' in content
    for name in LEGAL_PAGES:
        assert f'href="{reverse(name)}"' in content


def test_the_footer_marks_the_page_being_read(client):
    content = client.get(reverse("legal:contact")).content.decode()
    assert f'<a href="{reverse("legal:contact")}" aria-current="page">Contact</a>' in content


def test_signed_in_pages_and_error_pages_carry_the_footer(world, client):
    login(client, world.user(Role.ML_STAFF))
    for path, status in (("/", 200), ("/nulle-part/", 404), (reverse("network:registry_import"), 403)):
        response = client.get(path)
        assert response.status_code == status
        # The client checks every page (tests/html_checks.py), the legal links of the footer included.
        assert f'href="{reverse("legal:sitemap")}"' in response.content.decode()


def test_the_500_page_links_to_the_legal_pages_without_any_template_tag():
    """500.html is written out by hand so that it renders whatever else is broken: its addresses of
    the legal pages must be those of the routes."""
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert problems_of(response.content.decode()) == []


def test_the_html_check_requires_the_footer_links_except_on_print_layouts():
    page = (
        '<html lang="fr"><body><a href="#contenu">Aller</a>'
        '<main id="contenu"><h1>Titre</h1></main>{}</body></html>'
    )
    assert any("pied de page" in problem for problem in problems_of(page.format("<footer></footer>")))
    printed = page.replace(
        "<body>", '<head><link rel="stylesheet" href="/static/css/print.css"></head><body>'
    )
    assert problems_of(printed.format("")) == []


def test_people_who_still_have_to_pass_the_second_factor_may_read_them(world, client):
    admin = world.user(Role.NATIONAL_ADMIN)
    client.post(reverse("accounts:login"), {"email": admin.email, "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 302  # to the second factor
    for name in LEGAL_PAGES:
        assert client.get(reverse(name)).status_code == 200, name


@override_settings(
    LEGAL_PUBLISHER_NAME="Union nationale des Missions Locales (UNML)",
    LEGAL_PUBLISHER_ADDRESS="1 rue de l'Exemple\n75000 Paris",
    LEGAL_PUBLISHER_PHONE="01 00 00 00 00",
    LEGAL_PUBLICATION_DIRECTOR="Camille Exemple, présidente",
    LEGAL_HOST_NAME="Hébergeur Exemple SAS",
    LEGAL_HOST_ADDRESS="2 avenue de l'Hébergement, 69000 Lyon",
    LEGAL_HOST_PHONE="04 00 00 00 00",
    LEGAL_CONTACT_EMAIL="contact@label.example.org",
)
def test_the_legal_notice_says_what_the_settings_say(client):
    content = client.get(reverse("legal:legal_notice")).content.decode()
    for text in (
        "1 rue de l&#x27;Exemple<br>75000 Paris",
        "01 00 00 00 00",
        "Camille Exemple, présidente",
        "Hébergeur Exemple SAS",
        "2 avenue de l&#x27;Hébergement, 69000 Lyon",
        "04 00 00 00 00",
        'href="mailto:contact@label.example.org"',
        "propriété de l'UNML",
    ):
        assert text in content, text
    assert "non renseign" not in content


@override_settings(LEGAL_PUBLISHER_ADDRESS="", LEGAL_PUBLICATION_DIRECTOR="", LEGAL_HOST_NAME="")
def test_nothing_is_invented_when_a_setting_is_empty(client):
    content = client.get(reverse("legal:legal_notice")).content.decode()
    assert "non renseignée" in content and "Non renseignée." in content


@override_settings(LEGAL_CONTACT_EMAIL="signaler@label.example.org", LEGAL_PRIVACY_EMAIL="")
def test_the_contact_address_is_the_deployments(client):
    contact = client.get(reverse("legal:contact")).content.decode()
    assert 'href="mailto:signaler@label.example.org?subject=' in contact
    statement = client.get(reverse("legal:accessibility")).content.decode()
    assert 'href="mailto:signaler@label.example.org?subject=' in statement
    # Without an address of its own, rights are exercised at the contact address.
    data = client.get(reverse("legal:personal_data")).content.decode()
    assert 'href="mailto:signaler@label.example.org?subject=' in data


@override_settings(LEGAL_CONTACT_EMAIL="", LEGAL_PRIVACY_EMAIL="")
def test_without_a_contact_address_the_contact_page_says_so(client):
    content = client.get(reverse("legal:contact")).content.decode()
    assert "Aucune adresse de contact n'est encore renseignée" in content
    assert "mailto:" not in content


@override_settings(
    LEGAL_PRIVACY_EMAIL="dpo@label.example.org", LEGAL_CONTACT_EMAIL="contact@label.example.org"
)
def test_rights_are_exercised_at_the_privacy_address_and_with_the_missions_locales_referent(client):
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert 'href="mailto:dpo@label.example.org?subject=' in content
    assert "référent RGPD de votre Mission Locale" in content and "4.2.2.5" in content


def test_the_accessibility_statement_has_the_rgaa_form(client):
    content = client.get(reverse("legal:accessibility")).content.decode()
    for text in (
        "<strong>non conforme</strong>",
        "RGAA), version 4.1.2",
        "Aucun audit de conformité au RGAA n'a encore été réalisé",
        "Contenus non accessibles",
        f"Cette déclaration a été établie le {date_format(statement().established_on, 'j F Y')}.",
        "axe-core (version 4.14.1",
        "Déclaration d&#x27;accessibilité</li>",  # the pages axe-core audits, this one included
        "Défenseur des droits",
        "Libre réponse 71120, 75342 Paris CEDEX 07",
    ):
        assert text in content, text


def test_the_site_map_lists_the_public_pages_and_the_sections_of_a_role(world, client):
    anonymous = client.get(reverse("legal:sitemap")).content.decode()
    public = ("label:public", "opendata:index", "activity_reports:public_list")
    for name in (*public, "accounts:login", "accounts:password_reset", *LEGAL_PAGES):
        assert f'href="{reverse(name)}"' in anonymous, name
    assert "Vos rubriques" not in anonymous
    login(client, world.user(Role.NATIONAL_ADMIN))
    admin = client.get(reverse("legal:sitemap")).content.decode()
    assert "Vos rubriques" in admin and f'href="{reverse("network:registry_import")}"' in admin
    assert f'href="{reverse("accounts:login")}"' not in admin


@pytest.mark.parametrize("name", REQUIRED_IN_PRODUCTION)
def test_check_deploy_warns_about_each_missing_legal_setting(name):
    complete = dict.fromkeys(REQUIRED_IN_PRODUCTION, "renseigné")
    with override_settings(**complete):
        assert [m for m in run_checks(include_deployment_checks=True) if m.id == "legal.W001"] == []
    with override_settings(**{**complete, name: ""}):
        warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "legal.W001"]
    assert [w.msg.split()[0] for w in warnings] == [name]


# --- Cookies: the page names them, and they are the only ones -------------------------------------


def test_the_personal_data_page_names_the_cookies_from_the_settings(client):
    content = client.get(reverse("legal:personal_data")).content.decode()
    assert f"<code>{settings.SESSION_COOKIE_NAME}</code>" in content
    assert f"<code>{settings.CSRF_COOKIE_NAME}</code>" in content
    assert "10 heures" in content  # SESSION_COOKIE_AGE
    with override_settings(SESSION_COOKIE_NAME="mlp_session", SESSION_COOKIE_AGE=2 * 3600):
        content = client.get(reverse("legal:personal_data")).content.decode()
    assert "<code>mlp_session</code>" in content and "2 heures" in content


def test_the_platform_sets_no_other_cookie(world, client):
    """Sign in, save the profile (a message shown after a redirect: kept in the session, not in a
    cookie), sign out: every cookie set on the way is the session's or the CSRF token's."""
    user = world.user(Role.ML_DIRECTOR)
    responses = [client.get(reverse("accounts:login"))]
    responses.append(client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD}))
    responses.append(
        client.post(reverse("accounts:profile"), {"first_name": "Claude", "last_name": "Exemple"})
    )
    page = client.get(reverse("accounts:profile"))
    assert "Votre profil est enregistré." in page.content.decode()
    responses += [page, client.post(reverse("accounts:logout"))]
    names = {name for response in responses for name in response.cookies}
    assert names <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}, names
    assert settings.SESSION_COOKIE_NAME in names
