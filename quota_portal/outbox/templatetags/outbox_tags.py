from django import template

from quota_portal.outbox.models import Email, EmailStatus

register = template.Library()


@register.simple_tag
def failed_email_count() -> int:
    """Return how many e-mails the worker gave up on (shown on the admin index)."""
    return Email.objects.filter(status=EmailStatus.FAILED).count()
