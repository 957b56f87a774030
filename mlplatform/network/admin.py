from django.contrib import admin

from .models import Site, Structure


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "region", "department", "is_demo"]
    list_filter = ["type", "region", "is_demo"]
    search_fields = ["code", "name"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "type", "town"]
    search_fields = ["name", "town", "structure__name"]
