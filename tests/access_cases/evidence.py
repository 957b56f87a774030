"""Access cases and pages to audit for the evidence application (see tests/test_access_matrix.py).

Everyone whose perimeter holds the structure reads its library (the ML, its ARML, the UNML);
only the structure's own people change it (``Membership.contributes_to``): the others get 403.
Auditors and commission members have no perimeter yet (404), like people without a role.
"""

from __future__ import annotations

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import ML_OUTSIDERS, STRUCTURE_READERS, Case, only

# The ML's own people may change its library; the ARML and the UNML only read it.
ML_MANAGERS = {Role.ML_DIRECTOR: 200, Role.ML_QUALITY: 200, Role.ML_STAFF: 200}
READ_ONLY = {Role.NATIONAL_ADMIN: 403, Role.ARML_REFERENT: 403, Role.ARML_STAFF: 403}


def evidence_kwargs(world: World, structure_attr: str = "ml", kind: str = "file") -> dict:
    """A piece of evidence of the world's structure (created once, found again on later calls)."""
    from mlplatform.evidence import services
    from mlplatform.evidence.models import Evidence, EvidenceKind

    from ..evidence.samples import pdf, upload

    structure = getattr(world, structure_attr)
    title = f"Preuve d'accès ({kind}) de {structure.code}"
    evidence = Evidence.objects.filter(structure=structure, title=title).first()
    if evidence is None and kind == "file":
        content = pdf(title)
        evidence = services.add_file(structure, upload("preuve.pdf", content), title=title, user=None)
    elif evidence is None:
        evidence = services.add_link(structure, url="https://example.org/preuve", title=title, user=None)
    assert evidence.kind == (EvidenceKind.FILE if kind == "file" else EvidenceKind.LINK)
    return {"code": structure.code, "pk": evidence.pk}


def _version_kwargs(world: World, structure_attr: str = "ml") -> dict:
    return {**evidence_kwargs(world, structure_attr), "number": 1}


def _outsiders(builder) -> list:
    """People of another perimeter reaching the ML's evidence, and ML people reaching others'."""
    return [
        ("OTHER_ARML_REFERENT", lambda w: builder(w, "ml")),
        ("OTHER_ML_DIRECTOR", lambda w: builder(w, "ml")),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_ml")),
        (Role.ML_STAFF, lambda w: builder(w, "arml")),
    ]


READERS_200 = only(STRUCTURE_READERS, 404)
MANAGERS_200 = only({**ML_MANAGERS, **READ_ONLY}, 404)
MANAGERS_302 = only({**dict.fromkeys(ML_MANAGERS, 302), **READ_ONLY}, 404)


def ML_CODE(world: World) -> dict:
    return {"code": world.ml.code}


def _library_with_items(world: World) -> dict:
    evidence_kwargs(world)
    evidence_kwargs(world, kind="link")
    return ML_CODE(world)


CASES: dict[str, Case] = {
    "evidence:library": Case(READERS_200, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "evidence:add_file": Case(MANAGERS_200, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "evidence:add_link": Case(MANAGERS_200, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "evidence:detail": Case(READERS_200, kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)),
    "evidence:edit": Case(MANAGERS_200, kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)),
    # An empty POST: the page comes back with "choose a file" (200) for those allowed to replace.
    "evidence:replace": Case(
        MANAGERS_200, method="post", kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)
    ),
    # Without the version field nothing changes and the person is sent back to the evidence.
    "evidence:archive": Case(
        MANAGERS_302, method="post", kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)
    ),
    "evidence:restore": Case(
        MANAGERS_302, method="post", kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)
    ),
    "evidence:download": Case(READERS_200, kwargs=evidence_kwargs, outsiders=_outsiders(evidence_kwargs)),
    "evidence:download_version": Case(
        READERS_200, kwargs=_version_kwargs, outsiders=_outsiders(_version_kwargs)
    ),
}

# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = [
    (Role.ML_QUALITY, "evidence:library", _library_with_items),
    (Role.ARML_REFERENT, "evidence:library", _library_with_items),
    (Role.ML_STAFF, "evidence:add_file", ML_CODE),
    (Role.ML_STAFF, "evidence:add_link", ML_CODE),
    (Role.ML_QUALITY, "evidence:detail", evidence_kwargs),
    (Role.ARML_STAFF, "evidence:detail", lambda w: evidence_kwargs(w, kind="link")),
    (Role.ML_DIRECTOR, "evidence:edit", evidence_kwargs),
    (Role.ML_DIRECTOR, "evidence:edit", lambda w: evidence_kwargs(w, kind="link")),
]
