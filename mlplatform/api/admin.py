from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Technical view of the tokens: the secret is never stored, only its hash (hidden here)."""

    list_display = [
        "name",
        "prefix",
        "user",
        "membership",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_select_related = ["user", "membership__structure"]
    search_fields = ["name", "prefix", "user__email"]
    exclude = ["token_hash"]
    readonly_fields = ["user", "membership", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are created by their owner, on the platform, to see the secret once
