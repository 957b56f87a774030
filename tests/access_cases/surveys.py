"""Access cases and pages to audit for the surveys application (see tests/test_access_matrix.py).

Results follow the perimeter (the ML itself, its ARML, the nation); collecting (paper entry,
invitations) and attaching results as evidence are for the structure's own people (403 for the ARML
and the UNML). The answering pages are public; an unknown or used invitation answers 410.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import ALL_ROLES, STRUCTURE_READERS, Case, everyone, only

ML_PEOPLE = {Role.ML_DIRECTOR: 200, Role.ML_QUALITY: 200, Role.ML_STAFF: 200}
READ_ONLY = {Role.NATIONAL_ADMIN: 403, Role.ARML_REFERENT: 403, Role.ARML_STAFF: 403}
STRUCTURAL = dict.fromkeys(STRUCTURE_READERS, 200)
OPENERS = {Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200}


def _campaign(world: World, owner: str = "UNML"):
    from mlplatform.network.models import Structure
    from mlplatform.surveys.campaigns import open_campaign
    from mlplatform.surveys.loader import DATA_DIR, load_file
    from mlplatform.surveys.models import Campaign

    code = f"acces-{owner.lower()}"
    existing = Campaign.objects.filter(code=code).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    name = "jeunes.yaml" if owner == "UNML" else "employeurs.yaml"
    return open_campaign(
        code=code,
        title=f"Campagne d'accès {owner}",
        questionnaire=load_file(DATA_DIR / name).version,
        owner=Structure.objects.get(code=owner),
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30),
    )


def _closed(world: World) -> dict:
    from mlplatform.network.models import Structure
    from mlplatform.surveys.campaigns import open_campaign
    from mlplatform.surveys.loader import DATA_DIR, load_file
    from mlplatform.surveys.models import Campaign

    campaign = Campaign.objects.filter(code="acces-close").first() or open_campaign(
        code="acces-close",
        title="Campagne close",
        questionnaire=load_file(DATA_DIR / "jeunes.yaml").version,
        owner=Structure.objects.get(code="UNML"),
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
    )
    return {"code": campaign.code}


def _results(structure_attr: str = "ml"):
    def build(world: World) -> dict:
        return {"code": _campaign(world).code, "structure": getattr(world, structure_attr).code}

    return build


def _poster(structure_attr: str = "ml"):
    def build(world: World) -> dict:
        from mlplatform.surveys.models import CollectionLink

        campaign = _campaign(world)
        structure = getattr(world, structure_attr)
        link = CollectionLink.objects.filter(campaign=campaign, structure=structure, site=None).first()
        return {"code": campaign.code, "structure": structure.code, "pk": link.pk if link else 1}

    return build


def _outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", builder("ml")),
        ("OTHER_ML_DIRECTOR", builder("ml")),
        (Role.ML_DIRECTOR, builder("ml2")),
        (Role.ARML_REFERENT, builder("other_ml")),
        (Role.ML_STAFF, builder("other_ml")),
    ]


def _regional(world: World) -> dict:
    return {"code": _campaign(world, "ARML-A").code}


def _public(world: World) -> dict:
    from mlplatform.surveys.models import CollectionLink

    return {
        "token": CollectionLink.objects.filter(campaign=_campaign(world), structure=world.ml).first().token
    }


def _with_answers(world: World) -> dict:
    from mlplatform.surveys import answering

    campaign = _campaign(world)
    answers = {
        "ANCIENNETE": "moins-3-mois",
        "ACCUEIL": "4",
        "DELAI": "2",
        "ECOUTE": "3",
        "REPONSES": "3",
        "PROBLEME": "non",
        "GLOBAL": "2",
        "RECOMMANDATION": "6",
        "SUGGESTION": "Plus de créneaux",
    }
    site = world.ml.sites.first()
    for index in range(12):
        answering.store(campaign, world.ml, dict(answers), channel="paper", site=site if index % 2 else None)
    return {"code": campaign.code, "structure": world.ml.code}


THEMATIC = """
code: ACCES-{owner}
version: "1"
title: Enquête thématique de {owner}
audience: thematic
sections:
  - title: Partie unique
    questions:
      - code: AVIS
        type: scale
        text: "Votre avis sur la région"
