import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from mlplatform.accounts import twofactor
from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import LoginAttempt

from ..factories import PASSWORD, make_user

LOGIN = "/connexion/"


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_login_with_email_and_password(world, client):
    user = world.user(Role.ML_DIRECTOR)
    response = post_login(client, user.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get("/").context["user"] == user


def test_wrong_password_is_refused_in_french_and_keeps_the_email(world, client):
    response = post_login(client, "ml_director@test.example", "mauvais")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Adresse électronique ou mot de passe incorrect." in content
    assert 'value="ml_director@test.example"' in content


def test_next_is_followed_only_when_local(world, client):
    response = post_login(client, "ml_director@test.example", next="/reseau/")
    assert response.url == "/reseau/"
    client.logout()
    response = post_login(client, "ml_director@test.example", next="https://ailleurs.example/")
    assert response.url == reverse("core:home")


@override_settings(LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL=3)
def test_repeated_failures_block_even_the_right_password(world, client):
    for _ in range(3):
        post_login(client, "ml_director@test.example", "mauvais")
    response = post_login(client, "ml_director@test.example")
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not blocked by these failures.
    assert post_login(client, "ml_staff@test.example").status_code == 302


@override_settings(LOGIN_THROTTLE_MAX_FAILURES_PER_IP=4, LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL=100)
def test_failures_from_one_address_are_throttled(world, client):
    for index in range(4):
        post_login(client, f"inconnu{index}@test.example", "mauvais")
    response = post_login(client, "ml_director@test.example")
    assert "Trop de tentatives" in response.content.decode()


def test_success_clears_earlier_failures(world, client):
    post_login(client, "ml_director@test.example", "mauvais")
    post_login(client, "ml_director@test.example")
    assert not LoginAttempt.objects.filter(email="ml_director@test.example", succeeded=False).exists()


def test_inactive_user_cannot_sign_in(world, client):
    user = world.user(Role.ML_STAFF)
    user.is_active = False
    user.save()
    assert post_login(client, user.email).status_code == 200


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.COMMISSION_MEMBER])
def test_two_factor_is_required_for_national_admins_and_commission(role, world, client):
    user = world.user(role)
    response = post_login(client, user.email)
    assert response.url.startswith(reverse("accounts:two_factor"))
    # Every other page sends back to the second factor until it is verified.
    assert client.get("/reseau/").url == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor"))
    assert "scannez le code" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    bad = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "pas valide" in bad.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    good = client.post(reverse("accounts:two_factor"), {"token": twofactor.current_code(device)})
    assert good.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/reseau/").status_code == 200


def test_second_sign_in_asks_for_the_code_of_the_confirmed_device(world, client):
    user = world.user(Role.NATIONAL_ADMIN)
    device = TOTPDevice.objects.create(user=user, name="tel", confirmed=True)
    post_login(client, user.email)
    page = client.get(reverse("accounts:two_factor"))
    assert "scannez" not in page.content.decode()
    assert (
        client.post(reverse("accounts:two_factor"), {"token": twofactor.current_code(device)}).status_code
        == 302
    )
    assert client.get("/").status_code == 200


def test_qr_code_is_inline_svg_without_style_attribute(db):
    user = make_user("qr@test.example")
    svg = twofactor.qr_svg(twofactor.pending_device(user))
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg


def test_logout_needs_post(world, client):
    client.post(LOGIN, {"email": "ml_staff@test.example", "password": PASSWORD})
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


@override_settings(
    TRUSTED_PROXY_IPS=["127.0.0.1"],
    LOGIN_THROTTLE_MAX_FAILURES_PER_IP=2,
    LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL=100,
)
def test_visitor_address_comes_from_the_trusted_proxy_only(world, client):
    for index in range(2):
        client.post(
            LOGIN,
            {"email": f"x{index}@test.example", "password": "mauvais"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )
    assert LoginAttempt.objects.filter(ip_address="203.0.113.7").count() == 2
    # Another visitor behind the same proxy is not blocked by the first one's failures.
    other = client.post(
        LOGIN,
        {"email": "ml_staff@test.example", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.8",
    )
    assert other.status_code == 302
    # A header sent by a client that is not the proxy is ignored.
    client.logout()
    client.post(
        LOGIN,
        {"email": "y@test.example", "password": "mauvais"},
        REMOTE_ADDR="198.51.100.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )
    assert LoginAttempt.objects.filter(ip_address="198.51.100.1").exists()
    assert not LoginAttempt.objects.filter(ip_address="203.0.113.9").exists()
