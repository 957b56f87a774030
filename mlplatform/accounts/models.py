"""People, their memberships (a role in a structure), invitations and sign-in attempts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from mlplatform.core.assignments import assigned_structure_ids
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, Perimeter, ScopedQuerySet

from .enums import (
    EDITOR_ROLES,
    INVITABLE_ROLES,
    QUALITY_CONTRIBUTOR_ROLES,
    QUALITY_LEAD_ROLES,
    ROLE_LEVEL,
    ROLE_STRUCTURE_TYPES,
    TWO_FACTOR_ROLES,
    Role,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField(
        "accès à l'administration technique", default=False, help_text="Réservé aux super-utilisateurs."
    )
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    current_membership = models.ForeignKey(
        "Membership",
        verbose_name="rôle en cours",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def active_membership(self) -> Membership | None:
        """The membership the person is acting under (cached for the request)."""
        if not hasattr(self, "_active_membership"):
            membership = self.current_membership
            if membership is None or not membership.is_active or membership.user_id != self.pk:
                membership = (
                    self.memberships.filter(is_active=True).select_related("structure").order_by("pk").first()
                )
            self._active_membership = membership
        return self._active_membership

    def requires_two_factor(self) -> bool:
        """Superusers, people whose role demands it, and anyone who turned it on must verify a code."""
        if self.is_superuser:
            return True
        if self.memberships.filter(is_active=True, role__in=TWO_FACTOR_ROLES).exists():
            return True
        return self.totpdevice_set.filter(confirmed=True).exists()


class MembershipQuerySet(ScopedQuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    scope_path = "structure"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle dans une structure"
        verbose_name_plural = "rôles dans les structures"
        ordering = ["structure__sort_name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "structure", "role"], name="accounts_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.structure.name}"

    def perimeter(self) -> Perimeter:
        level = ROLE_LEVEL[self.role]
        if level == Level.ASSIGNED:
            # One query, on purpose not cached: an assignment made a moment ago counts at once.
            return Perimeter(level, self.structure_id, frozenset(assigned_structure_ids(self)))
        if level == Level.NONE:
            return Perimeter.nothing()
        return Perimeter(level, self.structure_id)

    @property
    def has_structural_perimeter(self) -> bool:
        """A place in the network (national, regional, local), not files assigned: read from the role
        alone, without the query an assigned perimeter costs (the navigation asks it on every page)."""
        return ROLE_LEVEL[self.role] in (Level.NATIONAL, Level.REGIONAL, Level.LOCAL)

    @property
    def can_edit_structures(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def invitable_roles(self) -> frozenset[str]:
        return INVITABLE_ROLES.get(self.role, frozenset())

    @property
    def is_national_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    def contributes_to(self, structure: Structure) -> bool:
        """Whether this membership works on ``structure``'s own quality (answers, evidence, plan)."""
        return self.structure_id == structure.pk and self.role in QUALITY_CONTRIBUTOR_ROLES

    def leads_quality_of(self, structure: Structure) -> bool:
        """Whether this membership may commit ``structure``'s quality work (submit an assessment)."""
        return self.structure_id == structure.pk and self.role in QUALITY_LEAD_ROLES


def role_fits_structure(role: str, structure: Structure) -> bool:
    return structure.type in ROLE_STRUCTURE_TYPES[role]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(ScopedQuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation by e-mail to take a role in a structure. Only a hash of the token is kept."""

    scope_path = "structure"

    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"

    @classmethod
    def issue(
        cls, *, email: str, structure: Structure, role: str, invited_by: User, **names
    ) -> tuple[Invitation, str]:
        """Create an invitation and return it with the clear token (sent once, never stored)."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            email=email.lower(),
            structure=structure,
            role=role,
            invited_by=invited_by,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
            **names,
        )
        return invitation, token

    @classmethod
    def find_pending(cls, token: str) -> Invitation | None:
        return cls.objects.pending().select_related("structure").filter(token_hash=_hash_token(token)).first()

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return "acceptée"
        if self.revoked_at:
            return "annulée"
        if self.expires_at <= timezone.now():
            return "expirée"
        return "en attente"


class LoginAttempt(models.Model):
    """One sign-in attempt, kept to throttle repeated failures."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "tentative de connexion"
        verbose_name_plural = "tentatives de connexion"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"