"""


def _questionnaire(owner: str | None = None):
    """A national questionnaire (None), or the thematic questionnaire of an ARML."""

    def build(world: World) -> dict:
        from mlplatform.network.models import Structure
        from mlplatform.surveys.loader import DATA_DIR, load_file, load_text

        if owner is None:
            return {"pk": load_file(DATA_DIR / "jeunes.yaml").version.pk}
        author = Structure.objects.get(code=owner)
        return {"pk": load_text(THEMATIC.format(owner=owner), owner=author).version.pk}

    return build


def _region(region_attr: str = "arml", owner: str = "UNML"):
    def build(world: World) -> dict:
        return {"code": _campaign(world, owner).code, "region": getattr(world, region_attr).code}

    return build


READERS_200 = only(STRUCTURE_READERS, 404)
NATIONAL_ONLY = only({Role.NATIONAL_ADMIN: 200}, 403)
REGIONAL_READERS = only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200}, 403)
ML_ONLY_200 = only({**ML_PEOPLE, **READ_ONLY}, 404)
ML_ONLY_302 = only({**dict.fromkeys(ML_PEOPLE, 302), **READ_ONLY}, 404)

CASES: dict[str, Case] = {
    "surveys:campaigns": Case(only(STRUCTURAL, 403)),
    "surveys:new_campaign": Case(only(OPENERS, 403)),
    "surveys:new_questionnaire": Case(only(OPENERS, 403)),
    # A new version of a national questionnaire or of one's own; another ARML's answers 404.
    "surveys:edit_questionnaire": Case(
        only(OPENERS, 403),
        kwargs=_questionnaire(),
        outsiders=[
            ("OTHER_ARML_REFERENT", _questionnaire("ARML-A")),
            (Role.ARML_REFERENT, _questionnaire("ARML-B")),
        ],
    ),
    "surveys:campaign": Case(
        only(STRUCTURAL, 404),
        kwargs=_regional,
        outsiders=[("OTHER_ARML_REFERENT", _regional), ("OTHER_ML_DIRECTOR", _regional)],
    ),
    "surveys:opendata": Case(only(STRUCTURAL, 404), kwargs=_closed, no_perimeter=True),
    # The national export is the national admin's only (403 for every other role): no other perimeter.
    "surveys:national_xlsx": Case(
        NATIONAL_ONLY, kwargs=lambda w: {"code": _campaign(w).code}, no_perimeter=True
    ),
    # A region's export: the national admin and the ARML's people; another region (or the regional
    # campaign of another ARML) answers 404, the MLs' roles and the others 403.
    "surveys:regional_xlsx": Case(
        REGIONAL_READERS,
        kwargs=_region(),
        outsiders=[
            ("OTHER_ARML_REFERENT", _region()),
            ("OTHER_ARML_REFERENT", _region("other_arml", owner="ARML-A")),
            (Role.ARML_REFERENT, _region("other_arml")),
            (Role.ARML_STAFF, _region("other_arml")),
        ],
    ),
    "surveys:results": Case(READERS_200, kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys:results_pdf": Case(READERS_200, kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys:results_xlsx": Case(READERS_200, kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys:poster": Case(READERS_200, kwargs=_poster(), outsiders=_outsiders(_poster)),
    # Under 10 responses nothing is attached: sent back to the results page (302) with a message.
    "surveys:attach": Case(ML_ONLY_302, method="post", kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys:paper": Case(ML_ONLY_200, kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys:invitations": Case(ML_ONLY_200, kwargs=_results(), outsiders=_outsiders(_results)),
    "surveys_public:answer": Case(everyone(200), anonymous=200, kwargs=_public, no_perimeter=True),
    "surveys_public:answer_invitation": Case(
        everyone(410), anonymous=410, kwargs=lambda w: {"token": "inconnu"}, no_perimeter=True
    ),
}

PAGES: list = [
    (None, "surveys_public:answer", _public),
    (Role.ML_QUALITY, "surveys:results", _with_answers),
    (Role.ARML_REFERENT, "surveys:results", _with_answers),
    (Role.NATIONAL_ADMIN, "surveys:campaign", lambda w: {"code": _campaign(w).code}),
    (Role.ML_DIRECTOR, "surveys:campaigns", lambda w: {}),
    (Role.ARML_REFERENT, "surveys:campaigns", lambda w: {}),
    (Role.ARML_REFERENT, "surveys:new_campaign", lambda w: {}),
    (Role.NATIONAL_ADMIN, "surveys:new_questionnaire", lambda w: {}),
    (Role.ARML_REFERENT, "surveys:edit_questionnaire", _questionnaire("ARML-A")),
    (Role.ML_QUALITY, "surveys:paper", _results()),
    (Role.ML_QUALITY, "surveys:invitations", _results()),
]
assert set(ALL_ROLES) >= set(STRUCTURAL)
