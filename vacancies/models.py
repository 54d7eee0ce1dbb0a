"""DMX's civil-service vacancies: announcements, offices and the posts they offer."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.database import az_order
from classification.text import fold
from quota_portal.pagecache import public_pages_changed

if TYPE_CHECKING:
    from classification.models import EconomicRegion

# A vacancy is "closing soon" in the last week before its deadline.
CLOSING_SOON = datetime.timedelta(days=7)

# Folded query words that also find a synonym: applicants type the Azerbaijani
# "müfəttiş" for the posts DMX titles "inspektor" (I: DMX may correct the list).
SEARCH_SYNONYMS = {
    "mufettis": ("inspektor",),
    "inspektor": ("mufettis",),
}
# More query words than this are ignored: they only slow the search down.
MAX_QUERY_WORDS = 10

HIRING_ORGANIZATION = {
    "@type": "GovernmentOrganization",
    "name": "Azərbaycan Respublikası Dövlət Miqrasiya Xidməti",
    "alternateName": "DMX",
    "url": "https://migration.gov.az",
}


def status_changes() -> list[datetime.datetime]:
    """Return when public vacancies change by themselves: a week before and at each deadline."""
    deadlines = Announcement.objects.filter(is_published=True).values_list("deadline", flat=True)
    return [moment for deadline in deadlines for moment in (deadline - CLOSING_SOON, deadline)]


class OfficeKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Mərkəzi aparat")
    REGIONAL_OFFICE = "regional_office", _("Regional miqrasiya idarəsi")
    DETENTION_CENTRE = "detention_centre", _("Qanunsuz miqrantların saxlanılması mərkəzi")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Açıqdır")
    CLOSING_SOON = "closing_soon", _("Müddət bitmək üzrədir")
    CLOSED = "closed", _("Müddət başa çatıb")


class Office(models.Model):
    """A DMX workplace: the head office, a regional office or a detention centre."""

    slug = models.SlugField(
        _("qısa ad"),
        max_length=100,
        unique=True,
        help_text=_("Sabit açar: məlumat faylı idarəni bununla tanıyır."),
    )
    name = models.CharField(_("ad"), max_length=200, unique=True)
    kind = models.CharField(_("növ"), max_length=20, choices=OfficeKind.choices)
    city = models.CharField(_("şəhər / rayon"), max_length=100)
    region = models.ForeignKey(
        "classification.EconomicRegion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("İqtisadi rayon"),
    )
    address = models.CharField(_("ünvan"), max_length=300)

    class Meta:
        ordering = ["kind", az_order("name")]
        verbose_name = _("İdarə")
        verbose_name_plural = _("İdarələr")

    def __str__(self) -> str:
        return self.name


class PublishableQuerySet(models.QuerySet):
    """Rows with an ``is_published`` flag that staff publish and hide in bulk."""

    def update(self, **kwargs) -> int:
        # update() sends no post_save: tell the page cache here (saves are in apps.py).
        changed = super().update(**kwargs)
        if changed:
            public_pages_changed()
        return changed

    def publish(self) -> int:
        """Publish the rows; return how many changed."""
        return self.filter(is_published=False).update(is_published=True)

    def unpublish(self) -> int:
        """Hide the rows from the public; return how many changed.

        A hidden announcement hides all its vacancies: the public lists require both.
        """
        return self.filter(is_published=True).update(is_published=False)


class Announcement(models.Model):
    """One competition announcement with what it requires of every candidate."""

    slug = models.SlugField(
        _("qısa ad"),
        max_length=100,
        unique=True,
        help_text=_("Sabit açar: məlumat faylı elanı bununla tanıyır."),
    )
    title = models.CharField(_("başlıq"), max_length=300)
    published_on = models.DateField(_("dərc tarixi"))
    deadline = models.DateTimeField(
        _("müraciətin son vaxtı"), help_text=_("Tarix və saat (Bakı vaxtı).")
    )
    knowledge_required = models.TextField(_("namizədlərdən tələb olunan biliklər"))
    language_preference = models.TextField(_("xarici dil üstünlüyü"), blank=True)
    how_to_apply = models.TextField(_("necə müraciət etmək olar"), blank=True)
    contact = models.CharField(_("əlaqə"), max_length=300, blank=True)
    is_published = models.BooleanField(_("dərc olunub"), default=True)
    updated_at = models.DateTimeField(_("yenilənib"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("elan")
        verbose_name_plural = _("elanlar")
        indexes = [
            # Vacancy.objects.open()/closed() split the public lists on the deadline.
            models.Index(fields=["deadline"], name="announcement_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.published_on
            and self.deadline
            and timezone.localdate(self.deadline) < self.published_on
        ):
            raise ValidationError(
                {"deadline": _("Son müraciət vaxtı dərc tarixindən əvvəl ola bilməz.")}
            )


class Competency(models.Model):
    """One of the "Digər tələblər" competencies, with its description."""

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("elan"),
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


class VacancyQuerySet(PublishableQuerySet):
    def public(self):
        """Return vacancies the public may see: published, in a published announcement."""
        return self.filter(is_published=True, announcement__is_published=True)

    def open(self, now: datetime.datetime | None = None):
        """Return vacancies whose deadline has not passed."""
        return self.filter(announcement__deadline__gt=now or timezone.now())

    def closed(self, now: datetime.datetime | None = None):
        """Return vacancies whose deadline has passed."""
        return self.filter(announcement__deadline__lte=now or timezone.now())

    def matching(self, query: str):
        """Return vacancies containing every word of ``query``, with or without Azerbaijani letters."""
        queryset = self
        for word in fold(query).split()[:MAX_QUERY_WORDS]:
            condition = Q(search_text__contains=word)
            for synonym in SEARCH_SYNONYMS.get(word, ()):
                condition |= Q(search_text__contains=synonym)
            queryset = queryset.filter(condition)
        return queryset

    def filtered(
        self,
        *,
        q: str = "",
        city: str = "",
        region: EconomicRegion | None = None,
        kind: str = "",
        position: str = "",
    ):
        """Apply the applicant's filters; empty values do not filter."""
        queryset = self
        if city:
            queryset = queryset.filter(office__city=city)
        if region:
            queryset = queryset.filter(office__region=region)
        if kind:
            queryset = queryset.filter(office__kind=kind)
        if position:
            queryset = queryset.filter(title=position)
        if q:
            queryset = queryset.matching(q)
        return queryset

    def for_list(self):
        """Join and load only what a card of the lists shows: no functions, texts or codes."""
        return self.select_related("office__region", "announcement").only(
            "title",
            "posts",
            "position_order",
            "office__name",
            "office__city",
            "office__address",
            "office__region__name",
            "announcement__deadline",
        )

    def for_cards(self):
        """Join what a card, the feed and the API show, so rows cost no extra query."""
        return self.select_related("office", "office__region", "announcement", "occupation")

    def by_deadline(self):
        """Order by deadline, then as in the announcement."""
        return self.order_by("announcement__deadline", "announcement_id", "position_order", "pk")


