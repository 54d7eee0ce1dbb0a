"""Public vacancy pages, the Atom feed and the JSON API: thin reads over the models."""

from __future__ import annotations

import datetime
import json

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import OfficeKind, Vacancy

PAGE_SIZE = 20
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _filtered(request, queryset):
    """Apply the shareable GET filters: city, office kind, position and keywords."""
    params = request.GET
    city = params.get("city", "").strip()[:100]
    kind = params.get("kind", "").strip()
    position = params.get("position", "").strip()[:200]
    query = params.get("q", "").strip()[:200]
    if city:
        queryset = queryset.filter(office__city=city)
    if kind in OfficeKind.values:
        queryset = queryset.filter(office__kind=kind)
    if position:
        queryset = queryset.filter(title=position)
    if query:
        queryset = queryset.matching(query)
    return queryset, {"city": city, "kind": kind, "position": position, "q": query}


def _listing(request, *, archive: bool):
    now = timezone.now()
    base = Vacancy.objects.public()
    base = base.closed(now) if archive else base.open(now)
    vacancies, chosen = _filtered(request, base.for_cards())
    page = Paginator(vacancies.order_by("announcement__deadline", "position_order"), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "vacancies/list.html",
        {
            "archive": archive,
            "page_obj": page_obj,
            "count": page.count,
            "chosen": chosen,
            "cities": base.values_list("office__city", flat=True)
            .distinct()
            .order_by("office__city"),
            "positions": base.values_list("title", flat=True).distinct().order_by("title"),
            "kinds": OfficeKind.choices,
            "now": now,
        },
    )


def vacancy_list(request):
    return _listing(request, archive=False)


def vacancy_archive(request):
    return _listing(request, archive=True)


def _public_vacancy(pk: int) -> Vacancy:
    vacancy = (
        Vacancy.objects.public()
        .for_cards()
        .prefetch_related("announcement__competencies")
        .filter(pk=pk)
        .first()
    )
    if vacancy is None:
        raise Http404
    return vacancy


def job_posting(vacancy: Vacancy, url: str) -> dict:
    """Return the schema.org JobPosting for a vacancy."""
    office = vacancy.office
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": "; ".join(vacancy.functions) or vacancy.title,
        "datePosted": vacancy.announcement.published_on.isoformat(),
        "validThrough": vacancy.announcement.deadline.isoformat(),
        "employmentType": "FULL_TIME",
        "totalJobOpenings": vacancy.posts,
        "url": url,
        "hiringOrganization": {
            "@type": "GovernmentOrganization",
            "name": "Azərbaycan Respublikası Dövlət Miqrasiya Xidməti",
            "sameAs": "https://migration.gov.az",
        },
        "jobLocation": {
            "@type": "Place",
            "name": office.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": office.address,
                "addressLocality": office.city,
                "addressRegion": office.region.name if office.region else "",
                "addressCountry": "AZ",
            },
        },
    }
    if vacancy.occupation_id:
        data["occupationalCategory"] = f"ISCO-08 {vacancy.occupation_id}"
    if vacancy.education:
        data["educationRequirements"] = vacancy.education
    return data


def vacancy_detail(request, pk: int):
    vacancy = _public_vacancy(pk)
    others = list(
        Vacancy.objects.public()
        .open()
        .for_cards()
        .filter(Q(office=vacancy.office) | Q(title=vacancy.title))
        .exclude(pk=vacancy.pk)
        .order_by("office__name", "position_order")[:12]
    )
    posting = job_posting(vacancy, request.build_absolute_uri(vacancy.get_absolute_url()))
    return render(
        request,
        "vacancies/detail.html",
        {
            "vacancy": vacancy,
            "announcement": vacancy.announcement,
            "status": vacancy.status(),
            "same_office": [v for v in others if v.office_id == vacancy.office_id],
            "same_position": [v for v in others if v.office_id != vacancy.office_id],
            # Escaped like Django's json_script, so no text can close the <script> element.
            "job_posting": json.dumps(posting, ensure_ascii=False).translate(_JSON_ESCAPES),
        },
    )


class OpenVacanciesFeed(Feed):
    """Atom feed of open vacancies, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Dövlət Miqrasiya Xidməti: açıq vakansiyalar")
    subtitle = gettext_lazy("Müsabiqəyə çıxarılan vakant vəzifələr")

    def link(self):
        return reverse("vacancies:list")

    def items(self):
        return (
            Vacancy.objects.public()
            .open()
            .for_cards()
            .order_by("-announcement__published_on", "position_order")[:100]
        )

    def item_title(self, item):
        return f"{item.title} — {item.office.name}"

    def item_description(self, item):
        return "; ".join(item.functions)

    def item_pubdate(self, item):
        published = item.announcement.published_on
        return datetime.datetime.combine(published, datetime.time(9), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return self.item_pubdate(item)


def _as_json(request, vacancy: Vacancy) -> dict:
    office = vacancy.office
    return {
        "id": vacancy.pk,
        "position": vacancy.title,
        "office": {
            "name": office.name,
            "kind": office.kind,
            "city": office.city,
            "address": office.address,
        },
        "functions": vacancy.functions,
        "requirements": vacancy.requirements(),
        "posts": vacancy.posts,
        "deadline": vacancy.announcement.deadline.isoformat(),
        "status": vacancy.status(),
        "occupation": vacancy.occupation_id,
        "url": request.build_absolute_uri(vacancy.get_absolute_url()),
    }


def api_list(request):
    queryset = Vacancy.objects.public().for_cards()
    if request.GET.get("include_closed") != "1":
        queryset = queryset.open()
    queryset, _chosen = _filtered(request, queryset)
    results = [
        _as_json(request, v) for v in queryset.order_by("announcement__deadline", "position_order")
    ]
    return JsonResponse(
        {"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False}
    )


def api_detail(request, pk: int):
    vacancy = Vacancy.objects.public().for_cards().filter(pk=pk).first()
    if vacancy is None:
        return JsonResponse({"error": _("Vakansiya tapılmadı.")}, status=404)
    return JsonResponse(_as_json(request, vacancy), json_dumps_params={"ensure_ascii": False})
