"""Roles a person can hold in a structure, and what each one implies."""

from django.db import models

from mlplatform.network.enums import StructureType
from mlplatform.network.perimeter import Level


class Role(models.TextChoices):
    NATIONAL_ADMIN = "NATIONAL_ADMIN", "Administrateur·rice national·e (UNML)"
    ARML_REFERENT = "ARML_REFERENT", "Référent·e label de l'ARML"
    ARML_STAFF = "ARML_STAFF", "Équipe de l'ARML"
    ML_DIRECTOR = "ML_DIRECTOR", "Directeur·rice de la Mission Locale"
    ML_QUALITY = "ML_QUALITY", "Référent·e qualité de la Mission Locale"
    ML_STAFF = "ML_STAFF", "Équipe de la Mission Locale"
    AUDITOR = "AUDITOR", "Auditeur·rice"
    COMMISSION_MEMBER = "COMMISSION_MEMBER", "Membre de la commission nationale de labellisation"


# The type of structure a membership of each role must belong to.
ROLE_STRUCTURE_TYPES: dict[str, tuple[str, ...]] = {
    Role.NATIONAL_ADMIN: (StructureType.UNML,),
    Role.ARML_REFERENT: (StructureType.ARML,),
    Role.ARML_STAFF: (StructureType.ARML,),
    Role.ML_DIRECTOR: (StructureType.ML,),
    Role.ML_QUALITY: (StructureType.ML,),
    Role.ML_STAFF: (StructureType.ML,),
    # Auditors belong to the national pool (UNML) or to a regional one (ARML).
    Role.AUDITOR: (StructureType.UNML, StructureType.ARML),
    Role.COMMISSION_MEMBER: (StructureType.UNML,),
}

# The perimeter level each role gives over the structure of the membership.
# Auditors and commission members get theirs from the label cycle (assigned audits, agenda).
ROLE_LEVEL: dict[str, Level] = {
    Role.NATIONAL_ADMIN: Level.NATIONAL,
    Role.ARML_REFERENT: Level.REGIONAL,
    Role.ARML_STAFF: Level.REGIONAL,
    Role.ML_DIRECTOR: Level.LOCAL,
    Role.ML_QUALITY: Level.LOCAL,
    Role.ML_STAFF: Level.LOCAL,
    Role.AUDITOR: Level.ASSIGNED,
    Role.COMMISSION_MEMBER: Level.ASSIGNED,
}

# Roles that must use a second factor (TOTP) to sign in.
TWO_FACTOR_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.COMMISSION_MEMBER})

# Roles that may edit the identity and governance of the structures of their perimeter.
EDITOR_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ML_DIRECTOR})

# Roles whose holders work on their own structure's quality (self-assessment answers, evidence,
# improvement plan). A structure's quality work is done by its own people only; the ARML and the
# UNML read their perimeter's.
QUALITY_CONTRIBUTOR_ROLES = frozenset(
    {
        Role.NATIONAL_ADMIN,
        Role.ARML_REFERENT,
        Role.ARML_STAFF,
        Role.ML_DIRECTOR,
        Role.ML_QUALITY,
        Role.ML_STAFF,
    }
)
# Among them, those who commit the structure: submit a self-assessment.
QUALITY_LEAD_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ML_DIRECTOR, Role.ML_QUALITY})

# Roles each inviting role may hand out (inside its own perimeter).
INVITABLE_ROLES: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset(Role.values),
    Role.ARML_REFERENT: frozenset(
        {Role.ARML_REFERENT, Role.ARML_STAFF, Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF, Role.AUDITOR}
    ),
    Role.ML_DIRECTOR: frozenset({Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF}),
}
