"""The OpenAPI document: valid OpenAPI 3.1, describes every API URL, and the documentation page."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, resolve, reverse
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from mlplatform.accounts.enums import Role
from mlplatform.api.openapi import openapi_document
from mlplatform.observatory.indicators import INDICATORS

from ..factories import login
from ..test_access_matrix import iter_patterns
from .helpers import schema_validator

SERVER = "http://testserver/api/v1"


def _api_v1_urls() -> set[str]:
    """Every route of the API, read from the resolver (a new endpoint is picked up by itself)."""
    return {
        "/" + route.removeprefix("api/v1/")
        for _, route, namespace in iter_patterns(get_resolver().url_patterns)
        if namespace == "api" and route.startswith("api/v1/")
    }


def test_document_is_valid_openapi_3_1():
    document = openapi_document(SERVER)
    assert document["openapi"].startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_api_url_is_described_and_nothing_else():
    document = openapi_document(SERVER)
    urls = _api_v1_urls()
    assert len(urls) >= 5
    assert set(document["paths"]) == urls
    for path in document["paths"]:
        assert resolve("/api/v1" + path).namespace == "api"


def test_every_operation_is_read_only_secured_and_documents_its_errors():
    document = openapi_document(SERVER)
    scheme = document["components"]["securitySchemes"]["jeton"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"jeton": []}]
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path
        responses = item["get"]["responses"]
        assert "200" in responses and "405" in responses
        if path != "/openapi.json":
            assert {"401", "429"} <= set(responses), path
    error = document["components"]["responses"]["Error401"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "WWW-Authenticate" in error["headers"]


def test_indicator_schema_names_every_indicator():
    document = openapi_document(SERVER)
    schema = document["components"]["schemas"]["IndicatorValues"]
    assert schema["required"] == [d.code for d in INDICATORS]
    # The example of the JSON fits (counts are integers, hours and rates numbers).
    values = {d.code: 0 if d.kind == "count" else 0.0 for d in INDICATORS}
    schema_validator(document, "IndicatorValues").validate(values)
    with pytest.raises(Exception, match="is not of type"):
        schema_validator(document, "IndicatorValues").validate({**values, "jeunes_accompagnes": "12"})


@pytest.mark.django_db
def test_document_is_served_without_token(client):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["servers"] == [{"url": SERVER, "description": "Cette plateforme"}]
    validate(document, cls=OpenAPIV31SpecValidator)
    assert client.post(reverse("api:openapi")).status_code == 405


def test_documentation_page_lists_every_endpoint(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get(reverse("api:index")).content.decode()
    for path in openapi_document(SERVER)["paths"]:
        if path != "/openapi.json":
            assert f"GET {path}" in content
            assert f"{SERVER}{path}" in content
    assert "Authorization: Bearer $JETON" in content
    assert "annee=2022&amp;structure=ML-A1" in content
    assert reverse("api:openapi") in content and reverse("api:tokens") in content


@pytest.mark.django_db
def test_indicators_schema_accepts_the_profiles_and_their_absence(world):
    from mlplatform.observatory.indicators import indicators

    from ..observatory.factories import import_sample

    document = openapi_document(SERVER)
    empty = indicators(2023, None)
    assert empty["entrants"] is None and empty["justice"] is None
    schema_validator(document, "Indicators").validate(empty)
    import_sample(2023)
    data = indicators(2023, None)
    schema_validator(document, "Indicators").validate(data)
    assert data["entrants_profile"]["CEJ"]["sexe"] == {"F": 2, "H": 1}
