"""Access cases and pages to audit for network life (see tests/test_access_matrix.py).

The structure's records are read inside the perimeter (the ML, its ARML, the UNML) and changed by
the structure's own people: the others get 403. The practices catalogue is read by everyone
signed in, whatever their role (no perimeter).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mlplatform.accounts.enums import Role

from ..factories import World
from .base import ML_OUTSIDERS, STRUCTURE_READERS, Case, everyone, only

MANAGERS = {Role.ML_DIRECTOR: 200, Role.ML_QUALITY: 200, Role.ML_STAFF: 200}
READ_ONLY = {Role.NATIONAL_ADMIN: 403, Role.ARML_REFERENT: 403, Role.ARML_STAFF: 403}
MINUTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def meeting_kwargs(world: World, structure_attr: str = "ml") -> dict:
    """A meeting (with minutes) of the world's structure, created once."""
    from mlplatform.animation import services
    from mlplatform.animation.models import Meeting

    structure = getattr(world, structure_attr)
    title = f"Conseil d'administration de {structure.code}"
    meeting = Meeting.objects.filter(structure=structure, title=title).first()
    if meeting is None:
        meeting = services.create_meeting(
            structure,
            {
                "kind": "conseil_administration",
                "theme": "gouvernance",
                "title": title,
                "date": timezone.localdate().replace(month=1, day=15),
            },
            minutes=SimpleUploadedFile("compte-rendu.pdf", MINUTES, content_type="application/pdf"),
            user=None,
        )
    return {"code": structure.code, "pk": meeting.pk}


def practice_kwargs(world: World) -> dict:
    from django.core.files.base import ContentFile

    from mlplatform.animation.models import Practice

    practice = Practice.objects.filter(structure=world.ml2).first()
    if practice is None:
        practice = Practice(
            structure=world.ml2, title="Kit parrainage", theme="relations_entreprises", description="Le kit."
        )
        practice.file.save("kit", ContentFile(MINUTES), save=False)
        practice.file_name, practice.file_size, practice.file_content_type = (
            "kit.pdf",
            len(MINUTES),
            "application/pdf",
        )
        practice.save()
    return {"pk": practice.pk}


def partnership_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from mlplatform.animation.models import Partnership

    structure = getattr(world, structure_attr)
    partnership, _ = Partnership.objects.get_or_create(
        structure=structure,
        title="Convention SPIP",
        defaults={
            "partner_name": "SPIP",
            "partner_type": "justice",
            "level": "local",
            "starts_on": "2024-01-01",
        },
    )
    return {"code": structure.code, "pk": partnership.pk}


def document_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from mlplatform.animation import services
    from mlplatform.animation.models import Partnership

    kwargs = partnership_kwargs(world, structure_attr)
    partnership = Partnership.objects.get(pk=kwargs["pk"])
    document = partnership.documents.first() or services.add_partnership_document(
        partnership,
        SimpleUploadedFile("convention.pdf", MINUTES, content_type="application/pdf"),
        title="Convention signée",
        user=None,
    )
    return {**kwargs, "document": document.pk}


def referent_kwargs(world: World, structure_attr: str = "ml") -> dict:
    from mlplatform.animation.models import Referent

    structure = getattr(world, structure_attr)
    referent, _ = Referent.objects.get_or_create(structure=structure, theme="justice", name="Camille Martin")
    return {"code": structure.code, "kind": "referents", "pk": referent.pk}


def section_kwargs(world: World, structure_attr: str = "ml") -> dict:
    return {"code": getattr(world, structure_attr).code, "section": "evenements"}


def own_practice_kwargs(world: World) -> dict:
    """A practice of the ML's own (without a file: it becomes a spreadsheet in the library)."""
    from mlplatform.animation.models import Practice

    practice, _ = Practice.objects.get_or_create(
        structure=world.ml, title="Kit CEJ", defaults={"theme": "cej", "description": "Le suivi des sorties."}
    )
    return {"pk": practice.pk}


def _overview_with_records(world: World) -> dict:
    """The ML's page with a record in every section (each with its « use as evidence » button)."""
    from mlplatform.animation.models import BodyMember, Event

    meeting_kwargs(world)
    document_kwargs(world)
    referent_kwargs(world)
    today = timezone.localdate()
    Event.objects.get_or_create(
        structure=world.ml,
        title="Forum",
        defaults={"level": "local", "kind": "forum_emploi", "starts_on": today, "ends_on": today},
    )
    BodyMember.objects.get_or_create(structure=world.ml, body="bureau", college="elus", name="Claude Hamon")
    return ML_CODE(world)


def _journal_with_changes(world: World) -> dict:
    meeting_kwargs(world)
    document_kwargs(world)
    return ML_CODE(world)


def _catalogue_with_own_practice(world: World) -> dict:
    own_practice_kwargs(world)
    practice_kwargs(world)
    return {}


def _add_kwargs(world: World, structure_attr: str = "ml") -> dict:
    return {"code": getattr(world, structure_attr).code, "kind": "evenements"}


def _outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", lambda w: builder(w, "ml")),
        ("OTHER_ML_DIRECTOR", lambda w: builder(w, "ml")),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_ml")),
        (Role.ML_STAFF, lambda w: builder(w, "arml")),
    ]


def ML_CODE(world: World) -> dict:
    return {"code": world.ml.code}


