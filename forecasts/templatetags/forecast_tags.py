"""Small presentation helpers for forecast templates."""

from django import template

from forecasts.models import Status

register = template.Library()

_BADGES = {
    Status.DRAFT: "text-bg-secondary",
    Status.SUBMITTED: "text-bg-primary",
    Status.RETURNED: "text-bg-warning",
    Status.ACCEPTED: "text-bg-success",
    Status.REJECTED: "text-bg-danger",
}


@register.filter
def status_badge(status: str) -> str:
    """Return the Bootstrap badge class for a forecast status."""
    return _BADGES.get(status, "text-bg-secondary")


@register.simple_tag
def waiting_for_review() -> int:
    """Return how many forecasts of the current campaign wait for a review decision."""
    from forecasts.models import Campaign, Forecast

    campaign = Campaign.objects.current()
    waiting = Forecast.objects.filter(status=Status.SUBMITTED)
    return waiting.filter(year=campaign.year).count() if campaign else waiting.count()
