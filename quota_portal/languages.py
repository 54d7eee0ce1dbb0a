"""The same page in each of the portal's languages: the switcher, hreflang and old forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST

from .middleware import forget_language_cookie


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name_local: str
    url: str
    absolute_url: str
    current: bool


def _path_in(request: HttpRequest, code: str) -> str:
    """Return the path of the requested page in language ``code``; its home page if none."""
    match = request.resolver_match
    with translation.override(code):
        if match is not None and match.url_name:
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
            else:
                query = request.META.get("QUERY_STRING", "")
                return f"{path}?{query}" if query else path
        return reverse("home")


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """Return a link to the requested page in every language, the current one marked."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = _path_in(request, code)
        links.append(
            LanguageLink(
                code=code,
                name_local=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                current=code == current,
            )
        )
    return links


def languages(request: HttpRequest) -> dict:
    """Context processor: ``language_links`` for the switcher and the hreflang links."""
    cached: list[LanguageLink] = []

    def links() -> list[LanguageLink]:
        if not cached:
            cached.extend(language_links(request))
        return cached

    return {"language_links": links}


@require_POST
def set_language(request: HttpRequest) -> HttpResponseRedirect:
    """Send a post of the old language switcher to the page it came from, in that language.

    The choice now lives in the URL; the old cookie is deleted instead of set.
    """
    code = request.POST.get("language")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # translate_url resolves the path in the active language: the one its prefix names.
    path_language = translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
    with translation.override(path_language):
        target = translate_url(next_url, code)
    response = HttpResponseRedirect(target)
    forget_language_cookie(response)
    return response
