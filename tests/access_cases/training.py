"""Access cases and pages to audit for professionalisation (see tests/test_access_matrix.py).

A regional plan (actions, sessions, review) is read by its ARML, the UNML and the ARML's MLs, and
changed by the ARML's people; ML directors (and the ARML's people, for their own staff) register
people; the organiser records attendance, edits and deletes actions and sessions; a registration
is cancelled by the organiser or by whoever registers the person's structure's staff. Headcounts and
each structure's own training plan follow the perimeter (changed by the structure's own people); the
needs collection is opened by the ARML and answered by the leads of its MLs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import ML_OUTSIDERS, STRUCTURE_READERS, Case, everyone, only

READERS = only(STRUCTURE_READERS, 404)
ORGANISERS = only(
    {
        Role.ARML_REFERENT: 200,
        Role.ARML_STAFF: 200,
        Role.NATIONAL_ADMIN: 403,
        Role.ML_DIRECTOR: 403,
        Role.ML_QUALITY: 403,
        Role.ML_STAFF: 403,
    },
    404,
)
ORGANISERS_302 = only(
    {**{role: 302 if status == 200 else status for role, status in ORGANISERS.items()}}, 404
)
REGISTRARS_302 = only(
    {
        Role.ML_DIRECTOR: 302,
        Role.ARML_REFERENT: 302,
        Role.ARML_STAFF: 302,
        Role.NATIONAL_ADMIN: 403,
        Role.ML_QUALITY: 403,
        Role.ML_STAFF: 403,
    },
    404,
)


def plan_kwargs(world: World, structure_attr: str = "arml") -> dict:
    return {"code": getattr(world, structure_attr).code}


def action_kwargs(world: World, structure_attr: str = "arml") -> dict:
    from mlplatform.training.models import TrainingAction

    structure = getattr(world, structure_attr)
    action, _ = TrainingAction.objects.get_or_create(
        structure=structure,
        title="Accueil des jeunes",
        defaults={"year": datetime.date.today().year, "theme": "accompagnement", "duration_days": Decimal(2)},
    )
    return {"code": structure.code, "pk": action.pk}


def session_kwargs(world: World, structure_attr: str = "arml") -> dict:
    from mlplatform.training import services
    from mlplatform.training.models import Session, TrainingAction

    kwargs = action_kwargs(world, structure_attr)
    action = TrainingAction.objects.get(pk=kwargs["pk"])
    session = action.sessions.first()
    if session is None:
        session = Session.objects.create(
            action=action,
            starts_on=datetime.date(action.year, 3, 1),
            ends_on=datetime.date(action.year, 3, 2),
            half_days=4,
            place="Caen",
            capacity=10,
        )
        ml = world.ml if structure_attr == "arml" else world.other_ml
        services.register(session, ml, name="Camille Martin", email="camille@test.example", job="Conseillère")
    return {"code": kwargs["code"], "pk": session.pk}


def _outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", lambda w: builder(w, "arml")),
        ("OTHER_ML_DIRECTOR", lambda w: builder(w, "arml")),
        (Role.ML_DIRECTOR, lambda w: builder(w, "other_arml")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_arml")),
    ]


def _evaluation_kwargs(world: World) -> dict:
    from mlplatform.training.models import Session

    return {"key": Session.objects.get(pk=session_kwargs(world)["pk"]).evaluation_key}


def certificate_kwargs(world: World, structure_attr: str = "arml") -> dict:
    from mlplatform.training.models import Attendance, Registration

    kwargs = session_kwargs(world, structure_attr)
    registration = Registration.objects.get(session_id=kwargs["pk"], email="camille@test.example")
    Attendance.objects.get_or_create(registration=registration, half_day=1)
    return {**kwargs, "registration": registration.pk}


def cancel_kwargs(world: World, structure_attr: str = "arml") -> dict:
    from mlplatform.training.models import Registration

    kwargs = session_kwargs(world, structure_attr)
    registration = Registration.objects.get(session_id=kwargs["pk"], email="camille@test.example")
    return {**kwargs, "registration": registration.pk}


def collection_kwargs(world: World, structure_attr: str = "arml") -> dict:
    from mlplatform.training.models import NeedsCollection

    structure = getattr(world, structure_attr)
    collection, _ = NeedsCollection.objects.get_or_create(
        structure=structure, year=datetime.date.today().year
    )
    return {"code": structure.code, "pk": collection.pk}


# Answering a collection of needs: the lead of one of the region's MLs (an empty POST: the form again).
ANSWERERS = only(
    {
        Role.ML_DIRECTOR: 200,
        Role.ML_QUALITY: 200,
        Role.ML_STAFF: 403,
        Role.ARML_REFERENT: 403,
        Role.ARML_STAFF: 403,
        Role.NATIONAL_ADMIN: 403,
    },
    404,
)


def own_line_kwargs(world: World) -> dict:
    from mlplatform.training.models import PlannedTraining

    line, _ = PlannedTraining.objects.get_or_create(
        structure=world.ml,
        year=datetime.date.today().year,
        title="Écoute active",
        defaults={"theme": "accompagnement", "public": "Conseiller·es", "people": 3, "period": "Printemps"},
    )
    return {"code": world.ml.code, "pk": line.pk}


# A structure's own plan: changed by its own people (the ARML and the UNML read it).
OWN_PLAN_EDITORS = only(
    {
        Role.ML_DIRECTOR: 200,
        Role.ML_QUALITY: 200,
        Role.ML_STAFF: 200,
        Role.ARML_REFERENT: 403,
        Role.ARML_STAFF: 403,
        Role.NATIONAL_ADMIN: 403,
    },
    404,
)
OWN_PLAN_EDITORS_302 = only(
    {role: 302 if status == 200 else status for role, status in OWN_PLAN_EDITORS.items()}, 404
)
OWN_LINE_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", own_line_kwargs),
    ("OTHER_ML_DIRECTOR", own_line_kwargs),
    (Role.ML_DIRECTOR, lambda w: {**own_line_kwargs(w), "code": w.ml2.code}),
]


# Cancelling a registration: the organiser, or whoever registers the person's structure's staff.
CANCELLERS = only(
    {
        Role.ARML_REFERENT: 200,
        Role.ARML_STAFF: 200,
        Role.ML_DIRECTOR: 200,
        Role.NATIONAL_ADMIN: 403,
        Role.ML_QUALITY: 403,
        Role.ML_STAFF: 403,
    },
    404,
)


CASES: dict[str, Case] = {
    # To the person's regional plan (their ARML's, or their own); no plan without a structural role.
    "training:home": Case(only(dict.fromkeys(STRUCTURE_READERS, 302), 404), no_perimeter=True),
    "training:plan": Case(READERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:review": Case(READERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:review_pdf": Case(READERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:review_xlsx": Case(READERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:action_add": Case(ORGANISERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:session_add": Case(ORGANISERS, kwargs=action_kwargs, outsiders=_outsiders(action_kwargs)),
    # Editing and deleting (GET: the form, the confirmation saying what happens).
    "training:action_edit": Case(ORGANISERS, kwargs=action_kwargs, outsiders=_outsiders(action_kwargs)),
    "training:action_delete": Case(ORGANISERS, kwargs=action_kwargs, outsiders=_outsiders(action_kwargs)),
    "training:session_edit": Case(ORGANISERS, kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)),
    "training:session_delete": Case(ORGANISERS, kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)),
    "training:cancel": Case(CANCELLERS, kwargs=cancel_kwargs, outsiders=_outsiders(cancel_kwargs)),
    # The collection of needs: read by the plan's readers; opened and closed by the ARML, answered
    # by its MLs' leads.
    "training:needs": Case(READERS, kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)),
    "training:needs_open": Case(
        ORGANISERS_302, method="post", kwargs=plan_kwargs, outsiders=_outsiders(plan_kwargs)
    ),
    "training:needs_close": Case(
        ORGANISERS_302, method="post", kwargs=collection_kwargs, outsiders=_outsiders(collection_kwargs)
    ),
    "training:needs_answer": Case(
        ANSWERERS, method="post", kwargs=collection_kwargs, outsiders=_outsiders(collection_kwargs)
    ),
    "training:needs_xlsx": Case(READERS, kwargs=collection_kwargs, outsiders=_outsiders(collection_kwargs)),
    # A structure's own training plan (by its code, as headcounts).
    "training:own_plan": Case(READERS, kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS),
    "training:own_plan_pdf": Case(READERS, kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS),
    "training:own_plan_add": Case(
        OWN_PLAN_EDITORS, kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS
    ),
    "training:own_plan_edit": Case(OWN_PLAN_EDITORS, kwargs=own_line_kwargs, outsiders=OWN_LINE_OUTSIDERS),
    # An empty plan: sent back with the reason (nothing attached).
    "training:own_plan_attach": Case(
        OWN_PLAN_EDITORS_302, method="post", kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS
    ),
    "training:session": Case(READERS, kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)),
    # An empty POST: sent back to the session with the reason (nothing saved).
    "training:register": Case(
        REGISTRARS_302, method="post", kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)
    ),
    "training:attendance": Case(
        ORGANISERS_302, method="post", kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)
    ),
    "training:convene": Case(
        ORGANISERS_302, method="post", kwargs=session_kwargs, outsiders=_outsiders(session_kwargs)
    ),
    # A person's certificate: read by whoever reads the registration (tests/training/test_pages.py:
    # not by the neighbouring ML).
    "training:certificate": Case(
        READERS, kwargs=certificate_kwargs, outsiders=_outsiders(certificate_kwargs)
    ),
    # The anonymous evaluation form: a public link, answered without an account.
    "training:evaluate": Case(
        everyone(200), anonymous=200, kwargs=lambda w: _evaluation_kwargs(w), no_perimeter=True
    ),
    "training:headcounts": Case(READERS, kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS),
}


PAGES: list = [
    (Role.ARML_REFERENT, "training:plan", lambda w: (session_kwargs(w), plan_kwargs(w))[1]),
    (Role.ML_DIRECTOR, "training:session", session_kwargs),
    (Role.ARML_STAFF, "training:session", session_kwargs),
    (Role.ARML_REFERENT, "training:action_add", plan_kwargs),
    (Role.ARML_REFERENT, "training:session_add", action_kwargs),
    (Role.ARML_REFERENT, "training:review", plan_kwargs),
    (Role.ARML_REFERENT, "training:action_edit", action_kwargs),
    (Role.ARML_REFERENT, "training:action_delete", action_kwargs),
    (Role.ARML_REFERENT, "training:session_edit", session_kwargs),
    (Role.ARML_REFERENT, "training:session_delete", session_kwargs),
    (Role.ML_DIRECTOR, "training:cancel", cancel_kwargs),
    (Role.ARML_REFERENT, "training:needs", plan_kwargs),
    (Role.ML_DIRECTOR, "training:own_plan", lambda w: (own_line_kwargs(w), {"code": w.ml.code})[1]),
    (Role.ML_DIRECTOR, "training:own_plan_add", lambda w: {"code": w.ml.code}),
    (Role.ML_DIRECTOR, "training:own_plan_edit", own_line_kwargs),
    (Role.ML_DIRECTOR, "training:needs", lambda w: (collection_kwargs(w), plan_kwargs(w))[1]),
    (Role.ML_DIRECTOR, "training:headcounts", lambda w: {"code": w.ml.code}),
    (None, "training:evaluate", _evaluation_kwargs),
]
