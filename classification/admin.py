"""Admin of the classification: groups with their labels, the key table, failed searches."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AlternativeLabel,
    CodeTransition,
    EconomicRegion,
    Occupation,
    Place,
    UnmatchedSearch,
)
from .services import bump_version


class _BumpsVersion:
    """Tell every search index to rebuild after an edit in the admin."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_version()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_version()


class AlternativeLabelInline(admin.TabularInline):
    model = AlternativeLabel
    extra = 1
    fields = ["label", "language", "kind", "source"]


class OfficialTitleFilter(admin.SimpleListFilter):
    title = _("Azərbaycanca ad")
    parameter_name = "az_title"

    def lookups(self, request, model_admin):
        return [("official", _("rəsmi")), ("working", _("qeyri-rəsmi tərcümə"))]

    def queryset(self, request, queryset):
        if self.value() == "official":
            return queryset.filter(title_az_official=True)
        if self.value() == "working":
            return queryset.filter(title_az_official=False)
        return queryset


@admin.register(Occupation)
class OccupationAdmin(_BumpsVersion, admin.ModelAdmin):
    list_display = ["code", "title_az", "title_en", "level", "az_official", "is_active"]
    list_display_links = ["code", "title_az"]
    list_filter = ["level", OfficialTitleFilter, "title_ru_official", "is_active"]
    search_fields = [
        "code",
        "title_az__azcontains",
        "title_en",
        "title_ru",
    ]
    list_select_related = ["parent"]
    list_per_page = 100
    ordering = ["code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["updated_at"]
    inlines = [AlternativeLabelInline]
    fieldsets = [
        (None, {"fields": ["code", "level", "parent", "is_active"]}),
        (
            _("Adlar"),
            {
                "fields": [
                    ("title_az", "title_az_official"),
                    "title_en",
                    ("title_ru", "title_ru_official"),
                ]
            },
        ),
        (
            _("Tərif"),
            {
                "fields": [
                    ("definition_az", "definition_az_official"),
                    ("definition_ru", "definition_ru_official"),
                    "definition_en",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description=_("rəsmi az ad"), ordering="title_az_official")
    def az_official(self, obj: Occupation) -> bool:
        return obj.title_az_official


@admin.register(CodeTransition)
class CodeTransitionAdmin(_BumpsVersion, admin.ModelAdmin):
    list_display = ["old_code", "old_title", "new_occupation", "official"]
    list_filter = ["official"]
    search_fields = [
        "old_code",
        "old_title__azcontains",
        "new_occupation__code",
        "new_occupation__title_az__azcontains",
    ]
    list_select_related = ["new_occupation"]
    autocomplete_fields = ["new_occupation"]


@admin.register(AlternativeLabel)
class AlternativeLabelAdmin(_BumpsVersion, admin.ModelAdmin):
    list_display = ["label", "language", "kind", "occupation", "source"]
    list_filter = ["language", "kind", "source"]
    search_fields = ["label__azcontains", "occupation__code"]
    list_select_related = ["occupation"]
    autocomplete_fields = ["occupation"]


@admin.register(UnmatchedSearch)
class UnmatchedSearchAdmin(admin.ModelAdmin):
    """Queries that found nothing: read them to add labels where people look."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    search_fields = ["query__azcontains"]
    date_hierarchy = "last_seen"
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- territorial units ---------------------------------------------------------------


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0


@admin.register(EconomicRegion)
class EconomicRegionAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    inlines = [PlaceInline]
