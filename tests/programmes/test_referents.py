"""The UNML designates the ARML référentes of a national action; they may then update its follow-up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.programmes import services
from mlplatform.programmes.models import Action

from ..factories import login
from .world import pnae

pytestmark = pytest.mark.django_db


def test_the_unml_designates_referent_armls_who_then_follow_up(world, client):
    national = services.current_version(pnae(world)).actions.get(number=4)
    url = reverse("programmes:follow_up", kwargs={"code": "PNAE", "number": 4})
    login(client, world.user(Role.ARML_REFERENT))
    assert client.get(url).status_code == 403
    login(client, world.user(Role.NATIONAL_ADMIN))
    page = client.get(url).content.decode()
    assert "ARML référentes" in page
    response = client.post(
        url,
        {
            "formulaire": "referentes",
            "referentes-version": national.version,
            "referentes-armls": [world.arml.pk],
        },
    )
    assert response.status_code == 302
    assert list(Action.objects.get(pk=national.pk).referent_structures.all()) == [world.arml]
    login(client, world.user(Role.ARML_STAFF))
    page = client.get(url)
    assert (
        page.status_code == 200
        and "ARML référentes" not in page.content.decode().split("<h1")[1].split("Statut")[0]
    )
    national.refresh_from_db()
    response = client.post(
        url,
        {
            "formulaire": "suivi",
            "suivi-version": national.version,
            "suivi-status": "en_cours",
            "suivi-progress": "10",
        },
    )
    assert response.status_code == 302
    # An ARML référente updates the follow-up but does not designate the référentes.
    forbidden = client.post(
        url, {"formulaire": "referentes", "referentes-version": national.version + 1, "referentes-armls": []}
    )
    assert forbidden.status_code == 403
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert client.get(url).status_code == 403
    assert (
        "ARML Alpha"
        in client.get(reverse("programmes:action", kwargs={"code": "PNAE", "number": 4})).content.decode()
    )
