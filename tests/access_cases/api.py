"""Access cases and pages to audit for the api application (see tests/test_access_matrix.py).

The JSON endpoints authenticate by token only: without one they answer 401 (JSON), to anonymous
visitors and to people signed in with a session alike. Real token access, per role and perimeter,
is tested in tests/api/.
"""

from __future__ import annotations

from mlplatform.accounts.enums import Role
from mlplatform.api.models import ApiToken

from ..factories import World
from .base import Case, everyone, only


def _director_token(world: World) -> dict:
    """A token of the ML director: only its owner reaches it; anyone else gets 404."""
    token, _ = ApiToken.issue(
        membership=world.user(Role.ML_DIRECTOR).current_membership, name="Tableau de bord"
    )
    return {"pk": token.pk}


def _listed_token(world: World) -> dict:
    _director_token(world)
    return {}


TOKEN_ENDPOINT = Case(everyone(401), anonymous=401)

CASES: dict[str, Case] = {
    "api:index": Case(everyone(200)),
    "api:tokens": Case(everyone(200)),
    "api:token_revoke": Case(
        only({Role.ML_DIRECTOR: 302}, 404),
        method="post",
        kwargs=_director_token,
        outsiders=[
            ("OTHER_ML_DIRECTOR", _director_token),
            (Role.NATIONAL_ADMIN, _director_token),
            (Role.ML_QUALITY, _director_token),
        ],
    ),
    "api:openapi": Case(everyone(200), anonymous=200),
    "api:observatory_years": TOKEN_ENDPOINT,
    "api:observatory_indicators": TOKEN_ENDPOINT,
    "api:observatory_structures": TOKEN_ENDPOINT,
    "api:structures": TOKEN_ENDPOINT,
}

# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = [
    (Role.NATIONAL_ADMIN, "api:index", {}),
    (Role.ML_STAFF, "api:index", {}),
    (Role.ML_DIRECTOR, "api:tokens", _listed_token),
    (Role.AUDITOR, "api:tokens", {}),
]
