"""Site-wide request handling that belongs to no single page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
_LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def is_api(request: HttpRequest) -> bool:
    """Tell whether the request is for the JSON API (no pages, sessions or forms there)."""
    return request.path_info.startswith(API_PREFIX)


class LanguageMiddleware:
    """Take the language from the URL: Azerbaijani at ``/``, ``/en/`` and ``/ru/`` for the others.

    A state portal answers in the state language by default, whatever language the
    browser happens to be set to, so an unprefixed page is always Azerbaijani. The JSON
    API has no prefix: it speaks ``?lang=``, else the ``Accept-Language`` of outside callers.

    Before the language was in the URL the switcher kept the choice in the language
    cookie. A visitor who still has that cookie and opens an old link is sent once to the
    same page in their language, and the cookie is deleted: from then on the URL decides,
    so the switcher's Azerbaijani link leads to Azerbaijani.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request):
            language = request.GET.get("lang")
            if language not in _LANGUAGE_CODES:
                language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(request.path_info)
            if language is None:
                redirect = self._old_visitor_redirect(request)
                if redirect is not None:
                    return redirect
                language = settings.LANGUAGE_CODE
        # override, not activate: the thread's language is restored after the response.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if is_api(request):
            patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    @staticmethod
    def _old_visitor_redirect(request: HttpRequest) -> HttpResponse | None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            chosen == settings.LANGUAGE_CODE
            or chosen not in _LANGUAGE_CODES
            or request.method not in ("GET", "HEAD")
        ):
            return None
        path = request.get_full_path()
        with translation.override(settings.LANGUAGE_CODE):
            target = translate_url(path, chosen)
        if target == path:  # not a page of the portal: nothing to translate
            return None
        response = HttpResponseRedirect(target)
        forget_language_cookie(response)
        return response


def forget_language_cookie(response: HttpResponse) -> None:
    """Delete the language cookie of the old switcher, and say the answer depended on it."""
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_vary_headers(response, ["Cookie"])
