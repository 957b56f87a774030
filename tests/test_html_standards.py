"""Every page: French, skip link first, strict CSP, no inline code, labelled fields, table headers,
CSRF tokens (tests/html_checks.py), on a list of pages of every application with their data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role

from .access_cases import APP_PAGES
from .factories import login
from .frameworks.test_loader import load_small_framework
from .html_checks import problems_of

PAGES = [
    (Role.NATIONAL_ADMIN, "core:home", {}),
    (Role.NATIONAL_ADMIN, "network:tree", {}),
    (Role.NATIONAL_ADMIN, "network:registry_import", {}),
    (Role.NATIONAL_ADMIN, "accounts:invitations", {}),
    (Role.NATIONAL_ADMIN, "network:structure_edit", {"code": "ML-A1"}),
    (Role.ARML_REFERENT, "network:structure", {"code": "ARML-A"}),
    (Role.ML_DIRECTOR, "network:structure", {"code": "ML-A1"}),
    (Role.ML_DIRECTOR, "accounts:profile", {}),
    (Role.ML_DIRECTOR, "accounts:password_change", {}),
    (Role.ML_STAFF, "accounts:two_factor", {}),
    (Role.AUDITOR, "core:home", {}),
    (Role.COMMISSION_MEMBER, "core:home", {}),
    (Role.ML_STAFF, "frameworks:list", {}),
    (Role.ML_STAFF, "frameworks:version", {"code": "ARML-UNML", "version": "2030"}),
    (Role.ML_STAFF, "frameworks:part", {"code": "ARML-UNML", "version": "2030", "number": "2"}),
    (Role.ML_STAFF, "frameworks:preamble", {"code": "ARML-UNML", "version": "2030"}),
    (Role.ML_STAFF, "frameworks:print", {"code": "ARML-UNML", "version": "2030"}),
    (Role.NATIONAL_ADMIN, "frameworks:compare", {"code": "ARML-UNML"}),
    (None, "accounts:login", {}),
    (None, "accounts:password_reset", {}),
]


def _kwargs(world, kwargs):
    """Application pages may give a builder of kwargs that creates their object in the world."""
    return kwargs(world) if callable(kwargs) else kwargs


PAGES += APP_PAGES


@pytest.mark.parametrize(("role", "name", "kwargs"), PAGES)
def test_page_meets_the_standards(role, name, kwargs, world, client):
    load_small_framework()
    if role is not None:
        login(client, world.user(role))
    response = client.get(reverse(name, kwargs=_kwargs(world, kwargs)))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    # The client checks every HTML answer of every test (tests/conftest.py); said again here so that
    # this list of pages, each with its data, stays the reference of what a page must meet.
    html = response.content.decode()
    assert "<html" in html and problems_of(html) == []


def test_static_assets_are_vendored_and_local(world, client):
    login(client, world.user(Role.ML_STAFF))
    content = client.get("/").content.decode()
    assert "/static/vendor/htmx-2.0.8/htmx.min.js" in content
    assert "http://" not in content.replace("http://testserver", "") and "https://" not in content
