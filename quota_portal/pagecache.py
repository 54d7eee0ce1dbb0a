"""Public pages served from Django's cache: the same bytes for every anonymous visitor.

A view marked :func:`public_page` is cached per address (so per language: the language
is in the path) while nobody is logged in: a request that carries a session or a pending
message always gets its own page, and a response that sets a cookie, contains a CSRF
token or says ``Cache-Control: private/no-store`` is never stored. What a logged-in
visitor sees (their name, the logout button) therefore never reaches the cache.

Every cached page is keyed by the *state* of the public data: a random token that
:func:`public_pages_changed` replaces when a vacancy, an office, an announcement or the
classification changes, and how many of the moments have passed at which vacancies change
by themselves (a week before their deadline they are "closing soon", then they close).
Nothing is deleted on a change: the old pages are simply never asked for again and expire.

Each worker also keeps the state and the pages it served in its own memory (``local``):
a hit then costs no round trip to the shared cache. A change made in this process is seen
at once; one made by another instance within ``PAGE_CACHE_LOCAL_SECONDS`` (the state is
re-read from the shared cache that often; the pages are keyed by it).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .throttling import throttle

STATE_KEY = "pages:state"
# Addresses longer than this (hand-made query strings) are answered but not stored; a
# 200-letter Russian search is about 1,300 characters once percent-encoded.
MAX_CACHED_URL = 2048
# The header that says where a page came from; read by the tests and the load test.
HIT_HEADER = "X-Page-Cache"
_UNCACHEABLE_CONTROL = frozenset({"private", "no-store", "no-cache"})
PAGE, API = "page", "api"
# Fragments are keyed by the state of the data, so they only age with the templates.
FRAGMENT_SECONDS = 3600
# This worker's own copies of the state and of the pages it served (see above).
local = LocMemCache("kvota-pages", {"OPTIONS": {"MAX_ENTRIES": 500}})


def _marked(view, kind: str):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.public_page = kind
    return wrapped


def public_page(view):
    """Mark a page whose anonymous GET answers may be shared through the page cache."""
    return _marked(view, PAGE)


def public_api(view):
    """Mark a JSON API view that answers everyone alike: cached, and called without the
    session, authentication, CSRF, messages, history, CSP and axes middleware.

    Such a view must not use ``request.user`` or ``request.session``.
    """
    return _marked(view, API)


def public_pages_changed() -> None:
    """Make every cached public page stale: call after the data they show changed.

    Called at once and again after the transaction commits, so that no request can
    store a page of the old data in between.
    """
    cache.delete(STATE_KEY)
    local.delete(STATE_KEY)
    transaction.on_commit(lambda: (cache.delete(STATE_KEY), local.delete(STATE_KEY)))


def _state() -> tuple[str, tuple[float, ...]]:
    seconds = settings.PAGE_CACHE_LOCAL_SECONDS
    state = local.get(STATE_KEY) if seconds > 0 else None
    if state is None:
        state = _shared_state()
        if seconds > 0:
            local.set(STATE_KEY, state, seconds)
    return state


def _shared_state() -> tuple[str, tuple[float, ...]]:
    state = cache.get(STATE_KEY)
    if state is None:
        # Imported here: the site-wide cache knows the apps, the apps do not know it.
        from vacancies.models import status_changes

        state = (secrets.token_hex(8), tuple(sorted(t.timestamp() for t in status_changes())))
        if not cache.add(STATE_KEY, state, timeout=None):
            state = cache.get(STATE_KEY) or state
    return state


def fragments(names: list[str], render: Callable[[int], str]) -> list[SafeString]:
    """Return the HTML fragments called ``names``, rendering with ``render(i)`` only those
    not cached for the current language and state of the public data (one cache round trip).

    For parts of pages that are the same for everyone, such as a vacancy's card.
    """
    prefix = f"fragments:{data_state()}:{get_language()}:"
    keys = [prefix + name for name in names]
    found = cache.get_many(keys)
    missing = {}
    html = []
    for i, key in enumerate(keys):
        if key not in found:
            missing[key] = found[key] = render(i)
        html.append(mark_safe(found[key]))  # noqa: S308 (our own rendered templates)
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
    return html


def data_state() -> str:
    """Return a name for the current state of the public data: it changes with the data,
    and when a vacancy becomes "closing soon" or closes."""
    token, moments = _state()
    return f"{token}.{bisect.bisect(moments, time.time())}"


def memo(name: str, compute: Callable[[], object]):
    """Return ``compute()``, computed once per state of the public data."""
    key = f"memo:{data_state()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def _page_key(request: HttpRequest) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"pages:{data_state()}:{request.LANGUAGE_CODE}:{digest}"


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & _UNCACHEABLE_CONTROL:
        return False
    # A last guard: a form with a CSRF token belongs to one visitor.
    return b"csrfmiddlewaretoken" not in response.content


class PublicPageCacheMiddleware:
    """Answer anonymous GETs of public pages from the cache; store what may be shared.

    Placed after the language middleware (the key needs the language) and before the
    session, CSRF and authentication middleware, which a cached page does not need.
    Public JSON API views (:func:`public_api`) are called from here, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        kind = getattr(match.func, "public_page", None)
        if kind == API:
            # The API's limit per client counts cached answers too (quota_portal/throttling.py).
            refused = throttle(request, match.func)
            if refused is not None:
                return refused
            answer = functools.partial(self._call_api_view, match)
        elif kind == PAGE and _anonymous(request):
            answer = self.get_response
        else:
            return self.get_response(request)
        timeout = settings.PAGE_CACHE_SECONDS
        if timeout <= 0 or request.method != "GET":
            return answer(request)
        key = _page_key(request)
        keep_local = settings.PAGE_CACHE_LOCAL_SECONDS > 0
        cached = local.get(key) if keep_local else None
        if cached is None:
            cached = cache.get(key)
            if cached is not None and keep_local:
                local.set(key, cached, timeout)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status, headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        response = answer(request)
        if len(request.get_full_path()) <= MAX_CACHED_URL and _storable(response):
            stored = (response.status_code, dict(response.items()), response.content)
            cache.set(key, stored, timeout)
            if keep_local:
                local.set(key, stored, timeout)
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def _call_api_view(match, request: HttpRequest) -> HttpResponse:
        # The lean path of a public JSON API: what Django's handler does for a plain view
        # (an exception still becomes a 404 or 500 answer in the handler around us),
        # without the middleware below, which only pages and logged-in visitors need.
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)
