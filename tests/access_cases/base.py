"""What the access matrix is made of, shared by the per-application case lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mlplatform.accounts.enums import Role

from ..factories import World

ALL_ROLES = [*Role.values, "NO_ROLE"]
ANON = "ANONYMOUS"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL_ROLES, status)


def only(statuses: dict[str, int], default: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ALL_ROLES}


@dataclass
class Case:
    expected: dict[str, int]  # role -> status for an object inside the role's perimeter
    anonymous: int = 302  # redirect to the sign-in page
    method: str = "get"
    kwargs: Callable[[World], dict] = lambda w: {}
    # (user key, kwargs builder) pairs that reach an object outside that user's perimeter: 404.
    outsiders: list[tuple[str, Callable[[World], dict]]] = field(default_factory=list)
    # The object belongs to no structure (a framework, a token of one's own): no outsider to test.
    no_perimeter: bool = False


STRUCTURE_READERS = {
    Role.NATIONAL_ADMIN: 200,
    Role.ARML_REFERENT: 200,
    Role.ARML_STAFF: 200,
    Role.ML_DIRECTOR: 200,
    Role.ML_QUALITY: 200,
    Role.ML_STAFF: 200,
}
ML_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", lambda w: {"code": w.ml.code}),
    ("OTHER_ML_DIRECTOR", lambda w: {"code": w.ml.code}),
    (Role.ML_DIRECTOR, lambda w: {"code": w.ml2.code}),
    (Role.ARML_REFERENT, lambda w: {"code": w.other_ml.code}),
    (Role.ML_STAFF, lambda w: {"code": w.arml.code}),
]
