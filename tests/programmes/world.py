"""The programmes of the test world: the PNAE 2018-2020 from its data file and the PRAE of ARML-A
declining national action 1. Idempotent: every access case may call it."""

from __future__ import annotations

from mlplatform.accounts.enums import Role
from mlplatform.programmes import services
from mlplatform.programmes.loader import DATA_DIR, load_file
from mlplatform.programmes.models import Action, Programme

from ..factories import World

PNAE_FILE = DATA_DIR / "PNAE-2018-2020.yaml"


def pnae(world: World) -> Programme:
    load_file(PNAE_FILE)
    return Programme.objects.get(code="PNAE")


def prae(world: World, structure_attr: str = "arml") -> Programme:
    national = pnae(world)
    arml = getattr(world, structure_attr)
    programme = Programme.objects.filter(owner=arml).first()
    if programme is None:
        programme = services.create_prae(arml, user=None, start_year=2018, end_year=2020, year=2019)
        version = programme.versions.get()
        first = services.current_version(national).actions.get(number=1)
        services.decline_action(version, first, user=world.user(Role.ARML_REFERENT), adaptation="En Alpha.")
    return programme


def prae_action(world: World, structure_attr: str = "arml") -> Action:
    return prae(world, structure_attr).versions.get().actions.get(number=1)


def prae_kwargs(world: World) -> dict:
    return {"code": prae(world).code}


def prae_action_kwargs(world: World) -> dict:
    action = prae_action(world)
    return {"code": action.programme_version.programme.code, "number": action.number}


def pnae_kwargs(world: World) -> dict:
    return {"code": pnae(world).code}


def pnae_action_kwargs(world: World) -> dict:
    return {"code": pnae(world).code, "number": 5}


def prae_review_kwargs(world: World) -> dict:
    return {"code": prae(world).code, "year": 2019}


def prae_snapshot_kwargs(world: World) -> dict:
    from mlplatform.programmes.reviews import take_snapshot

    version = prae(world).versions.get()
    snapshot = version.snapshots.first() or take_snapshot(version, user=None, label="Conférence d'essai")
    return {"code": version.programme.code, "pk": snapshot.pk}


def pnae_review_kwargs(world: World) -> dict:
    return {"code": pnae(world).code, "year": 2019}


def prae_deliverable_kwargs(world: World) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mlplatform.programmes.deliverables import add_deliverable

    from ..evidence.samples import pdf

    action = prae_action(world)
    deliverable = action.deliverables.first()
    if deliverable is None:
        upload = SimpleUploadedFile("compte-rendu.pdf", pdf(), content_type="application/pdf")
        deliverable = add_deliverable(
            action, upload, user=None, expected_version=action.version, title="Compte rendu du comité"
        )
    code = action.programme_version.programme.code
    return {"code": code, "number": action.number, "pk": deliverable.pk}
