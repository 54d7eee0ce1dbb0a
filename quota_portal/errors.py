"""The portal's own error pages (400, 403, 404, 429, 500), in the language of the URL.

They extend ``templates/error_page.html``, which leaves out everything that needs the
session, the database or a trusted Host header (the account menu, messages, the
language alternates): a 500 may come from a database that is down, a 400 from a Host
that is not ours.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

_FALLBACK = (
    "<!doctype html><html lang='az'><meta charset='utf-8'><title>Kvota Portalı</title>"
    "<h1>Xəta baş verdi</h1><p>Bir qədər sonra yenidən cəhd edin.</p></html>"
)


def _page(request: HttpRequest, status: int) -> HttpResponse:
    try:
        return render(request, f"{status}.html", status=status)
    except Exception:  # an error page must never fail in turn
        logger.exception("The %s page could not be rendered", status)
        return HttpResponse(_FALLBACK, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 404)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    """allauth's rate limits answer with this (``handler429`` in quota_portal/urls.py)."""
    return _page(request, 429)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500)
