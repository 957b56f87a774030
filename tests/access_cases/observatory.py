"""Access cases and pages to audit for the observatory application (see tests/test_access_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable

from mlplatform.accounts.enums import Role
from mlplatform.observatory.models import ImportJob

from ..factories import World
from .base import STRUCTURE_READERS, Case, everyone, only

YEAR = 2023

# Roles with a place in the network read the observatory; auditors and commission members (even with
# files assigned to them, see mlplatform/observatory/access.py) and people without a role get 403
# on every page, whatever structure the URL names; other people get 404 outside their perimeter.
READERS = only(STRUCTURE_READERS, 403)
NO_FIGURES = {Role.AUDITOR: 403, Role.COMMISSION_MEMBER: 403, "NO_ROLE": 403}
REGIONAL_OR_NATIONAL = only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200}, 403)
UPLOADERS = only(
    {Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200, Role.ML_DIRECTOR: 200}, 403
)


def at(code_attr: str, year: int = YEAR) -> Callable[[World], dict]:
    return lambda w: {"code": getattr(w, code_attr).code, "year": year}


# The same people as base.ML_OUTSIDERS, with the year.
ML_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", at("ml")),
    ("OTHER_ML_DIRECTOR", at("ml")),
    (Role.ML_DIRECTOR, at("ml2")),
    (Role.ARML_REFERENT, at("other_ml")),
    (Role.ML_STAFF, at("arml")),
]
REGION_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", at("arml")),
    (Role.ARML_REFERENT, at("other_arml")),
    (Role.ML_DIRECTOR, at("arml")),
    (Role.ARML_STAFF, at("unml")),
    # An ML has no MLs to compare.
    (Role.ML_DIRECTOR, at("ml")),
]


def make_job(world: World, structure_attr: str = "ml", **fields) -> ImportJob:
    structure = getattr(world, structure_attr)
    defaults = {
        "year": YEAR,
        "structure": structure,
        "perimeter_level": "local" if structure.is_ml else "regional",
        "created_by": world.user(Role.ML_DIRECTOR),
        "status": ImportJob.Status.SUCCEEDED,
        "progress": 100,
        "summary": "Import accepté.",
        "files": [{"kind": "jeunes", "name": "jeunes.csv", "path": "x"}],
    }
    return ImportJob.objects.create(**(defaults | fields))


def job(structure_attr: str = "ml", **fields) -> Callable[[World], dict]:
    return lambda w: {"pk": make_job(w, structure_attr, **fields).pk}


JOB_READERS = only(
    {
        Role.NATIONAL_ADMIN: 200,
        Role.ARML_REFERENT: 200,
        Role.ARML_STAFF: 200,
        Role.ML_DIRECTOR: 200,
        # The job is in their perimeter, but their role does not import.
        Role.ML_QUALITY: 403,
        Role.ML_STAFF: 403,
        **NO_FIGURES,
    },
    404,
)
JOB_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", job("ml")),
    ("OTHER_ML_DIRECTOR", job("ml")),
    (Role.ML_DIRECTOR, job("ml2")),
    (Role.ML_DIRECTOR, job("arml")),
]


def _public_file(world: World) -> dict:
    """The national open-data file of a year with data."""
    from ..observatory.factories import import_sample

    import_sample(YEAR)
    return {"year": YEAR, "code": "NATIONAL"}


CASES: dict[str, Case] = {
    "observatory:home": Case(READERS),
    "observatory:completeness": Case(REGIONAL_OR_NATIONAL),
    "observatory:upload": Case(UPLOADERS),
    "observatory:job": Case(JOB_READERS, kwargs=job(), outsiders=JOB_OUTSIDERS),
    "observatory:job_status": Case(JOB_READERS, kwargs=job(), outsiders=JOB_OUTSIDERS),
    "observatory:figures": Case(READERS, kwargs=at("ml"), outsiders=ML_OUTSIDERS),
    "observatory:comparison": Case(
        only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200, **NO_FIGURES}, 404),
        kwargs=at("arml"),
        outsiders=REGION_OUTSIDERS,
    ),
    "observatory:report_pdf": Case(READERS, kwargs=at("ml"), outsiders=ML_OUTSIDERS),
    "observatory:report_xlsx": Case(READERS, kwargs=at("ml"), outsiders=ML_OUTSIDERS),
    "observatory:opendata": Case(READERS, kwargs=at("ml"), outsiders=ML_OUTSIDERS),
    # Open data is public (issue 18): aggregates only, with the statistical secrecy.
    "opendata:index": Case(everyone(200), anonymous=200),
    "opendata:file": Case(everyone(200), anonymous=200, kwargs=_public_file, no_perimeter=True),
}


def with_sample(code_attr: str) -> Callable[[World], dict]:
    """Import the small sample dataset (and the year before) so that the pages show charts and tables."""

    def build(world: World) -> dict:
        from ..observatory.factories import import_sample

        import_sample(YEAR - 1)
        import_sample(YEAR)
        return {"code": getattr(world, code_attr).code, "year": YEAR}

    return build


def _sample_only(world: World) -> dict:
    with_sample("ml")(world)
    return {}


def _with_job(world: World) -> dict:
    make_job(world)
    return {}


def _refused_job(world: World) -> dict:
    problems = [
        {
            "rule": "colonne_personnelle",
            "message": "Colonne nominative : les extractions doivent être pseudonymisées",
            "count": 3,
            "examples": [{"file": "jeunes.csv", "line": 1, "column": "nom", "value": "nom"}],
        }
    ]
    return {"pk": make_job(world, status=ImportJob.Status.REFUSED, problems=problems, summary="").pk}


# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = [
    (Role.NATIONAL_ADMIN, "observatory:home", _sample_only),
    (Role.ML_STAFF, "observatory:home", {}),
    (Role.ML_DIRECTOR, "observatory:figures", with_sample("ml")),
    (Role.ARML_REFERENT, "observatory:figures", with_sample("arml")),
    (Role.NATIONAL_ADMIN, "observatory:figures", with_sample("unml")),
    (Role.ARML_STAFF, "observatory:comparison", with_sample("arml")),
    (Role.NATIONAL_ADMIN, "observatory:comparison", with_sample("unml")),
    (Role.NATIONAL_ADMIN, "observatory:completeness", _sample_only),
    (Role.ARML_REFERENT, "observatory:completeness", _sample_only),
    (Role.ML_DIRECTOR, "observatory:upload", _with_job),
    (Role.ML_DIRECTOR, "observatory:job", _refused_job),
    (Role.ARML_STAFF, "observatory:job", job(status=ImportJob.Status.RUNNING, progress=40, step="Contrôle")),
    (None, "opendata:index", _sample_only),
    (None, "opendata:index", {}),
    (Role.ML_STAFF, "opendata:index", _sample_only),
]