def _overview_with_meeting(world: World) -> dict:
    meeting_kwargs(world)
    return ML_CODE(world)


def _catalogue_with_practice(world: World) -> dict:
    practice_kwargs(world)
    return {}


def _directory_with_referents(world: World) -> dict:
    referent_kwargs(world)
    return {"code": world.arml.code}


READERS = only(STRUCTURE_READERS, 404)
EDITORS = only({**MANAGERS, **READ_ONLY}, 404)
EDITORS_302 = only({**dict.fromkeys(MANAGERS, 302), **READ_ONLY}, 404)

CASES: dict[str, Case] = {
    "animation:overview": Case(READERS, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "animation:meeting_add": Case(EDITORS, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    # The change log: inside the perimeter only (never the UNML's for an ARML).
    "animation:journal": Case(READERS, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "animation:meeting": Case(READERS, kwargs=meeting_kwargs, outsiders=_outsiders(meeting_kwargs)),
    "animation:meeting_edit": Case(EDITORS, kwargs=meeting_kwargs, outsiders=_outsiders(meeting_kwargs)),
    "animation:meeting_minutes": Case(READERS, kwargs=meeting_kwargs, outsiders=_outsiders(meeting_kwargs)),
    "animation:meeting_evidence": Case(
        EDITORS_302, method="post", kwargs=meeting_kwargs, outsiders=_outsiders(meeting_kwargs)
    ),
    "animation:record_add": Case(EDITORS, kwargs=_add_kwargs, outsiders=_outsiders(_add_kwargs)),
    "animation:record_edit": Case(EDITORS, kwargs=referent_kwargs, outsiders=_outsiders(referent_kwargs)),
    "animation:evaluation": Case(
        EDITORS, kwargs=partnership_kwargs, outsiders=_outsiders(partnership_kwargs)
    ),
    # An empty POST: the page comes back with "choose a file" (200) for the structure's people.
    "animation:document_add": Case(
        EDITORS, method="post", kwargs=partnership_kwargs, outsiders=_outsiders(partnership_kwargs)
    ),
    "animation:document": Case(READERS, kwargs=document_kwargs, outsiders=_outsiders(document_kwargs)),
    "animation:document_evidence": Case(
        EDITORS_302, method="post", kwargs=document_kwargs, outsiders=_outsiders(document_kwargs)
    ),
    # Referents are personal data: read inside the perimeter only.
    "animation:directory": Case(READERS, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    "animation:directory_xlsx": Case(READERS, kwargs=ML_CODE, outsiders=ML_OUTSIDERS),
    # Any person of a structure of the network publishes for their own structure.
    "animation:practice_publish": Case(only(STRUCTURE_READERS, 403), no_perimeter=True),
    # « Use as evidence »: the structure's own people put a section, a partnership or their own
    # practice into their evidence library (others who read it get 403).
    "animation:section_evidence": Case(
        EDITORS_302, method="post", kwargs=section_kwargs, outsiders=_outsiders(section_kwargs)
    ),
    "animation:partnership_evidence": Case(
        EDITORS_302, method="post", kwargs=partnership_kwargs, outsiders=_outsiders(partnership_kwargs)
    ),
    "animation:practice_edit": Case(only(MANAGERS, 403), kwargs=own_practice_kwargs, no_perimeter=True),
    "animation:practice_evidence": Case(
        only(dict.fromkeys(MANAGERS, 302), 403), method="post", kwargs=own_practice_kwargs, no_perimeter=True
    ),
    # The catalogue is the network's: everyone signed in reads it.
    "animation:catalogue": Case(everyone(200), no_perimeter=True),
    "animation:practice_file": Case(everyone(200), kwargs=practice_kwargs, no_perimeter=True),
}

PAGES: list = [
    (Role.ML_DIRECTOR, "animation:overview", _overview_with_meeting),
    (Role.ARML_REFERENT, "animation:overview", lambda w: {"code": w.arml.code}),
    (Role.ML_STAFF, "animation:meeting_add", ML_CODE),
    (Role.ML_QUALITY, "animation:meeting", meeting_kwargs),
    (Role.ML_DIRECTOR, "animation:meeting_edit", meeting_kwargs),
    (Role.AUDITOR, "animation:catalogue", _catalogue_with_practice),
    (Role.ML_STAFF, "animation:practice_publish", lambda w: {}),
    (Role.ML_DIRECTOR, "animation:record_add", lambda w: {"code": w.ml.code, "kind": "partenariats"}),
    (Role.ML_DIRECTOR, "animation:record_add", _add_kwargs),
    (Role.ML_QUALITY, "animation:record_edit", referent_kwargs),
    (Role.ML_STAFF, "animation:record_add", lambda w: {"code": w.ml.code, "kind": "instances"}),
    (
        Role.ML_DIRECTOR,
        "animation:evaluation",
        lambda w: {k: v for k, v in document_kwargs(w).items() if k != "document"},
    ),
    (Role.ARML_REFERENT, "animation:directory", _directory_with_referents),
    (Role.ML_QUALITY, "animation:overview", _overview_with_records),
    (Role.ARML_STAFF, "animation:journal", _journal_with_changes),
    (Role.ML_STAFF, "animation:catalogue", _catalogue_with_own_practice),
    (Role.ML_DIRECTOR, "animation:practice_edit", own_practice_kwargs),
]
