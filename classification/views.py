"""Pages and JSON API of the classification: search, browse, one group."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quota_portal.pagecache import public_api, public_page
from quota_portal.throttling import limit_per_client

from .converters import CODE
from .forms import SuggestForm
from .models import LABEL_LANGS, LANGS, AlternativeLabel, Level, Occupation
from .search import MAX_LIMIT, MAX_QUERY_LENGTH, search
from .suggest import suggest

PAGE_LIMIT = 25


def _language(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", None) or get_language() or "az")[:2]


def _level_or_none(raw: str | None) -> int | None:
    """Return a level 1–4 from a query parameter, None if absent; raise ValueError if bad."""
    if raw is None or raw.strip() == "":
        return None
    level = int(raw)
    if level not in Level.values:
        raise ValueError(raw)
    return level


def _path(occupation: Occupation) -> list[Occupation]:
    """Return the ancestors of ``occupation``, major group first."""
    path = []
    parent = occupation.parent
    while parent is not None:
        path.append(parent)
        parent = parent.parent
    return path[::-1]


def _with_ancestors():
    return Occupation.objects.select_related("parent__parent__parent")


# ---------------------------------------------------------------------------
# Pages


@public_page
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Show the search form and, for a query, its results (works without JavaScript)."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    try:
        level = _level_or_none(request.GET.get("level"))
    except ValueError:
        level = None
    results = (
        search(query, limit=PAGE_LIMIT, level=level, language=_language(request))
        if query.strip()
        else []
    )
    response = render(
        request,
        "classification/search.html",
        {
            "query": query,
            "level": level,
            "results": results,
            "levels": Level.choices,
            "limit": PAGE_LIMIT,
        },
    )
    if query.strip() and not results:
        # Not from a cache: every search that found nothing is counted for the staff.
        add_never_cache_headers(response)
    return response


@public_page
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """List the 10 major groups with their sub-major groups."""
    majors = (
        Occupation.objects.active()
        .filter(level=Level.MAJOR)
        .prefetch_related("children")
        .order_by("code")
    )
    return render(request, "classification/browse.html", {"majors": majors})


@public_page
@require_GET
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show one group: titles, definition, place in the tree, children and labels."""
    occupation = get_object_or_404(_with_ancestors(), code=code)
    labels: dict[str, list] = {lang: [] for lang in LABEL_LANGS}
    for label in occupation.labels.filter(kind=AlternativeLabel.Kind.ALTERNATIVE).order_by(
        "language", "label"
    ):
        labels[label.language].append(label)
    definition, definition_language, definition_official = occupation.definition_with_language(
        _language(request)
    )
    return render(
        request,
        "classification/occupation_detail.html",
        {
            "occ": occupation,
            "definition": definition,
            "definition_language": definition_language,
            "definition_official": definition_official,
            "path": _path(occupation),
            "children": occupation.children.active().order_by("code"),
            "labels": [(lang, labels[lang]) for lang in LABEL_LANGS if labels[lang]],
            "old_codes": occupation.old_codes.order_by("old_code"),
            "titles": [
                (lang, getattr(occupation, f"title_{lang}"), occupation.is_title_official(lang))
                for lang in LANGS
            ],
        },
    )


# ---------------------------------------------------------------------------
# JSON API


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


@limit_per_client()
@public_api
@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """Search the classification: ?q=TEXT&limit=N&level=L&lang=az|en|ru."""
    query = request.GET.get("q", "")
    try:
        limit = int(request.GET.get("limit") or 10)
    except ValueError:
        return _error(
            _("limit 1 ilə %(max)s arasında tam ədəd olmalıdır.") % {"max": MAX_LIMIT}, 400
        )
    if not 1 <= limit <= MAX_LIMIT:
        return _error(
            _("limit 1 ilə %(max)s arasında tam ədəd olmalıdır.") % {"max": MAX_LIMIT}, 400
        )
    try:
        level = _level_or_none(request.GET.get("level"))
    except ValueError:
        return _error(_("level 1, 2, 3 və ya 4 olmalıdır."), 400)
    language = request.GET.get("lang") or _language(request)
    if language not in LANGS:
        return _error(_("lang az, en və ya ru olmalıdır."), 400)
    results = search(query, limit=limit, level=level, language=language)
    response = _json(
        {
            "query": query.strip()[:MAX_QUERY_LENGTH],
            "count": len(results),
            "results": [result.as_dict() for result in results],
        }
    )
    if not results:
        add_never_cache_headers(response)  # as on the page: each search for nothing counts
    return response


@limit_per_client()
@public_api
@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    """Code a job title: ?title=…&duties=…&industry=…&activity=F&limit=5&lang=az."""
    form = SuggestForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return _json({"error": form.first_error(), "errors": errors}, status=400)
    data = form.cleaned_data
    result = suggest(
        data["title"],
        duties=data["duties"],
        industry=data["industry"],
        activity=data["activity"],
        limit=data["limit"],
        language=data["lang"] or _language(request),
    )
    return _json({"title": data["title"], "duties": data["duties"], **result.as_dict()})


def _brief(occupation: Occupation, language: str) -> dict:
    title, title_language = occupation.title_with_language(language)
    return {
        "code": occupation.code,
        "level": occupation.level,
        "title": title,
        "title_language": title_language,
    }


@limit_per_client()
@public_api
@require_GET
def api_detail(request: HttpRequest, code: str) -> JsonResponse:
    """Return one group with its path and children; 404 JSON for an unknown code."""
    language = request.GET.get("lang") or _language(request)
    if language not in LANGS:
        return _error(_("lang az, en və ya ru olmalıdır."), 400)
    occupation = None
    if CODE.fullmatch(code):
        occupation = _with_ancestors().filter(code=code).first()
    if occupation is None:
        return _error(_("Bu kodla peşə qrupu tapılmadı."), 404)
    title, title_language = occupation.title_with_language(language)
    children = occupation.children.active().order_by("code")
    return _json(
        {
            "code": occupation.code,
            "level": occupation.level,
            "title": title,
            "title_language": title_language,
            "title_az": occupation.title_az,
            "title_en": occupation.title_en,
            "title_ru": occupation.title_ru,
            "official": occupation.is_title_official(language),
            "title_az_official": occupation.title_az_official,
            "title_ru_official": occupation.title_ru_official,
            "definition_az": occupation.definition_az,
            "definition_ru": occupation.definition_ru,
            "definition_en": occupation.definition_en,
            "definition_az_official": occupation.definition_az_official,
            "definition_ru_official": occupation.definition_ru_official,
            "is_active": occupation.is_active,
            "path": [
                {"code": step.code, "title": step.title(language)} for step in _path(occupation)
            ],
            "children": [_brief(child, language) for child in children],
            "old_codes": sorted({t.old_code for t in occupation.old_codes.all()}),
        }
    )
