"""Builders of test data: a small network with one person per role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.network.enums import LegalStatus, SiteType, StructureType
from mlplatform.network.models import Site, Structure

PASSWORD = "mot-de-passe-de-test-1234"


def make_structure(code: str, type_: str, parent: Structure | None = None, **fields) -> Structure:
    defaults = {
        "name": f"Structure {code}",
        "legal_status": LegalStatus.ASSOCIATION,
        "region": parent.region
        if parent is not None and parent.region
        else fields.pop("region", "Région test"),
        "department": "14" if type_ == StructureType.ML else "",
    }
    defaults.update(fields)
    return Structure.objects.create(code=code, type=type_, parent=parent, **defaults)


def make_user(email: str, role: str | None = None, structure: Structure | None = None, **fields) -> User:
    user = User.objects.create_user(
        email,
        PASSWORD,
        first_name=fields.pop("first_name", "Prénom"),
        last_name=fields.pop("last_name", email.split("@")[0]),
        **fields,
    )
    if role is not None:
        membership = Membership.objects.create(user=user, structure=structure, role=role)
        user.current_membership = membership
        user.save(update_fields=["current_membership"])
    return user


def login(client: Client, user: User) -> Client:
    """Sign ``user`` in; people who need a second factor get a verified session too."""
    client.force_login(user)
    if user.requires_two_factor():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@dataclass
class World:
    unml: Structure
    arml: Structure
    ml: Structure
    ml2: Structure
    other_arml: Structure
    other_ml: Structure
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def build_world() -> World:
    unml = make_structure("UNML", StructureType.UNML, name="Union nationale des Missions Locales", region="")
    arml = make_structure("ARML-A", StructureType.ARML, unml, name="ARML Alpha", region="Région Alpha")
    ml = make_structure("ML-A1", StructureType.ML, arml, name="Mission Locale Alpha Un")
    ml2 = make_structure("ML-A2", StructureType.ML, arml, name="Mission Locale Alpha Deux")
    other_arml = make_structure("ARML-B", StructureType.ARML, unml, name="ARML Bêta", region="Région Bêta")
    other_ml = make_structure(
        "ML-B1", StructureType.ML, other_arml, name="Mission Locale Bêta Un", department="27"
    )
    for structure in (ml, ml2, other_ml):
        Site.objects.create(
            structure=structure, name=f"Siège {structure.code}", type=SiteType.SIEGE, town="Caen"
        )
    world = World(unml, arml, ml, ml2, other_arml, other_ml)
    placements = {
        Role.NATIONAL_ADMIN: unml,
        Role.ARML_REFERENT: arml,
        Role.ARML_STAFF: arml,
        Role.ML_DIRECTOR: ml,
        Role.ML_QUALITY: ml,
        Role.ML_STAFF: ml,
        Role.AUDITOR: unml,
        Role.COMMISSION_MEMBER: unml,
    }
    for role, structure in placements.items():
        world.users[role] = make_user(f"{role.lower()}@test.example", role, structure)
    # People of the other region, to check perimeters from the other side.
    world.users["OTHER_ARML_REFERENT"] = make_user("other.arml@test.example", Role.ARML_REFERENT, other_arml)
    world.users["OTHER_ML_DIRECTOR"] = make_user("other.ml@test.example", Role.ML_DIRECTOR, other_ml)
    world.users["NO_ROLE"] = make_user("sans.role@test.example")
    return world
