"""The Django admin behind allauth's login and a second factor for every DMX staff member.

Staff sign in on the portal's login page (``account_login``), where allauth asks for the
code of their authenticator app after the password. The admin's own login form, which
knows no second factor, is never shown: its address sends visitors to allauth's. A
staff member without an authenticator app is sent to set one up and cannot open any
admin page until it is done; they cannot turn it off either (``MFAAdapter``).
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# This module is loaded with INSTALLED_APPS (PortalAdminConfig): models only inside functions.


def needs_second_factor_setup(user) -> bool:
    """Tell whether ``user`` is DMX staff without an authenticator app (TOTP) yet."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return user.is_active and user.is_staff and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def _next_admin_url(request: HttpRequest) -> str:
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        # Asked several times per page: look the authenticator up once per request.
        if not hasattr(request, "_has_second_factor"):
            request._has_second_factor = not needs_second_factor_setup(request.user)
        return request._has_second_factor

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Send the visitor to the step they still miss instead of the admin's login form."""
        user = request.user
        if user.is_authenticated and needs_second_factor_setup(user):
            messages.info(
                request,
                _(
                    "İdarəetmə panelinə daxil olmaq üçün əvvəlcə autentifikator tətbiqini "
                    "qoşun: hər girişdə paroldan sonra onun kodu soruşulacaq."
                ),
            )
            return redirect("mfa_activate_totp")
        if self.has_permission(request):
            return redirect(_next_admin_url(request))
        if user.is_authenticated:
            # Signed in without staff rights: the portal's login sends them to their pages
            # (with ``next`` it would send them back here).
            return redirect("account_login")
        query = urlencode({REDIRECT_FIELD_NAME: _next_admin_url(request)}, safe="/")
        return redirect(f"{reverse('account_login')}?{query}")


class PortalAdminConfig(AdminConfig):
    """The Django admin, on ``PortalAdminSite``."""

    default_site = "quota_portal.admin_site.PortalAdminSite"
