"""Small helpers shared by the API tests."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from mlplatform.api.models import ApiToken

from ..factories import World


def issue(
    world: World, role: str, *, name: str = "Essai", validity: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A token of the world's user for ``role``, acting for that user's current membership."""
    return ApiToken.issue(membership=world.user(role).current_membership, name=name, validity=validity)


def api_get(client: Client, url: str, secret: str | None, **params):
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    return client.get(url, params, headers=headers)


def schema_validator(document: dict, name: str):
    """A JSON Schema (2020-12, as OpenAPI 3.1 uses) validator of ``components/schemas/<name>``."""
    from jsonschema import Draft202012Validator

    root = {**document, "$ref": f"#/components/schemas/{name}"}
    return Draft202012Validator(root)
