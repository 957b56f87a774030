"""Access cases and pages to audit for the annual activity reports (see tests/test_access_matrix.py).

Drafts are read inside the perimeter (the structure, its ARML, the UNML) and written by the
structure's own people; published reports are public. Auditors and commission members read none.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import STRUCTURE_READERS, Case, everyone, only

READERS = only(STRUCTURE_READERS, 404)
ML_WRITERS = {Role.ML_DIRECTOR: 422, Role.ML_QUALITY: 422, Role.ML_STAFF: 422}
WRITE_422 = only({**ML_WRITERS, Role.NATIONAL_ADMIN: 403, Role.ARML_REFERENT: 403, Role.ARML_STAFF: 403}, 404)
WRITE_302 = only(
    {role: 302 for role in WRITE_422 if WRITE_422[role] == 422}
    | {r: 403 for r in WRITE_422 if WRITE_422[r] == 403},
    404,
)
YEAR = datetime.date.today().year - 1


def report_kwargs(world: World, structure_attr: str = "ml", *, published: bool = False) -> dict:
    from mlplatform.activity_reports import services
    from mlplatform.activity_reports.enums import State
    from mlplatform.activity_reports.models import ActivityReport

    structure = getattr(world, structure_attr)
    year = YEAR - 1 if published else YEAR
    report = ActivityReport.objects.filter(structure=structure, year=year).first()
    if report is None:
        report = services.create_report(structure, year, user=world.user(Role.NATIONAL_ADMIN))
        if published:
            ActivityReport.objects.filter(pk=report.pk).update(
                state=State.PUBLISHED, frozen={}, published_at=timezone.now()
            )
    return {"code": structure.code, "year": year, "edition": report.edition}


def block_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from mlplatform.activity_reports.models import NarrativeBlock

    kwargs = report_kwargs(world, structure_attr)
    block = (
        NarrativeBlock.objects.filter(
            section__report__structure__code=kwargs["code"], section__report__year=kwargs["year"]
        )
        .order_by("pk")
        .first()
    )
    return {**kwargs, "pk": block.pk}


def _outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", lambda w: builder(w, "ml")),
        ("OTHER_ML_DIRECTOR", lambda w: builder(w, "ml")),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_ml")),
    ]


CASES: dict[str, Case] = {
    "activity_reports:list": Case(READERS),
    "activity_reports:create": Case(
        only({**dict.fromkeys(STRUCTURE_READERS, 422)}, 404), method="post", no_perimeter=True
    ),
    "activity_reports:report": Case(READERS, kwargs=report_kwargs, outsiders=_outsiders(report_kwargs)),
    "activity_reports:preview_pdf": Case(READERS, kwargs=report_kwargs, outsiders=_outsiders(report_kwargs)),
    "activity_reports:sections": Case(
        WRITE_422, method="post", kwargs=report_kwargs, outsiders=_outsiders(report_kwargs)
    ),
    "activity_reports:block": Case(
        WRITE_422, method="post", kwargs=block_kwargs, outsiders=_outsiders(block_kwargs)
    ),
    "activity_reports:transition": Case(
        WRITE_302, method="post", kwargs=report_kwargs, outsiders=_outsiders(report_kwargs)
    ),
    # A draft cannot be attached as evidence: the structure's people are told so (redirect).
    "activity_reports:evidence": Case(
        WRITE_302, method="post", kwargs=report_kwargs, outsiders=_outsiders(report_kwargs)
    ),
    # Public: the published editions only, for everyone.
    "activity_reports:public_list": Case(everyone(200), anonymous=200),
    "activity_reports:public_latest": Case(
        everyone(200), anonymous=200, kwargs=lambda w: _public(w, latest=True), no_perimeter=True
    ),
    "activity_reports:public_report": Case(
        everyone(200), anonymous=200, kwargs=lambda w: _public(w), no_perimeter=True
    ),
    "activity_reports:public_pdf": Case(
        everyone(200), anonymous=200, kwargs=lambda w: _public(w), no_perimeter=True
    ),
}


def _public(world: World, *, latest: bool = False) -> dict:
    kwargs = report_kwargs(world, published=True)
    if latest:
        kwargs.pop("edition")
    return kwargs


PAGES: list = [
    (Role.ML_QUALITY, "activity_reports:list", lambda w: (report_kwargs(w), {})[1]),
    (Role.ML_QUALITY, "activity_reports:report", report_kwargs),
    (Role.ARML_REFERENT, "activity_reports:report", report_kwargs),
    (Role.ML_QUALITY, "activity_reports:public_list", lambda w: (_public(w), {})[1]),
    (Role.ML_QUALITY, "activity_reports:public_report", _public),
]
