import re

from django.core import mail
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership

from ..factories import PASSWORD, login


def test_profile_edit(world, client):
    user = world.user(Role.ML_STAFF)
    login(client, user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Léa", "last_name": "Martin", "job_title": "Conseillère", "phone": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.job_title) == ("Léa", "Conseillère")


def test_password_reset_by_email(world, client):
    user = world.user(Role.ML_STAFF)
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    path = re.search(r"http://testserver(/mot-de-passe-oublie/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "un-nouveau-mot-de-passe-42", "new_password2": "un-nouveau-mot-de-passe-42"},
    )
    assert response.status_code == 302
    assert client.login(email=user.email, password="un-nouveau-mot-de-passe-42")


def test_password_reset_for_unknown_address_says_the_same(db, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@test.example"})
    assert response.status_code == 302
    assert not mail.outbox


def test_switch_membership_changes_the_perimeter(world, client):
    user = world.user(Role.ML_DIRECTOR)
    other = Membership.objects.create(user=user, structure=world.other_arml, role=Role.ARML_STAFF)
    login(client, user)
    assert client.get(world.other_ml.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert "Changer de rôle" in home
    client.post(reverse("accounts:switch_membership"), {"membership": other.pk})
    assert client.get(world.other_ml.get_absolute_url()).status_code == 200
    assert client.get(world.ml.get_absolute_url()).status_code == 404


def test_cannot_switch_to_someone_elses_membership(world, client):
    user = world.user(Role.ML_STAFF)
    login(client, user)
    foreign = world.user(Role.NATIONAL_ADMIN).current_membership
    client.post(reverse("accounts:switch_membership"), {"membership": foreign.pk})
    user.refresh_from_db()
    assert user.current_membership.role == Role.ML_STAFF


def test_ended_membership_gives_no_perimeter(world, client):
    user = world.user(Role.ML_STAFF)
    membership = user.current_membership
    membership.is_active = False
    membership.save()
    login(client, user)
    assert client.get(world.ml.get_absolute_url()).status_code == 404


def test_password_change(world, client):
    user = world.user(Role.ML_STAFF)
    login(client, user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "encore-un-autre-secret-7",
            "new_password2": "encore-un-autre-secret-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("encore-un-autre-secret-7")
