from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site-wide pieces; ready() wires the account signals no feature app owns."""

    name = "quota_portal"
    verbose_name = _("Kvota Portalı")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from .throttling import lift_lockout

        password_reset.connect(lift_lockout, dispatch_uid="quota-portal-lift-lockout")
