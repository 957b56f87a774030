"""Read-only technical view: actions are changed on the platform, where edits are locked and logged."""

from django.contrib import admin

from .models import ActionChange, ActionNote, ImprovementAction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "structure", "status", "priority", "due_on", "progress"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "structure__code", "structure__name"]
    list_select_related = ["structure"]


@admin.register(ActionNote)
class ActionNoteAdmin(ReadOnlyAdmin):
    list_display = ["action", "author", "progress", "created_at"]
    list_select_related = ["action", "author"]


@admin.register(ActionChange)
class ActionChangeAdmin(ReadOnlyAdmin):
    list_display = ["action", "field", "before", "after", "author", "changed_at"]
    list_select_related = ["action", "author"]
