"""Who a client is behind the proxy, and how often it may try: logins and the JSON APIs.

The client's address comes from django-ipware and ``settings.TRUSTED_PROXY_COUNT``
(``DJANGO_TRUSTED_PROXY_COUNT``): the number of proxies in front of gunicorn that write
``X-Forwarded-For``. The deployed nginx (deploy/nginx-kvota-proxy.conf) is one, and it
replaces the header with the address it sees, so a visitor cannot choose theirs. Every
counter keyed by address (django-axes' lock-outs, allauth's rate limits, the API limit
below) asks :func:`client_ip`, so they all agree on who the client is.
"""

from __future__ import annotations

import functools
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str | None:
    """Return the visitor's address: from the trusted proxies' X-Forwarded-For, else the peer."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        # ipware counts the proxies *between* the client and the last one, whose own
        # address is REMOTE_ADDR: the client is the proxies-th entry from the right, so
        # whatever a visitor puts in front of it is ignored.
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None


# --- logins (django-axes) ---------------------------------------------------------------


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """Return the address a login tried, as axes counts it: one lock whatever its case."""
    source = credentials or getattr(request, "POST", None) or {}
    return str(source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The lock-out page (429): what still works, and when trying again will."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "account/locked_out.html",
        {"cooloff_minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def lift_lockout(sender, request, user, **kwargs) -> None:
    """After a successful password reset, let its owner log in again from anywhere.

    Connected to allauth's ``password_reset`` signal (quota_portal/apps.py): whoever set
    the new password read the reset e-mail, so the wrong passwords before it were not theirs
    or no longer matter.
    """
    from allauth.account.models import EmailAddress
    from axes.utils import reset

    names = {user.get_username(), user.email}
    names.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    for name in {name.strip().lower() for name in names if name}:
        reset(username=name)


# --- the JSON APIs ----------------------------------------------------------------------


def _add(key: str, amount: int, timeout: int) -> int:
    """Add ``amount`` to the shared counter ``key`` (kept ``timeout`` seconds); return it.

    On Redis in one round trip (SET NX EX, then INCRBY, pipelined).
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        pipeline = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipeline.set(full_key, 0, ex=timeout, nx=True)
        pipeline.incrby(full_key, amount)
        return pipeline.execute()[1]
    backend.add(key, 0, timeout=timeout)
    try:
        return backend.incr(key, amount)
    except ValueError:  # expired between the two calls
        backend.add(key, amount, timeout=timeout)
        return amount


# What this worker has counted and not yet added to the shared counters:
# key -> [requests not yet added, the shared count when last added, when (time.time())].
_unsent: dict[str, list] = {}
_unsent_lock = threading.Lock()
# A worker adds its requests to the shared count at least this often (seconds).
_SYNC_SECONDS = 1.0


def forget_unsent_counts() -> None:
    """Drop this worker's unsent counts (the tests, after emptying the cache)."""
    with _unsent_lock:
        _unsent.clear()


def _count(key: str, timeout: int) -> int:
    """Count one request under ``key`` and return the client's count in this period.

    The count is shared by every worker and instance through the cache, but a worker adds
    its requests to it in batches (``settings.API_RATE_LIMIT_BATCH`` requests of a client,
    or after a second): a round trip to Redis on every request cost the search API a
    third of its throughput. In one worker the count is exact; across ``n`` workers a
    client may pass the limit by at most ``n × (batch − 1)`` requests before it is refused.
    """
    batch = max(1, settings.API_RATE_LIMIT_BATCH)
    now = time.time()
    with _unsent_lock:
        entry = _unsent.get(key)
        if entry is not None and entry[0] + 1 < batch and now - entry[2] < _SYNC_SECONDS:
            entry[0] += 1
            return entry[1] + entry[0]
        amount = 1 + (_unsent.pop(key)[0] if entry is not None else 0)
    total = _add(key, amount, timeout)
    with _unsent_lock:
        if len(_unsent) > 10_000:  # many clients: forget the quiet ones (at most a batch each)
            for stale in [k for k, e in _unsent.items() if now - e[2] >= _SYNC_SECONDS]:
                del _unsent[stale]
        _unsent[key] = [0, total, now]
    return total


def _over_limit(request: HttpRequest, scope: str) -> HttpResponse | None:
    """Count one request of the client in ``scope``; return the 429 answer once over."""
    if settings.API_RATE_LIMIT is None:
        return None
    allowed, seconds = settings.API_RATE_LIMIT
    now = time.time()
    window = int(now // seconds)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{window}"
    if _count(key, seconds + 1) <= allowed:
        return None
    retry_after = max(1, math.ceil((window + 1) * seconds - now))
    response = JsonResponse(
        {
            "error": ngettext(
                "Çox sayda sorğu göndərildi. %(seconds)s saniyə sonra yenidən cəhd edin.",
                "Çox sayda sorğu göndərildi. %(seconds)s saniyə sonra yenidən cəhd edin.",
                retry_after,
            )
            % {"seconds": retry_after}
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_per_client(scope: str = "api"):
    """Answer 429 with ``Retry-After`` once a client passes ``settings.API_RATE_LIMIT``.

    Counted per client address in the shared cache, so every worker and instance sees the
    same count. The page cache (quota_portal/pagecache.py) counts cached answers as well,
    before it looks them up (``throttle_scope``).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not getattr(request, "_throttle_counted", False):
                refused = _over_limit(request, scope)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        wrapped.throttle_scope = scope
        return wrapped

    return decorator


def throttle(request: HttpRequest, view) -> HttpResponse | None:
    """Count ``request`` against ``view``'s limit now; return the 429 answer once over."""
    scope = getattr(view, "throttle_scope", None)
    if scope is None:
        return None
    request._throttle_counted = True
    return _over_limit(request, scope)
