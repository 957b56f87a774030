"""Personal API tokens: a person's key to the read-only API, acting for one of their memberships.

Only a SHA-256 hash of the secret is stored (like invitations); the clear token is shown once,
when it is created. A token acts with the perimeter of its membership, so it sees exactly what
its owner sees on the pages when acting under that role.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mlplatform.accounts.models import Membership
from mlplatform.network.perimeter import Perimeter
from mlplatform.observatory.access import role_reads_figures

# Every token starts with this, so that a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "mlp_"
# How much of the token is kept in clear to tell tokens apart on the page.
SHOWN_PREFIX_LENGTH = 12
# A person keeps at most this many usable tokens at once.
MAX_ACTIVE_TOKENS = 20
# The last use is written at most this often per token (one UPDATE, not one per request).
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_may_use_api(role: str | None) -> bool:
    """Roles that read observatory figures may hold a token (the observatory's one access rule)."""
    return role_reads_figures(role)


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user) -> ApiTokenQuerySet:
        """A person's own tokens: nobody, not even a national admin, reaches someone else's."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="api_tokens"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name="rôle utilisé",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="Le jeton voit ce que ce rôle voit.",
    )
    name = models.CharField("nom", max_length=100)
    prefix = models.CharField("début du jeton", max_length=SHOWN_PREFIX_LENGTH, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'accès à l'API"
        verbose_name_plural = "jetons d'accès à l'API"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, membership: Membership, name: str, validity: timedelta | None = None
    ) -> tuple[ApiToken, str]:
        """Create a token for ``membership``; returns it with the clear secret (shown once, never stored)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user_id=membership.user_id,
            membership=membership,
            name=name,
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            token_hash=hash_token(secret),
            expires_at=timezone.now() + validity if validity is not None else None,
        )
        return token, secret

    @classmethod
    def find(cls, secret: str) -> ApiToken | None:
        """The token with this secret, whatever its state (one query, with its owner and role)."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        return (
            cls.objects.select_related("user", "membership__structure")
            .filter(token_hash=hash_token(secret))
            .first()
        )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def role_allows_use(self) -> bool:
        """The role the token acts for still exists and still gives access to the API."""
        return self.membership.is_active and role_may_use_api(self.membership.role) and self.user.is_active

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return "révoqué"
        if self.is_expired:
            return "expiré"
        if not self.role_allows_use:
            return "inutilisable (rôle retiré)"
        return "actif"

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired and self.role_allows_use

    def perimeter(self) -> Perimeter:
        return self.membership.perimeter()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)

    def touch(self) -> None:
        """Record a use, at most once a minute (a single UPDATE)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
