"""Public vacancy pages, the Atom feed and the JSON API: thin reads over the models."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from classification.models import EconomicRegion
from classification.text import upper_first
from quota_portal.pagecache import data_state, fragments, memo, public_api, public_page
from quota_portal.throttling import limit_per_client

from .forms import VacancyFilterForm
from .models import HIRING_ORGANIZATION, OfficeKind, Vacancy

PAGE_SIZE = 20
API_PAGE_SIZE = 100
RELATED_LIMIT = 12
FEED_LIMIT = 100


def _with_chosen(options: list, chosen) -> list:
    """Keep a shared URL's choice selectable even when nothing matches it any more."""
    return options if not chosen or chosen in options else [*options, chosen]


def _cards(vacancies: list[Vacancy], now: datetime.datetime) -> list:
    """Return the vacancies' cards, each rendered once per language and change of the data."""
    return fragments(
        [f"vacancy-card:{v.pk}:{v.status(now)}" for v in vacancies],
        lambda i: render_to_string("vacancies/_card.html", {"vacancy": vacancies[i]}),
    )


def _choices(base) -> tuple[list, list, list]:
    """Return the regions, cities and positions the filters offer for these vacancies."""
    regions = list(
        EconomicRegion.objects.filter(pk__in=base.values("office__region")).order_by("number")
    )
    cities = list(base.values_list("office__city", flat=True).distinct().order_by("office__city"))
    positions = list(base.values_list("title", flat=True).distinct().order_by("title"))
    return regions, cities, positions


