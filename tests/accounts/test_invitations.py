import re

from django.core import mail
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Invitation, Membership, User

from ..factories import PASSWORD, login

INVITATIONS = "/invitations/"


def _invite(client, world, **overrides):
    data = {
        "email": "nouvelle@test.example",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "structure": world.ml.pk,
        "role": Role.ML_QUALITY,
    }
    data.update(overrides)
    return client.post(INVITATIONS, data)


def _link_from_last_mail() -> str:
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_ml_director_invites_and_new_person_creates_account(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    response = _invite(client, world)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@test.example"]
    assert (
        "en tant que référent·e qualité de la Mission Locale pour la Mission Locale Alpha Un"
        in mail.outbox[0].body
    )
    link = _link_from_last_mail()
    invitation = Invitation.objects.get()
    assert invitation.token_hash not in link  # only the hash is stored

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    refused = client.post(
        link, {"first_name": "Nina", "last_name": "Nouvelle", "password1": "court", "password2": "court"}
    )
    assert refused.status_code == 200
    assert 'value="Nina"' in refused.content.decode()  # what was typed is kept
    assert not User.objects.filter(email="nouvelle@test.example").exists()
    accepted = client.post(
        link, {"first_name": "Nina", "last_name": "Nouvelle", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert accepted.status_code == 302
    user = User.objects.get(email="nouvelle@test.example")
    assert user.current_membership.role == Role.ML_QUALITY
    assert user.current_membership.structure == world.ml
    # The link works once only.
    client.logout()
    assert client.get(link).status_code == 404


def test_existing_person_accepts_after_signing_in(world, client):
    existing = world.user(Role.ML_STAFF)
    login(client, world.user(Role.ARML_REFERENT))
    _invite(client, world, email=existing.email, structure=world.ml2.pk, role=Role.ML_STAFF)
    link = _link_from_last_mail()
    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    login(client, existing)
    assert client.get(link).status_code == 200
    client.post(link)
    assert Membership.objects.filter(user=existing, structure=world.ml2, role=Role.ML_STAFF).exists()
    # The current role did not change without the person asking.
    existing.refresh_from_db()
    assert existing.current_membership.structure == world.ml


def test_invitation_for_another_account_is_refused(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    _invite(client, world, email=world.user(Role.ML_STAFF).email, role=Role.ML_QUALITY)
    link = _link_from_last_mail()
    login(client, world.user(Role.ML_QUALITY))
    assert client.get(link).status_code == 403


def test_roles_and_structures_are_limited_to_the_inviter(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    response = _invite(client, world, role=Role.NATIONAL_ADMIN)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = _invite(client, world, structure=world.ml2.pk)
    assert response.status_code == 200
    assert 'id="id_structure_error"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_role_must_fit_the_structure_type(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    response = _invite(client, world, structure=world.arml.pk, role=Role.ML_DIRECTOR)
    assert "ne peut pas être tenu" in response.content.decode()
    assert not Invitation.objects.exists()


def test_revoked_invitation_no_longer_works(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    _invite(client, world)
    link = _link_from_last_mail()
    invitation = Invitation.objects.get()
    client.post(reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.status_label == "annulée"
    client.logout()
    assert client.get(link).status_code == 404


def test_invitation_list_is_scoped(world, client):
    for structure in (world.ml, world.other_ml):
        Invitation.issue(
            email=f"x@{structure.code.lower()}.example",
            structure=structure,
            role=Role.ML_STAFF,
            invited_by=world.user(Role.NATIONAL_ADMIN),
        )
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(INVITATIONS).content.decode()
    assert "x@ml-a1.example" in content and "x@ml-b1.example" not in content
