"""DMX's civil-service vacancies: announcements, offices and the posts they offer."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.text import fold

# A vacancy is "closing soon" in the last week before its deadline.
CLOSING_SOON = datetime.timedelta(days=7)


class OfficeKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Mərkəzi aparat")
    REGIONAL_OFFICE = "regional_office", _("Regional miqrasiya idarəsi")
    DETENTION_CENTRE = "detention_centre", _("Qanunsuz miqrantların saxlanılması mərkəzi")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Açıqdır")
    CLOSING_SOON = "closing_soon", _("Müddət bitir")
    CLOSED = "closed", _("Bağlanıb")


class Office(models.Model):
    """A DMX workplace: the head office, a regional office or a detention centre."""

    name = models.CharField(_("ad"), max_length=200, unique=True)
    kind = models.CharField(_("növ"), max_length=20, choices=OfficeKind.choices)
    city = models.CharField(_("şəhər / rayon"), max_length=100)
    region = models.ForeignKey(
        "forecasts.EconomicRegion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("iqtisadi rayon"),
    )
    address = models.CharField(_("ünvan"), max_length=300)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("idarə")
        verbose_name_plural = _("idarələr")

    def __str__(self) -> str:
        return self.name


class Announcement(models.Model):
    """One competition announcement with what it requires of every candidate."""

    title = models.CharField(_("başlıq"), max_length=300, unique=True)
    published_on = models.DateField(_("dərc tarixi"))
    deadline = models.DateTimeField(_("müraciətin son vaxtı"))
    knowledge_required = models.TextField(_("namizədlərdən tələb olunan biliklər"))
    language_preference = models.TextField(_("xarici dil üstünlüyü"), blank=True)
    how_to_apply = models.TextField(_("necə müraciət etmək olar"), blank=True)
    contact = models.CharField(_("əlaqə"), max_length=300, blank=True)
    is_published = models.BooleanField(_("dərc olunub"), default=True)

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("elan")
        verbose_name_plural = _("elanlar")

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    """One of the "Digər tələblər" competencies, with its description."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="competencies"
    )
    position = models.PositiveSmallIntegerField(_("sıra"), default=0)
    name = models.CharField(_("ad"), max_length=200)
    description = models.TextField(_("təsvir"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("səriştə")
        verbose_name_plural = _("səriştələr")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "name"], name="competency_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class VacancyQuerySet(models.QuerySet):
    def public(self):
        """Return vacancies the public may see: published, in a published announcement."""
        return self.filter(is_published=True, announcement__is_published=True)

    def open(self, now: datetime.datetime | None = None):
        return self.filter(announcement__deadline__gt=now or timezone.now())

    def closed(self, now: datetime.datetime | None = None):
        return self.filter(announcement__deadline__lte=now or timezone.now())

    def matching(self, query: str):
        """Filter by words in any case, with or without Azerbaijani letters."""
        for word in fold(query).split()[:10]:
            self = self.filter(search_text__contains=word)
        return self

    def for_cards(self):
        return self.select_related("office", "office__region", "announcement", "occupation")


class Vacancy(models.Model):
    """A post offered in an announcement at one office."""

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="vacancies",
        verbose_name=_("elan"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("idarə")
    )
    position_order = models.PositiveSmallIntegerField(_("sıra"), default=0)
    title = models.CharField(_("vəzifə"), max_length=200)
    functions = models.JSONField(_("qulluq funksiyaları"), default=list)
    education = models.TextField(_("təhsil"), blank=True)
    computer_skills = models.CharField(_("kompüter bilikləri"), max_length=300, blank=True)
    languages = models.CharField(_("xarici dil bilikləri"), max_length=300, blank=True)
    preference = models.CharField(_("üstünlük"), max_length=300, blank=True)
    posts = models.PositiveSmallIntegerField(_("vakant yerlərin sayı"), default=1)
    salary = models.DecimalField(
        _("aylıq vəzifə maaşı (AZN)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    classification_level = models.CharField(_("təsnifat kateqoriyası"), max_length=50, blank=True)
    occupation = models.ForeignKey(
        "classification.Occupation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": 4},
        verbose_name=_("ISCO ibtidai qrupu"),
    )
    is_published = models.BooleanField(_("dərc olunub"), default=True)
    # Folded title, office, city and functions: the keyword search runs on this column
    # the same way on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["announcement", "position_order", "pk"]
        verbose_name = _("vakansiya")
        verbose_name_plural = _("vakansiyalar")
        constraints = [
            models.CheckConstraint(condition=Q(posts__gte=1), name="vacancy_posts_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.title}"

    def save(self, *args, **kwargs):
        # The search column is derived from the row itself; keep it in step on every save.
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", args=[self.pk])

    def refresh_search_text(self) -> None:
        """Recompute the folded text the keyword search looks in."""
        parts = [self.title, self.office.name, self.office.city, self.office.address]
        parts += list(self.functions or [])
        parts += [self.education, self.languages]
        self.search_text = " ".join(fold(part) for part in parts if part)

    def status(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        deadline = self.announcement.deadline
        if deadline <= now:
            return VacancyStatus.CLOSED
        if deadline - now <= CLOSING_SOON:
            return VacancyStatus.CLOSING_SOON
        return VacancyStatus.OPEN

    def status_label(self) -> str:
        return VacancyStatus(self.status()).label

    def requirements(self) -> list[str]:
        """Return the conditions of holding the post, one item each."""
        items = []
        if self.education:
            items.append(_("Təhsil: %(value)s") % {"value": self.education})
        if self.computer_skills:
            items.append(_("Kompüter bilikləri: %(value)s") % {"value": self.computer_skills})
        if self.languages:
            items.append(_("Xarici dil bilikləri: %(value)s") % {"value": self.languages})
        return items
