"""Access cases and pages to audit for the programmes (see tests/test_access_matrix.py).

The PNAE is read by everyone with a place in the network; a PRAE by its ARML, the ARML's MLs and
the UNML. The UNML edits the PNAE (and alone sees the declination matrix), an ARML its PRAE.
Auditors, commission members and people without a role read no programme (404).
"""

from __future__ import annotations

from mlplatform.accounts.enums import Role

from ..programmes.world import (
    pnae_action_kwargs,
    pnae_kwargs,
    pnae_review_kwargs,
    prae_action_kwargs,
    prae_deliverable_kwargs,
    prae_kwargs,
    prae_review_kwargs,
    prae_snapshot_kwargs,
)
from .base import STRUCTURE_READERS, Case, everyone, only

PRAE_EDITORS = {
    Role.ARML_REFERENT: 200,
    Role.ARML_STAFF: 200,
    Role.NATIONAL_ADMIN: 403,
    Role.ML_DIRECTOR: 403,
    Role.ML_QUALITY: 403,
    Role.ML_STAFF: 403,
}
PRAE_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", prae_kwargs),
    ("OTHER_ML_DIRECTOR", prae_kwargs),
]
PRAE_ACTION_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", prae_action_kwargs),
    ("OTHER_ML_DIRECTOR", prae_action_kwargs),
]


def _reader(kwargs, outsiders) -> Case:
    return Case(only(STRUCTURE_READERS, 404), kwargs=kwargs, outsiders=outsiders)


CASES: dict[str, Case] = {
    "programmes:list": Case(everyone(200), no_perimeter=True),
    "programmes:create": Case(only({Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200}, 403), no_perimeter=True),
    "programmes:overview": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:print": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:pdf": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:xlsx": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:action": _reader(prae_action_kwargs, PRAE_ACTION_OUTSIDERS),
    "programmes:action_print": _reader(prae_action_kwargs, PRAE_ACTION_OUTSIDERS),
    "programmes:action_pdf": _reader(prae_action_kwargs, PRAE_ACTION_OUTSIDERS),
    "programmes:review": _reader(
        prae_review_kwargs,
        [("OTHER_ARML_REFERENT", prae_review_kwargs), ("OTHER_ML_DIRECTOR", prae_review_kwargs)],
    ),
    "programmes:review_pdf": _reader(
        prae_review_kwargs,
        [("OTHER_ARML_REFERENT", prae_review_kwargs), ("OTHER_ML_DIRECTOR", prae_review_kwargs)],
    ),
    # Read by whoever reads the programme; only its ARML posts (tests/programmes/test_yearly.py).
    "programmes:versions": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:journal": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:snapshots": _reader(prae_kwargs, PRAE_OUTSIDERS),
    "programmes:snapshot": _reader(
        prae_snapshot_kwargs,
        [("OTHER_ARML_REFERENT", prae_snapshot_kwargs), ("OTHER_ML_DIRECTOR", prae_snapshot_kwargs)],
    ),
    "programmes:deliverable": Case(
        only(STRUCTURE_READERS, 404),
        kwargs=prae_deliverable_kwargs,
        outsiders=[
            ("OTHER_ARML_REFERENT", prae_deliverable_kwargs),
            ("OTHER_ML_DIRECTOR", prae_deliverable_kwargs),
        ],
    ),
    "programmes:add_action": Case(only(PRAE_EDITORS, 404), kwargs=prae_kwargs, outsiders=PRAE_OUTSIDERS),
    "programmes:follow_up": Case(
        only(PRAE_EDITORS, 404), kwargs=prae_action_kwargs, outsiders=PRAE_ACTION_OUTSIDERS
    ),
    # The sheet of a regional action: its ARML alone edits it (the national sheets are the seed's).
    "programmes:edit_action": Case(
        only(PRAE_EDITORS, 404), kwargs=prae_action_kwargs, outsiders=PRAE_ACTION_OUTSIDERS
    ),
    # The national programme belongs to no perimeter: everyone in the network reads it.
    "programmes:matrix": Case(
        only(
            {
                Role.NATIONAL_ADMIN: 200,
                Role.ARML_REFERENT: 403,
                Role.ARML_STAFF: 403,
                Role.ML_DIRECTOR: 403,
                Role.ML_QUALITY: 403,
                Role.ML_STAFF: 403,
            },
            404,
        ),
        kwargs=pnae_kwargs,
        no_perimeter=True,
    ),
}

# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = [
    (Role.ML_STAFF, "programmes:list", lambda w: {}),
    (Role.ARML_REFERENT, "programmes:create", lambda w: {}),
    (Role.ML_STAFF, "programmes:overview", pnae_kwargs),
    (Role.ARML_STAFF, "programmes:overview", prae_kwargs),
    (Role.ML_DIRECTOR, "programmes:action", pnae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:action", prae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:follow_up", prae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:edit_action", prae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:versions", prae_kwargs),
    (Role.ML_STAFF, "programmes:versions", pnae_kwargs),
    (Role.ARML_STAFF, "programmes:journal", prae_kwargs),
    (Role.NATIONAL_ADMIN, "programmes:follow_up", pnae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:add_action", prae_kwargs),
    (Role.NATIONAL_ADMIN, "programmes:matrix", pnae_kwargs),
    (Role.ML_STAFF, "programmes:print", pnae_kwargs),
    (Role.ML_STAFF, "programmes:action_print", pnae_action_kwargs),
    (Role.ARML_REFERENT, "programmes:review", prae_review_kwargs),
    (Role.NATIONAL_ADMIN, "programmes:review", pnae_review_kwargs),
    (Role.ARML_STAFF, "programmes:snapshots", prae_kwargs),
    (Role.ML_DIRECTOR, "programmes:snapshot", prae_snapshot_kwargs),
]
