import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import User

from .factories import login

ADMIN_URLS = ["admin:index", "admin:network_structure_changelist", "admin:accounts_user_changelist"]


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_admin_anonymous_is_sent_to_the_platform_sign_in(name, client, db):
    response = client.get(reverse(name), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ADMIN_URLS)
@pytest.mark.parametrize("role", [*Role.values, "NO_ROLE"])
def test_admin_is_404_for_everyone_but_superusers(name, role, world, client):
    login(client, world.user(role))
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_admin_for_superusers(name, client, db):
    superuser = User.objects.create_superuser("root@test.example", "x" * 20)
    login(client, superuser)
    assert client.get(reverse(name)).status_code == 200
