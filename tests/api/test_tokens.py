"""Personal API tokens: creation (secret shown once, only a hash kept), listing, revocation, scoping."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.api.models import MAX_ACTIVE_TOKENS, TOKEN_PREFIX, ApiToken

from ..factories import login
from ..html_checks import PageAudit
from .helpers import api_get, issue

pytestmark = pytest.mark.django_db

SECRET_RE = re.compile(r'id="nouveau-jeton" class="secret" value="(mlp_[^"]+)"')


def _create(client, name="Tableau de bord régional", validity="90"):
    return client.post(reverse("api:tokens"), {"name": name, "validity": validity})


def test_issue_keeps_only_a_hash_of_the_secret(world):
    token, secret = issue(world, Role.ML_DIRECTOR)
    assert secret.startswith(TOKEN_PREFIX) and len(secret) > 40
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get(pk=token.pk)]
    assert not any(secret in value for value in stored)
    assert ApiToken.find(secret) == token
    assert ApiToken.find(secret + "x") is None
    assert ApiToken.find("pas-un-jeton") is None


@pytest.mark.parametrize(
    "role",
    [
        Role.NATIONAL_ADMIN,
        Role.ARML_REFERENT,
        Role.ARML_STAFF,
        Role.ML_DIRECTOR,
        Role.ML_QUALITY,
        Role.ML_STAFF,
    ],
)
def test_roles_that_see_the_observatory_create_a_token_shown_once(role, world, client):
    user = world.user(role)
    login(client, user)
    response = _create(client)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = response.content.decode()
    secret = SECRET_RE.search(content).group(1)
    assert "il ne sera plus jamais affiché" in content
    token = ApiToken.objects.get(user=user)
    assert token.membership == user.current_membership
    assert token.name == "Tableau de bord régional"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    # The secret is never shown again.
    listing = client.get(reverse("api:tokens")).content.decode()
    assert secret not in listing and token.prefix in listing and "Tableau de bord régional" in listing
    # And it works.
    assert api_get(client, reverse("api:structures"), secret).status_code == 200


def test_token_without_expiry(world, client):
    login(client, world.user(Role.ARML_STAFF))
    _create(client, validity="")
    assert ApiToken.objects.get().expires_at is None


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COMMISSION_MEMBER, "NO_ROLE"])
def test_other_roles_cannot_create_a_token(role, world, client):
    login(client, world.user(role))
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert "ne permet pas de créer un jeton" in page.content.decode()
    assert _create(client).status_code == 403
    assert not ApiToken.objects.exists()


def test_bad_input_keeps_what_was_typed_and_creates_nothing(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    response = _create(client, name="   ", validity="7")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Donnez un nom au jeton." in content or "Ce champ est obligatoire." in content
    assert "Sélectionnez un choix valide" in content
    assert not ApiToken.objects.exists()
    assert 'id="nouveau-jeton"' not in content


def test_number_of_usable_tokens_is_capped(world, client):
    for index in range(MAX_ACTIVE_TOKENS):
        issue(world, Role.ML_DIRECTOR, name=f"jeton {index}")
    login(client, world.user(Role.ML_DIRECTOR))
    response = _create(client)
    assert f"Vous avez déjà {MAX_ACTIVE_TOKENS} jetons actifs" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS
    ApiToken.objects.first().revoke()
    _create(client)
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS + 1


def test_the_list_shows_only_ones_own_tokens(world, client):
    issue(world, Role.ML_DIRECTOR, name="Jeton de la direction")
    issue(world, Role.ML_QUALITY, name="Jeton de la qualité")
    login(client, world.user(Role.ML_QUALITY))
    content = client.get(reverse("api:tokens")).content.decode()
    assert "Jeton de la qualité" in content and "Jeton de la direction" not in content


def test_revoke_own_token(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302 and response.url == reverse("api:tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.status_label == "révoqué"
    assert api_get(client, reverse("api:structures"), secret).status_code == 401
    # Revoking twice changes nothing.
    revoked_at = token.revoked_at
    client.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at == revoked_at


def test_another_persons_token_is_not_found(world, client):
    token, _ = issue(world, Role.ML_DIRECTOR)
    for user_key in (Role.NATIONAL_ADMIN, Role.ML_QUALITY, "OTHER_ML_DIRECTOR"):
        login(client, world.user(user_key))
        assert client.post(reverse("api:token_revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(world, client):
    token, _ = issue(world, Role.ML_DIRECTOR)
    login(client, world.user(Role.ML_DIRECTOR))
    assert client.get(reverse("api:token_revoke", kwargs={"pk": token.pk})).status_code == 405


def test_token_list_query_count_does_not_grow_with_tokens(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    issue(world, Role.ML_DIRECTOR, name="premier")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("api:tokens")).status_code == 200
    for index in range(12):
        issue(world, Role.ML_DIRECTOR, name=f"jeton {index}")
    with CaptureQueriesContext(connection) as many:
        content = client.get(reverse("api:tokens")).content.decode()
    assert "jeton 11" in content
    assert len(many) == len(few)


def test_page_with_the_new_secret_meets_the_standards(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    issue(world, Role.ML_DIRECTOR, name="ancien")
    response = _create(client)
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1 and audit.lang == "fr"
    assert (audit.inline_scripts, audit.style_tags, audit.style_attributes, audit.inline_handlers) == (
        0,
        0,
        0,
        0,
    )
    assert not audit.unlabelled_fields
    assert set(audit.field_ids) <= audit.label_targets


def test_profile_links_to_the_token_page(world, client):
    login(client, world.user(Role.ML_STAFF))
    assert reverse("api:tokens") in client.get(reverse("accounts:profile")).content.decode()


def test_token_status_follows_its_role(world):
    token, _ = issue(world, Role.ML_DIRECTOR)
    assert token.status_label == "actif" and token.is_usable
    membership = token.membership
    membership.is_active = False
    membership.save()
    token = ApiToken.objects.select_related("user", "membership").get(pk=token.pk)
    assert token.status_label == "inutilisable (rôle retiré)" and not token.is_usable
    expired, _ = issue(world, Role.ML_STAFF, validity=timedelta(seconds=-1))
    assert expired.status_label == "expiré"
