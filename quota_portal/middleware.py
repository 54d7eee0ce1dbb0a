"""Site-wide request handling that belongs to no single page."""

import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import ngettext

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
    # Expired at once, with the cookie's own flags (SameSite=Lax, Secure in production).
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        "",
        max_age=0,
        expires="Thu, 01 Jan 1970 00:00:00 GMT",
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_vary_headers(response, ["Cookie"])


# When the signed-in visitor last made a request (seconds since the epoch), in the session.
LAST_ACTIVITY_KEY = "portal_last_activity"
# Record activity at most this often: one session write a minute, not one per request.
ACTIVITY_RESOLUTION_SECONDS = 60


def idle_timeout(user) -> datetime.timedelta:
    """How long ``user`` may leave a session unused (OWASP ASVS 3.3.2): staff less than employers."""
    return settings.SESSION_IDLE_TIMEOUT_STAFF if user.is_staff else settings.SESSION_IDLE_TIMEOUT


class IdleTimeoutMiddleware:
    """Sign out a session nobody used for its idle timeout, and say why on the next page.

    Only for signed-in visitors on pages (the JSON API carries no session work), so an
    anonymous request is not made to read a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request) or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        limit = idle_timeout(user)
        if isinstance(last, int) and now - last > limit.total_seconds():
            # Answered as for anyone signed out: a page that needs the login sends there.
            logout(request)
            messages.info(request, _idle_message(limit))
        elif not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def _idle_message(limit: datetime.timedelta) -> str:
    minutes = int(limit.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext(
            "%(count)d saat ərzində heç bir əməliyyat edilmədiyi üçün hesabınızdan çıxış edildi. "
            "Davam etmək üçün yenidən daxil olun.",
            "%(count)d saat ərzində heç bir əməliyyat edilmədiyi üçün hesabınızdan çıxış edildi. "
            "Davam etmək üçün yenidən daxil olun.",
            hours,
        ) % {"count": hours}
    return ngettext(
        "%(count)d dəqiqə ərzində heç bir əməliyyat edilmədiyi üçün hesabınızdan çıxış edildi. "
        "Davam etmək üçün yenidən daxil olun.",
        "%(count)d dəqiqə ərzində heç bir əməliyyat edilmədiyi üçün hesabınızdan çıxış edildi. "
        "Davam etmək üçün yenidən daxil olun.",
        minutes,
    ) % {"count": minutes}
