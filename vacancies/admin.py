"""Staff manage announcements, offices and vacancies here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Announcement, Competency, Office, Vacancy


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


class VacancyInline(admin.StackedInline):
    model = Vacancy
    extra = 0
    fields = [
        ("office", "title", "posts", "is_published"),
        "functions",
        ("education", "computer_skills"),
        ("languages", "preference"),
        ("salary", "classification_level", "occupation"),
    ]
    autocomplete_fields = ["occupation"]
    show_change_link = True


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "deadline", "is_published"]
    list_filter = ["is_published", "published_on"]
    search_fields = ["title"]
    inlines = [CompetencyInline, VacancyInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "address"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "city", "address"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_office_vacancies(obj)


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "office", "city", "posts", "deadline", "is_published"]
    list_filter = ["is_published", "office__kind", "office__city", "announcement"]
    list_select_related = ["office", "announcement"]
    search_fields = ["title", "office__name", "office__city", "search_text"]
    autocomplete_fields = ["occupation"]
    actions = ["duplicate", "publish", "unpublish"]

    @admin.display(description=_("şəhər"), ordering="office__city")
    def city(self, obj):
        return obj.office.city

    @admin.display(description=_("son vaxt"), ordering="announcement__deadline")
    def deadline(self, obj):
        return obj.announcement.deadline

    @admin.action(description=_("Seçilmiş vakansiyaların surətini çıxar (dərc olunmamış)"))
    def duplicate(self, request, queryset):
        for vacancy in queryset:
            services.duplicate_vacancy(vacancy)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d vakansiyanın surəti çıxarıldı.",
                "%(count)d vakansiyanın surəti çıxarıldı.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Dərc et"))
    def publish(self, request, queryset):
        updated = queryset.update(is_published=True)
        self.message_user(request, _("Dərc olundu: %(count)d") % {"count": updated})

    @admin.action(description=_("Dərcdən çıxar"))
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        self.message_user(request, _("Dərcdən çıxarıldı: %(count)d") % {"count": updated})
