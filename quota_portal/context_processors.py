"""Values every page may show."""

from django.conf import settings


def dmx_contact(request) -> dict:
    """DMX's contact for labour-migration questions (settings.DMX_CONTACT_*)."""
    return {
        "contact_phone": settings.DMX_CONTACT_PHONE,
        "contact_email": settings.DMX_CONTACT_EMAIL,
    }
