"""Token authentication: 401 cases, no session, GET only, last use, throttling."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.api.models import ApiToken

from ..factories import login
from .helpers import api_get, issue

pytestmark = pytest.mark.django_db

URL_NAMES = [
    "api:structures",
    "api:observatory_years",
    "api:observatory_indicators",
    "api:observatory_structures",
]


def _assert_401(response, fragment: str, *, invalid_token: bool = True) -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert fragment in response.json()["detail"]
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="api"')
    assert ('error="invalid_token"' in challenge) is invalid_token
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", URL_NAMES)
def test_missing_token_is_401_not_a_redirect(name, world, client):
    _assert_401(api_get(client, reverse(name), None), "Authentification requise", invalid_token=False)


@pytest.mark.parametrize("name", URL_NAMES)
def test_a_session_is_not_enough(name, world, client):
    """Signed in on the platform but no token: the API ignores the session cookie."""
    login(client, world.user(Role.NATIONAL_ADMIN))
    _assert_401(api_get(client, reverse(name), None), "Authentification requise", invalid_token=False)


@pytest.mark.parametrize(
    "header",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token mlp_abc", "mlp_abc"],
)
def test_malformed_header(header, world, client):
    response = client.get(reverse("api:structures"), headers={"Authorization": header})
    _assert_401(response, "mal formé")


def test_unknown_token(world, client):
    _, secret = issue(world, Role.ML_DIRECTOR)
    _assert_401(api_get(client, reverse("api:structures"), secret[:-1] + "?"), "Jeton d'accès invalide")
    _assert_401(api_get(client, reverse("api:structures"), "autre-chose"), "Jeton d'accès invalide")


def test_revoked_token(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    token.revoke()
    _assert_401(api_get(client, reverse("api:structures"), secret), "révoqué")


def test_expired_token(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR, validity=timedelta(days=30))
    assert api_get(client, reverse("api:structures"), secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    _assert_401(api_get(client, reverse("api:structures"), secret), "a expiré le")


def test_token_of_a_withdrawn_role(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    membership = token.membership
    membership.is_active = False
    membership.save()
    _assert_401(api_get(client, reverse("api:structures"), secret), "rôle pour lequel il a été créé")


def test_token_of_a_role_that_no_longer_sees_the_observatory(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    membership = token.membership
    membership.role = Role.AUDITOR
    membership.save()
    _assert_401(api_get(client, reverse("api:structures"), secret), "ne donne plus accès")


def test_token_of_a_deactivated_person(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    token.user.is_active = False
    token.user.save()
    _assert_401(api_get(client, reverse("api:structures"), secret), "n'est plus utilisable")


def test_token_acts_for_its_membership_not_the_session(world, client):
    """A session of someone else (or the owner's other role) changes nothing: the token decides."""
    _, secret = issue(world, Role.ML_STAFF)
    login(client, world.user(Role.NATIONAL_ADMIN))
    codes = {row["code"] for row in api_get(client, reverse("api:structures"), secret).json()["results"]}
    assert codes == {world.ml.code}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get(method, world, client):
    _, secret = issue(world, Role.NATIONAL_ADMIN)
    client_method = getattr(client, method)
    response = client_method(reverse("api:structures"), headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "lecture seule" in response.json()["detail"]


def test_head_is_allowed(world, client):
    _, secret = issue(world, Role.NATIONAL_ADMIN)
    response = client.head(reverse("api:structures"), headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_last_use_is_recorded_once_a_minute(world, client):
    token, secret = issue(world, Role.ML_DIRECTOR)
    assert token.last_used_at is None
    api_get(client, reverse("api:structures"), secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_get(client, reverse("api:structures"), secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    api_get(client, reverse("api:structures"), secret)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_requests_per_token_are_throttled(world, client, settings):
    settings.API_RATE_PER_MINUTE = 3
    _, secret = issue(world, Role.ML_DIRECTOR)
    _, other = issue(world, Role.ML_QUALITY)
    if time.time() % 60 > 55:  # counters are per minute: keep the requests in one
        time.sleep(61 - time.time() % 60)
    statuses = [api_get(client, reverse("api:structures"), secret).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = api_get(client, reverse("api:structures"), secret)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "au plus 3 par minute" in response.json()["detail"]
    # Another token is not affected.
    assert api_get(client, reverse("api:structures"), other).status_code == 200


def test_invalid_tokens_from_one_address_are_throttled(world, client, settings):
    settings.API_MAX_INVALID_TOKENS_PER_IP = 2
    _, secret = issue(world, Role.ML_DIRECTOR)
    for _ in range(2):
        assert api_get(client, reverse("api:structures"), "mlp_devine").status_code == 401
    response = api_get(client, reverse("api:structures"), "mlp_devine")
    assert response.status_code == 429
    assert "jetons invalides" in response.json()["detail"]
    # Even a good token waits: the address is blocked, not the guess.
    assert api_get(client, reverse("api:structures"), secret).status_code == 429
    # Another address is not blocked.
    response = client.get(
        reverse("api:structures"), headers={"Authorization": f"Bearer {secret}"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 200
