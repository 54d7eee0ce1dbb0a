"""Staff manage announcements, offices and vacancies here."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import VacancyAdminForm
from .models import Announcement, Competency, Office, Vacancy, VacancyStatus


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["position", "name", "description"]


class VacancyInline(admin.StackedInline):
    model = Vacancy
    form = VacancyAdminForm
    extra = 0
    fields = [
        ("position_order", "office", "title", "posts", "is_published"),
        "functions",
        "education",
        ("computer_skills", "languages"),
        "preference",
        ("salary", "classification_level", "occupation"),
    ]
    autocomplete_fields = ["office", "occupation"]
    show_change_link = True


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = _("vəziyyət")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(VacancyStatus.OPEN, _("Açıqdır")), (VacancyStatus.CLOSED, _("Müddət başa çatıb"))]

    def queryset(self, request, queryset):
        field = "deadline" if queryset.model is Announcement else "announcement__deadline"
        if self.value() == VacancyStatus.OPEN:
            return queryset.filter(**{f"{field}__gt": timezone.now()})
        if self.value() == VacancyStatus.CLOSED:
            return queryset.filter(**{f"{field}__lte": timezone.now()})
        return queryset


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "deadline", "vacancy_count", "is_published"]
    list_filter = ["is_published", DeadlineStatusFilter, "published_on"]
    search_fields = ["title__azcontains", "slug"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CompetencyInline, VacancyInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("published_on", "deadline"), "is_published"]}),
        (
            _("Bütün namizədlər üçün"),
            {"fields": ["knowledge_required", "language_preference", "how_to_apply", "contact"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_vacancy_count=Count("vacancies"))

    @admin.display(description=_("vakansiyalar"), ordering="_vacancy_count")
    def vacancy_count(self, obj):
        return obj._vacancy_count

    def save_formset(self, request, form, formset, change):
        if formset.model is not Vacancy:
            return super().save_formset(request, form, formset, change)
        vacancies = formset.save(commit=False)
        for vacancy in formset.deleted_objects:
            vacancy.delete()
        for vacancy in vacancies:
            vacancy.refresh_search_text()
            vacancy.save()
        formset.save_m2m()

    @admin.action(description=_("Seçilmiş elanları dərc et"))
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext(
                "%(count)d elan dərc olundu.",
                "%(count)d elan dərc olundu.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Seçilmiş elanları dərcdən çıxar (vakansiyaları ilə birlikdə)"))
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%(count)d elan dərcdən çıxarıldı.",
                "%(count)d elan dərcdən çıxarıldı.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "address"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name__azcontains", "city__azcontains", "address__azcontains"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The vacancies' search text contains the office's name, city and address.
        services.refresh_office_search_text(obj)


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = [
        "title",
        "office",
        "city",
        "posts",
        "deadline",
        "is_published",
        "announcement_published",
        "view_on_site_link",
    ]
    list_display_links = ["title", "office"]
    list_filter = [
        "is_published",
        DeadlineStatusFilter,
        "office__kind",
        "office__region",
        "office__city",
        "announcement",
    ]
    list_select_related = ["office", "announcement"]
    search_fields = [
        "title__azcontains",
        "office__name__azcontains",
        "office__city__azcontains",
        "search_text",
    ]
    autocomplete_fields = ["announcement", "office", "occupation"]
    actions = ["duplicate", "publish", "unpublish"]
    fieldsets = [
        (
            None,
            {"fields": ["announcement", "office", ("title", "posts"), "position_order"]},
        ),
        (_("Qulluq funksiyaları"), {"fields": ["functions"]}),
        (
            _("Vəzifənin tutulması şərtləri"),
            {"fields": ["education", "computer_skills", "languages", "preference"]},
        ),
        (
            _("Əlavə məlumat"),
            {"fields": ["salary", "classification_level", "occupation", "is_published"]},
        ),
    ]

    @admin.display(description=_("şəhər"), ordering="office__city")
    def city(self, obj):
        return obj.office.city

    @admin.display(description=_("son vaxt"), ordering="announcement__deadline")
    def deadline(self, obj):
        return obj.announcement.deadline

    @admin.display(description=_("elan dərc olunub"), boolean=True)
    def announcement_published(self, obj):
        return obj.announcement.is_published

    @admin.display(description=_("saytda"))
    def view_on_site_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("bax"))

    def save_model(self, request, obj, form, change):
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Seçilmiş vakansiyaların surətini çıxar (dərc olunmamış)"))
    def duplicate(self, request, queryset):
        count = len(services.duplicate_vacancies(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d vakansiyanın surəti çıxarıldı; surətlər dərc olunmayıb.",
                "%(count)d vakansiyanın surəti çıxarıldı; surətlər dərc olunmayıb.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Seçilmiş vakansiyaları dərc et"))
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext(
                "%(count)d vakansiya dərc olundu.",
                "%(count)d vakansiya dərc olundu.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Seçilmiş vakansiyaları dərcdən çıxar"))
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%(count)d vakansiya dərcdən çıxarıldı.",
                "%(count)d vakansiya dərcdən çıxarıldı.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
