"""Access cases and pages to audit for the self-assessment (see tests/test_access_matrix.py).

The assessment of ML-A1 is read by its perimeter (the ML, its ARML, the UNML); only the ML's own
people answer and attach evidence; the direction and the quality referent submit; the ARML
referent and the national admin reopen. Campaigns belong to the network: the national admin runs
them, the ARML follows its region's heat map.
"""

from __future__ import annotations

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import STRUCTURE_READERS, Case, everyone, only


def _assessment(world: World, structure_attr: str = "ml"):
    from mlplatform.assessments.models import Assessment

    from ..assessments.factories import open_campaign

    campaign = getattr(world, "_campaign", None)
    if campaign is None:
        campaign = world._campaign = open_campaign(world)
    return Assessment.objects.get(campaign=campaign, structure=getattr(world, structure_attr))


def assessment_kwargs(world: World, structure_attr: str = "ml") -> dict:
    return {"pk": _assessment(world, structure_attr).pk}


def requirement_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from ..assessments.factories import first_requirement

    assessment = _assessment(world, structure_attr)
    return {"pk": assessment.pk, "requirement_pk": first_requirement(assessment).pk}


def link_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from mlplatform.assessments.models import AnswerEvidence
    from mlplatform.evidence.services import add_link

    kwargs = requirement_kwargs(world, structure_attr)
    structure = getattr(world, structure_attr)
    evidence = add_link(structure, url="https://example.org/p", title=f"Lien {structure.code}", user=None)
    link = AnswerEvidence.objects.create(
        assessment_id=kwargs["pk"],
        requirement_id=kwargs["requirement_pk"],
        evidence=evidence,
        added_by=world.user(Role.ML_QUALITY),
    )
    return {**kwargs, "link_pk": link.pk}


def campaign_kwargs(world: World) -> dict:
    _assessment(world)
    return {"pk": world._campaign.pk}


def carried_kwargs(world: World) -> dict:
    """The assessment of ML-A1 on a new framework version, carried over from its submitted one."""
    from ..assessments.carryover_world import answered_on_old_version, open_new_campaign

    campaign = open_new_campaign(world, answered_on_old_version(world))
    return {"pk": campaign.assessments.get(structure=world.ml).pk}


def carried_campaign_kwargs(world: World) -> dict:
    from ..assessments.carryover_world import answered_on_old_version, open_new_campaign

    return {"pk": open_new_campaign(world, answered_on_old_version(world)).pk}


def report_kwargs(world: World) -> dict:
    """The ML framework in two versions, the first answered by ML-A1 and ML-A2."""
    from ..assessments.carryover_world import answered_on_old_version

    answered_on_old_version(world)
    return {"code": "ML"}


def pair_kwargs(world: World) -> dict:
    """Two versions of the ML framework (numbered apart from the one open_campaign loads)."""
    from ..assessments.carryover_world import load_pair

    load_pair("2060", "2061")
    return {"code": "ML"}


def outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", builder),
        ("OTHER_ML_DIRECTOR", builder),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_ml")),
    ]


READERS = only(STRUCTURE_READERS, 404)
CONTRIBUTORS = {Role.ML_DIRECTOR: 302, Role.ML_QUALITY: 302, Role.ML_STAFF: 302}
READ_ONLY = {Role.NATIONAL_ADMIN: 403, Role.ARML_REFERENT: 403, Role.ARML_STAFF: 403}


def reader_case(name_kwargs=assessment_kwargs) -> Case:
    return Case(READERS, kwargs=name_kwargs, outsiders=outsiders(name_kwargs))


def post_case(statuses: dict, builder) -> Case:
    return Case(only(statuses, 404), method="post", kwargs=builder, outsiders=outsiders(builder))


