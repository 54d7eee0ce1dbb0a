"""Site-wide request handling that belongs to no single page."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AzerbaijaniFirstLocaleMiddleware(LocaleMiddleware):
    """Speak Azerbaijani unless the visitor chose another language with the switcher.

    A state portal answers in the state language by default, whatever language the
    browser happens to be set to; the choice is kept in the language cookie. The JSON
    API still honours ``Accept-Language`` (and ``?lang=``) for outside callers.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
