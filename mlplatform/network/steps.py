"""What the home page says about the network directory, the structure's record and its team
(registered with ``core.next_steps`` in ``NetworkConfig.ready()``, first on the page)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.next_steps import Step

from .models import Structure


def _incomplete_contacts(structure: Structure) -> bool:
    return not (structure.address and structure.phone and structure.email)


def _national_steps(user: User) -> list[Step]:
    steps: list[Step] = []
    counts = Structure.objects.for_user(user).aggregate(
        arml=Count("pk", filter=Q(type="ARML")),
        ml=Count("pk", filter=Q(type="ML")),
        ml_without_contact=Count("pk", filter=Q(type="ML") & (Q(email="") | Q(phone=""))),
    )
    steps.append(
        Step(
            "Tenir le répertoire du réseau à jour",
            f"Le répertoire compte {counts['arml']} ARML et {counts['ml']} Missions Locales. "
            "Importez le fichier national des structures et des lieux d'accueil pour le mettre à jour.",
            reverse("network:registry_import"),
            "Importer le répertoire",
        )
    )
    if counts["ml_without_contact"]:
        steps.append(
            Step(
                "Compléter les coordonnées",
                f"{counts['ml_without_contact']} Missions Locales n'ont ni téléphone ni adresse électronique "
                "renseignés.",
                reverse("network:tree") + "?incomplet=1",
                "Voir ces Missions Locales",
            )
        )
    arml_without_referent = (
        Structure.objects.arml()
        .exclude(memberships__role=Role.ARML_REFERENT, memberships__is_active=True)
        .count()
    )
    if arml_without_referent:
        steps.append(
            Step(
                "Inviter les référents label des ARML",
                f"{arml_without_referent} ARML n'ont pas encore de référent·e label sur la plateforme.",
                reverse("accounts:invitations"),
                "Inviter une personne",
            )
        )
    return steps


def _regional_steps(user: User, membership: Membership) -> list[Step]:
    arml = membership.structure
    steps: list[Step] = []
    if _incomplete_contacts(arml) and membership.can_edit_structures:
        steps.append(
            Step(
                "Compléter la fiche de l'ARML",
                "Adresse, téléphone ou adresse électronique manquent sur la fiche de votre ARML.",
                reverse("network:structure_edit", kwargs={"code": arml.code}),
                "Modifier la fiche",
            )
        )
    ml_without_director = (
        Structure.objects.for_user(user)
        .ml()
        .exclude(memberships__role=Role.ML_DIRECTOR, memberships__is_active=True)
        .count()
    )
    if ml_without_director and Role.ML_DIRECTOR in membership.invitable_roles:
        steps.append(
            Step(
                "Inviter les directions des Missions Locales",
                f"{ml_without_director} Missions Locales de votre région n'ont pas encore de directeur·rice "
                "sur la plateforme.",
                reverse("accounts:invitations"),
                "Inviter une personne",
            )
        )
    steps.append(
        Step(
            "Suivre les Missions Locales de la région",
            "Consultez les fiches des Missions Locales de votre région, "
            "leurs lieux d'accueil et leurs équipes.",
            reverse("network:tree"),
            "Voir le réseau régional",
        )
    )
    return steps


def _local_steps(membership: Membership) -> list[Step]:
    ml = membership.structure
    steps: list[Step] = []
    if _incomplete_contacts(ml):
        if membership.can_edit_structures:
            steps.append(
                Step(
                    "Compléter la fiche de votre Mission Locale",
                    "Adresse, téléphone ou adresse électronique manquent sur votre fiche.",
                    reverse("network:structure_edit", kwargs={"code": ml.code}),
                    "Modifier la fiche",
                )
            )
        else:
            steps.append(
                Step(
                    "Vérifier la fiche de votre Mission Locale",
                    "Des coordonnées manquent : signalez-les à votre directeur·rice, qui peut les compléter.",
                    ml.get_absolute_url(),
                    "Voir la fiche",
                )
            )
    if (
        Role.ML_QUALITY in membership.invitable_roles
        and not ml.memberships.filter(role=Role.ML_QUALITY, is_active=True).exists()
    ):
        steps.append(
            Step(
                "Désigner votre référent·e qualité",
                "Aucun·e référent·e qualité n'est encore inscrit·e pour votre Mission Locale.",
                reverse("accounts:invitations"),
                "Inviter une personne",
            )
        )
    steps.append(
        Step(
            "Consulter votre fiche",
            "Identité, gouvernance, lieux d'accueil et équipe inscrite de votre Mission Locale.",
            ml.get_absolute_url(),
            "Voir la fiche",
        )
    )
    return steps


def network_steps(user: User, membership: Membership) -> list[Step]:
    role = membership.role
    if role == Role.NATIONAL_ADMIN:
        return _national_steps(user)
    if role in (Role.ARML_REFERENT, Role.ARML_STAFF):
        return _regional_steps(user, membership)
    if role in (Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF):
        return _local_steps(membership)
    return []
