"""Every link of every audited page leads somewhere for the person who sees it.

The pages are those of tests/test_html_standards.py (each application's PAGES, with the data they
need); each internal link is followed with the same person signed in: it must not answer 404, 403
or send to the sign-in page (a dead breadcrumb, a link to a page of another role). A link that
sends elsewhere (302) is followed once.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import login
from .frameworks.test_loader import load_small_framework
from .links import internal_links
from .test_html_standards import PAGES, _kwargs

# Links that act rather than show (a GET that signs out would end the check).
NOT_FOLLOWED = ("/compte/deconnexion/",)


@pytest.mark.parametrize(("role", "name", "kwargs"), PAGES)
def test_every_link_of_the_page_leads_somewhere(role, name, kwargs, world, client):
    load_small_framework()
    if role is not None:
        login(client, world.user(role))
    page = reverse(name, kwargs=_kwargs(world, kwargs))
    response = client.get(page)
    assert response.status_code == 200
    dead = []
    for link in internal_links(response.content.decode()):
        if link.startswith(NOT_FOLLOWED):
            continue
        target = client.get(link)
        if target.status_code in (301, 302) and not target.url.startswith(reverse("accounts:login")):
            target = client.get(target.url)
        to_sign_in = target.status_code == 302 and target.url.startswith(reverse("accounts:login"))
        if role is None and to_sign_in:
            continue  # a visitor's link to a signed-in page leads to the sign-in page: expected
        if target.status_code not in (200, 204) or to_sign_in:
            dead.append(f"{link} → {target.status_code}")
    assert not dead, f"Liens morts sur {page} pour {role} : {dead}"