def _listing(request: HttpRequest, *, archive: bool) -> HttpResponse:
    now = timezone.now()
    base = Vacancy.objects.public()
    base = base.closed(now) if archive else base.open(now)
    form = VacancyFilterForm(request.GET)
    filters = form.filters()
    vacancies = base.filtered(**filters).for_list().by_deadline()
    if archive:
        vacancies = vacancies.reverse()
    paginator = Paginator(vacancies, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    regions, cities, positions = memo(
        f"vacancy-choices:{archive}",
        lambda: _choices(base),
    )
    return render(
        request,
        "vacancies/list.html",
        {
            "archive": archive,
            "page_obj": page_obj,
            "cards": _cards(list(page_obj), now),
            "count": paginator.count,
            "form": form,
            "filters": filters,
            "is_filtered": any(filters.values()),
            "cities": _with_chosen(cities, filters["city"]),
            "regions": _with_chosen(regions, filters["region"]),
            "kinds": OfficeKind.choices,
            "positions": _with_chosen(positions, filters["position"]),
            "now": now,
            "data_state": data_state(),
        },
    )


@public_page
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """List open vacancies with the applicant's filters."""
    return _listing(request, archive=False)


@public_page
@require_GET
def vacancy_archive(request: HttpRequest) -> HttpResponse:
    """List vacancies whose deadline has passed."""
    return _listing(request, archive=True)


def _vacancy_for_user(request: HttpRequest, pk: int) -> Vacancy:
    """Return a public vacancy; staff who may view vacancies also preview unpublished ones."""
    queryset = Vacancy.objects.for_cards().prefetch_related("announcement__competencies")
    if not request.user.has_perm("vacancies.view_vacancy"):
        queryset = queryset.public()
    return get_object_or_404(queryset, pk=pk)


@public_page
@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one vacancy: overview, functions, conditions, requirements, how to apply."""
    vacancy = _vacancy_for_user(request, pk)
    now = timezone.now()
    others = list(
        Vacancy.objects.public()
        .open(now)
        .for_cards()
        .filter(Q(office=vacancy.office_id) | Q(title=vacancy.title))
        .exclude(pk=vacancy.pk)
        .order_by("office__name", "position_order", "pk")[:RELATED_LIMIT]
    )
    is_public = vacancy.is_public()
    url = request.build_absolute_uri(vacancy.get_absolute_url())
    return render(
        request,
        "vacancies/detail.html",
        {
            "vacancy": vacancy,
            "announcement": vacancy.announcement,
            "status": vacancy.status(now),
            "is_public": is_public,
            "job_posting": vacancy.job_posting(url) if is_public else None,
            "same_office": [v for v in others if v.office_id == vacancy.office_id],
            "same_position": [v for v in others if v.office_id != vacancy.office_id],
            "data_state": data_state(),
        },
    )


class OpenVacanciesFeed(Feed):
    """Atom feed of open vacancies, newest announcement first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Dövlət Miqrasiya Xidmətinin açıq vakansiyaları")
    subtitle = gettext_lazy("Müsabiqəyə çıxarılan vakant vəzifələr")
    author_name = HIRING_ORGANIZATION["name"]
    description_template = "vacancies/feed_description.html"

    def link(self) -> str:
        return reverse("vacancies:list")

    def feed_url(self) -> str:
        return reverse("vacancies:feed")

    def items(self):
        return (
            Vacancy.objects.public()
            .open()
            .for_cards()
            .order_by("-announcement__published_on", "announcement_id", "position_order", "pk")[
                :FEED_LIMIT
            ]
        )

    def item_title(self, item: Vacancy) -> str:
        return f"{upper_first(item.title)} — {item.office.name}"

    def item_pubdate(self, item: Vacancy) -> datetime.datetime:
        published = item.announcement.published_on
        return datetime.datetime.combine(
            published, datetime.time(), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item: Vacancy) -> datetime.datetime:
        return max(item.updated_at, item.announcement.updated_at, self.item_pubdate(item))

    def item_author_name(self, item: Vacancy) -> str:
        return HIRING_ORGANIZATION["name"]

    def item_categories(self, item: Vacancy) -> list[str]:
        return [item.office.city, item.office.get_kind_display()]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["requirements"] = kwargs["item"].requirement_items()
        return context


# ---------------------------------------------------------------------------
# JSON API


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _as_json(request: HttpRequest, vacancy: Vacancy, now: datetime.datetime) -> dict:
    office = vacancy.office
    occupation = vacancy.occupation
    return {
        "id": vacancy.pk,
        "position": vacancy.title,
        "office": {
            "name": office.name,
            "kind": office.kind,
            "kind_label": office.get_kind_display(),
            "city": office.city,
            "region": office.region.name if office.region_id else None,
            "address": office.address,
        },
        "posts": vacancy.posts,
        "functions": vacancy.functions,
        "requirements": vacancy.requirement_items(),
        "preference": vacancy.preference,
        "salary": str(vacancy.salary) if vacancy.salary is not None else None,
        "classification_level": vacancy.classification_level,
        "occupation": (
            {
                "code": occupation.code,
                "title": occupation.title(),
                "url": request.build_absolute_uri(occupation.get_absolute_url()),
            }
            if occupation
            else None
        ),
        "published_on": vacancy.announcement.published_on.isoformat(),
        "deadline": vacancy.announcement.deadline.isoformat(),
        "status": vacancy.status(now),
        "url": request.build_absolute_uri(vacancy.get_absolute_url()),
    }


@limit_per_client()
@public_api
@require_GET
def api_list(request: HttpRequest) -> JsonResponse:
    """List open vacancies: ?q=, ?city=, ?region=, ?kind=, ?position=, ?include_closed=1."""
    form = VacancyFilterForm(request.GET)
    if not form.is_valid():
        return _json({"error": _("Süzgəc dəyərləri yanlışdır."), "fields": form.errors}, 400)
    now = timezone.now()
    vacancies = Vacancy.objects.public().filtered(**form.filters())
    if request.GET.get("include_closed") not in ("1", "true"):
        vacancies = vacancies.open(now)
    paginator = Paginator(vacancies.for_cards().by_deadline(), API_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    def _page_url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return _json(
        {
            "count": paginator.count,
            "next": _page_url(page.next_page_number()) if page.has_next() else None,
            "previous": _page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [_as_json(request, vacancy, now) for vacancy in page],
        }
    )


@limit_per_client()
@public_api
@require_GET
def api_detail(request: HttpRequest, pk: int) -> JsonResponse:
    """Return one public vacancy with its announcement's common requirements; 404 JSON if none."""
    vacancy = (
        Vacancy.objects.public()
        .for_cards()
        .prefetch_related("announcement__competencies")
        .filter(pk=pk)
        .first()
    )
    if vacancy is None:
        return _json({"error": _("Vakansiya tapılmadı.")}, 404)
    announcement = vacancy.announcement
    data = _as_json(request, vacancy, timezone.now())
    data["announcement"] = {
        "title": announcement.title,
        "knowledge_required": announcement.knowledge_required,
        "language_preference": announcement.language_preference,
        "competencies": [
            {"name": c.name, "description": c.description} for c in announcement.competencies.all()
        ],
        "how_to_apply": announcement.how_to_apply,
        "contact": announcement.contact,
    }
    return _json(data)
