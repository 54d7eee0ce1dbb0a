"""Absolute links for e-mails and documents, built from the configured site address."""

from django.conf import settings


def site_url(path: str) -> str:
    """Return ``path`` on the portal's configured address (``DJANGO_SITE_URL``).

    Never from a request's Host header, which a client chooses.
    """
    return settings.SITE_URL + path
