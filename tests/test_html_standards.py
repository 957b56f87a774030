"""Every page: French, skip link first, strict CSP, no inline code, labelled fields, table headers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role

from .access_cases import APP_PAGES
from .factories import login
from .frameworks.test_loader import load_small_framework


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.first_link = None
        self.inline_scripts = 0
        self.style_attributes = 0
        self.inline_handlers = 0
        self.style_tags = 0
        self.field_ids: list[str] = []
        self.unlabelled_fields: list[str] = []
        self.label_targets: set[str] = set()
        self.tables = 0
        self.table_headers = 0
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "a" and self.first_link is None:
            self.first_link = attributes.get("href")
        if tag == "script" and "src" not in attributes:
            self.inline_scripts += 1
        if tag == "style":
            self.style_tags += 1
        if "style" in attributes:
            self.style_attributes += 1
        if any(name.startswith("on") for name in attributes):
            self.inline_handlers += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            if attributes.get("id"):
                self.field_ids.append(attributes["id"])
            elif not attributes.get("aria-label"):
                self.unlabelled_fields.append(attributes.get("name", "?"))
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.table_headers += 1
        if tag == "h1":
            self.h1 += 1


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
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.lang == "fr"
    assert audit.first_link == "#contenu"
    assert audit.h1 == 1
    assert (audit.inline_scripts, audit.style_tags, audit.style_attributes, audit.inline_handlers) == (
        0,
        0,
        0,
        0,
    )
    assert not audit.unlabelled_fields
    unlabelled = [field_id for field_id in audit.field_ids if field_id not in audit.label_targets]
    assert not unlabelled, f"champs sans étiquette : {unlabelled}"
    if audit.tables:
        assert audit.table_headers >= audit.tables


def test_static_assets_are_vendored_and_local(world, client):
    login(client, world.user(Role.ML_STAFF))
    content = client.get("/").content.decode()
    assert "/static/vendor/htmx-2.0.8/htmx.min.js" in content
    assert "http://" not in content.replace("http://testserver", "") and "https://" not in content
