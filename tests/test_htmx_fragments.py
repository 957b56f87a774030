"""Pages that serve a fragment to htmx: the whole page on a history restore, and Vary on both headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role

from .factories import login
from .frameworks.test_loader import load_small_framework
from .improvement.helpers import load_ml_framework

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}

PAGES = [
    ("network:tree", {}, "?q=Alpha"),
    ("evidence:library", {"code": "ML-A1"}, "?q=statuts"),
    ("frameworks:version", {"code": "ARML-UNML", "version": "2030"}, "?q=exigence"),
    ("improvement:plan", {"code": "ML-A1"}, "?statut=ouvertes"),
]


@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES)
def test_fragment_for_htmx_page_for_a_history_restore(name, kwargs, query, world, client):
    load_small_framework()
    load_ml_framework()
    login(client, world.user(Role.ML_DIRECTOR))
    url = reverse(name, kwargs=kwargs) + query
    page = client.get(url)
    fragment = client.get(url, **HTMX)
    restored = client.get(url, **RESTORE)
    for response in (page, fragment, restored):
        assert response.status_code == 200
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"hx-request", "hx-history-restore-request"} <= vary
    assert "<html" in page.content.decode() and "<html" in restored.content.decode()
    assert "<html" not in fragment.content.decode()