CASES: dict[str, Case] = {
    "assessments:home": Case(everyone(200)),
    "assessments:campaign_create": Case(only({Role.NATIONAL_ADMIN: 200}, 403)),
    "assessments:campaign": Case(
        only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 302, Role.ARML_STAFF: 302}, 403),
        kwargs=campaign_kwargs,
        no_perimeter=True,
    ),
    "assessments:campaign_edit": Case(
        only({Role.NATIONAL_ADMIN: 200}, 403), kwargs=campaign_kwargs, no_perimeter=True
    ),
    "assessments:region": Case(
        only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200}, 403),
        kwargs=lambda w: {**campaign_kwargs(w), "code": w.arml.code},
        outsiders=[("OTHER_ARML_REFERENT", lambda w: {**campaign_kwargs(w), "code": w.arml.code})],
    ),
    "assessments:assessment": reader_case(),
    "assessments:results": reader_case(),
    "assessments:history": reader_case(),
    "assessments:pdf": reader_case(),
    "assessments:xlsx": reader_case(),
    "assessments:requirement": reader_case(requirement_kwargs),
    "assessments:submit": post_case(
        {**READ_ONLY, Role.ML_DIRECTOR: 302, Role.ML_QUALITY: 302, Role.ML_STAFF: 403}, assessment_kwargs
    ),
    "assessments:reopen": Case(
        only(
            {
                Role.NATIONAL_ADMIN: 200,
                Role.ARML_REFERENT: 200,
                Role.ARML_STAFF: 403,
                Role.ML_DIRECTOR: 403,
                Role.ML_QUALITY: 403,
                Role.ML_STAFF: 403,
            },
            404,
        ),
        kwargs=assessment_kwargs,
        outsiders=outsiders(assessment_kwargs),
    ),
    "assessments:save_answer": post_case({**READ_ONLY, **CONTRIBUTORS}, requirement_kwargs),
    "assessments:comment": post_case(
        {**CONTRIBUTORS, Role.NATIONAL_ADMIN: 302, Role.ARML_REFERENT: 302, Role.ARML_STAFF: 403},
        requirement_kwargs,
    ),
    "assessments:attach_evidence": post_case({**READ_ONLY, **CONTRIBUTORS}, requirement_kwargs),
    "assessments:detach_evidence": post_case({**READ_ONLY, **CONTRIBUTORS}, link_kwargs),
    # Carry-over from a previous framework version: the national admin reads the migration report
    # and runs a campaign's carry-over again; the structure's people confirm and keep evidence.
    "assessments:carryover_report": Case(
        only({Role.NATIONAL_ADMIN: 200}, 403), kwargs=pair_kwargs, no_perimeter=True
    ),
    "assessments:carryover_run": Case(
        only({Role.NATIONAL_ADMIN: 302}, 403), method="post", kwargs=campaign_kwargs, no_perimeter=True
    ),
    "assessments:confirm_carried": post_case({**READ_ONLY, **CONTRIBUTORS}, assessment_kwargs),
    "assessments:keep_evidence": post_case({**READ_ONLY, **CONTRIBUTORS}, requirement_kwargs),
}

PAGES: list = [
    (Role.ML_QUALITY, "assessments:home", {}),
    (Role.NATIONAL_ADMIN, "assessments:home", {}),
    (Role.NATIONAL_ADMIN, "assessments:campaign_create", {}),
    (Role.NATIONAL_ADMIN, "assessments:campaign", campaign_kwargs),
    (Role.NATIONAL_ADMIN, "assessments:campaign_edit", campaign_kwargs),
    (Role.ARML_REFERENT, "assessments:region", lambda w: {**campaign_kwargs(w), "code": w.arml.code}),
    (Role.ML_QUALITY, "assessments:assessment", assessment_kwargs),
    (Role.ARML_REFERENT, "assessments:assessment", assessment_kwargs),
    (Role.ML_QUALITY, "assessments:results", assessment_kwargs),
    (Role.ML_QUALITY, "assessments:history", assessment_kwargs),
    (Role.ML_QUALITY, "assessments:requirement", requirement_kwargs),
    (Role.ARML_REFERENT, "assessments:requirement", requirement_kwargs),
    (Role.ARML_REFERENT, "assessments:reopen", assessment_kwargs),
    (Role.ML_QUALITY, "assessments:assessment", carried_kwargs),
    (Role.ARML_REFERENT, "assessments:assessment", carried_kwargs),
    (Role.ML_QUALITY, "assessments:results", carried_kwargs),
    (Role.NATIONAL_ADMIN, "assessments:campaign", carried_campaign_kwargs),
    (Role.NATIONAL_ADMIN, "assessments:carryover_report", report_kwargs),
]