class Vacancy(models.Model):
    """A post offered in an announcement at one office."""

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="vacancies",
        verbose_name=_("elan"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("İdarə")
    )
    position_order = models.PositiveSmallIntegerField(
        _("sıra"), default=0, help_text=_("Elanda göstərilmə sırası.")
    )
    title = models.CharField(_("vəzifə"), max_length=200)
    functions = models.JSONField(
        _("qulluq funksiyaları"), default=list, blank=True, help_text=_("Hər sətirdə bir funksiya.")
    )
    education = models.TextField(
        _("təhsil"), blank=True, help_text=_("İxtisaslar və təhsil səviyyəsi.")
    )
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
        verbose_name=_("peşə kodu (ISCO-08 ibtidai qrupu)"),
    )
    is_published = models.BooleanField(_("dərc olunub"), default=True)
    # Folded title, office, place and functions: the keyword search runs on this
    # column the same way on SQLite and PostgreSQL. Kept by refresh_search_text().
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("yenilənib"), auto_now=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["announcement", "position_order", "pk"]
        verbose_name = _("vakansiya")
        verbose_name_plural = _("vakansiyalar")
        constraints = [
            models.CheckConstraint(condition=Q(posts__gte=1), name="vacancy_posts_positive"),
            models.CheckConstraint(
                condition=Q(salary__isnull=True) | Q(salary__gt=0),
                name="vacancy_salary_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", args=[self.pk])

    def refresh_search_text(self) -> None:
        """Recompute the folded text the keyword search looks in (does not save)."""
        office = self.office
        parts = [self.title, office.name, office.city, office.address, *self.functions]
        parts += [self.education, self.languages, self.preference]
        self.search_text = " ".join(fold(part) for part in parts if part)

    def status(self, now: datetime.datetime | None = None) -> str:
        """Return open, closing soon (last 7 days) or closed, from the deadline."""
        now = now or timezone.now()
        deadline = self.announcement.deadline
        if deadline <= now:
            return VacancyStatus.CLOSED
        if deadline - now <= CLOSING_SOON:
            return VacancyStatus.CLOSING_SOON
        return VacancyStatus.OPEN

    def status_label(self) -> str:
        return VacancyStatus(self.status()).label

    def is_public(self) -> bool:
        return self.is_published and self.announcement.is_published

    def requirements(self) -> list[tuple[str, str]]:
        """Return the conditions of holding the post as (kind, text) pairs."""
        items = [
            ("education", self.education),
            ("computer_skills", self.computer_skills),
            ("languages", self.languages),
        ]
        return [(kind, text) for kind, text in items if text]

    def requirement_items(self) -> list[dict]:
        """Return the conditions with their translated labels, for pages and the API."""
        labels = {
            "education": _("Təhsil"),
            "computer_skills": _("Kompüter bilikləri"),
            "languages": _("Xarici dil bilikləri"),
        }
        return [
            {"kind": kind, "label": str(labels[kind]), "text": text}
            for kind, text in self.requirements()
        ]

    def job_posting(self, url: str) -> dict:
        """Return the schema.org JobPosting of the vacancy at its absolute ``url``."""
        office = self.office
        announcement = self.announcement
        address = {
            "@type": "PostalAddress",
            "streetAddress": office.address,
            "addressLocality": office.city,
            "addressCountry": "AZ",
        }
        if office.region_id:
            address["addressRegion"] = office.region.name
        description = [*self.functions, *(text for _kind, text in self.requirements())]
        data = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": self.title,
            "description": "\n".join(description) or self.title,
            "datePosted": announcement.published_on.isoformat(),
            "validThrough": announcement.deadline.isoformat(),
            "employmentType": "FULL_TIME",
            "totalJobOpenings": self.posts,
            "directApply": False,
            "url": url,
            "hiringOrganization": HIRING_ORGANIZATION,
            "jobLocation": {"@type": "Place", "name": office.name, "address": address},
        }
        if self.occupation_id:
            data["occupationalCategory"] = {
                "@type": "CategoryCode",
                "codeValue": self.occupation_id,
                "name": self.occupation.title_az,
                "inCodeSet": {"@type": "CategoryCodeSet", "name": "ISCO-08"},
            }
        if self.education:
            data["educationRequirements"] = self.education
        if self.preference:
            data["experienceRequirements"] = self.preference
        if self.salary:
            data["baseSalary"] = {
                "@type": "MonetaryAmount",
                "currency": "AZN",
                "value": {
                    "@type": "QuantitativeValue",
                    "value": float(self.salary),
                    "unitText": "MONTH",
                },
            }
        return data
