"""The demo accounts (fictitious people) and their public password, for development and demos only.

``setup_demo`` creates them; the demo builders of the apps (the label cycle's auditors and commission
members) use the same password and second-factor keys. Imported by both, importing neither.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .enums import Role

DEMO_PASSWORD = "demo-label-2026"
DEMO_EMAIL_DOMAIN = "@demo.test"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    job_title: str
    # (role, structure code); the first one is the person's current membership.
    memberships: tuple[tuple[str, str], ...]
    two_factor: bool = False


# Fictitious people. Some of them belong to real structures (the UNML, the ARML Normandie, the
# Mission Locale Caen la Mer Calvados Centre...): the structures are real, the people are not.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@demo.test",
        "Claire",
        "Montreuil",
        "Chargée de mission label",
        ((Role.NATIONAL_ADMIN, "UNML"),),
        two_factor=True,
    ),
    DemoAccount(
        "commission@demo.test",
        "Bernard",
        "Fauvel",
        "Membre de la commission nationale",
        ((Role.COMMISSION_MEMBER, "UNML"),),
        two_factor=True,
    ),
    DemoAccount("auditrice@demo.test", "Sophie", "Garnier", "Auditrice", ((Role.AUDITOR, "UNML"),)),
    DemoAccount(
        "referente.normandie@demo.test",
        "Nadia",
        "Lemarchand",
        "Référente label",
        ((Role.ARML_REFERENT, "ARML-NOR"),),
    ),
    DemoAccount(
        "equipe.normandie@demo.test",
        "Julien",
        "Hébert",
        "Chargé de mission observatoire",
        ((Role.ARML_STAFF, "ARML-NOR"),),
    ),
    DemoAccount(
        "directeur.caen@demo.test", "Marc", "Duval", "Directeur", ((Role.ML_DIRECTOR, "ML-14-CAEN"),)
    ),
    DemoAccount(
        "qualite.caen@demo.test", "Élodie", "Lecornu", "Référente qualité", ((Role.ML_QUALITY, "ML-14-CAEN"),)
    ),
    DemoAccount(
        "equipe.caen@demo.test",
        "Thomas",
        "Lecoq",
        "Conseiller en insertion",
        ((Role.ML_STAFF, "ML-14-CAEN"),),
    ),
    DemoAccount(
        "directrice.rouen@demo.test",
        "Isabelle",
        "Vautier",
        "Directrice",
        ((Role.ML_DIRECTOR, "ML-76-ROUEN"),),
    ),
    DemoAccount(
        "referent.bretagne@demo.test",
        "Yann",
        "Kerbrat",
        "Référent label",
        ((Role.ARML_REFERENT, "ARML-BRE-DEMO"),),
    ),
    DemoAccount(
        "double.role@demo.test",
        "Karim",
        "Benali",
        "Directeur, chargé de mission régional",
        ((Role.ML_DIRECTOR, "ML-61-ALENCON"), (Role.ARML_STAFF, "ARML-NOR")),
    ),
)


def demo_totp_key(email: str) -> str:
    """The fixed (hence public: demo only) TOTP key of a demo account, 20 bytes in hex."""
    return hashlib.sha256(f"mlplatform-demo-totp:{email}".encode()).hexdigest()[:40]
