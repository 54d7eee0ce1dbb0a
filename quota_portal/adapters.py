"""How django-allauth fits the portal: e-mail logins, our wording, one place for account mail.

Every e-mail about an account (verification, password reset, invitations, join
requests) leaves through ``AccountAdapter.send_mail``, rendered in the language the
caller chose (``send_account_mail``) and queued in the outbox like every other e-mail:
the worker sends it, with retries, and no request waits for the mail server.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def user_display(user: AbstractBaseUser) -> str:
    """Show a person by their e-mail address: the portal has no user names."""
    return user.email or user.get_username()


def send_account_mail(template_prefix: str, email: str, context: dict, *, language=None) -> None:
    """Send one account e-mail in ``language`` (the recipient's), else the current one."""
    from allauth.account.adapter import get_adapter

    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        get_adapter().send_mail(template_prefix, email, context)


def on_site(url: str) -> str:
    """Return an absolute ``url`` on the configured site address instead of the request's."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return url
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    # Our own words where allauth's would speak of user names or blame the visitor.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("E-poçt ünvanı və ya parol yanlışdır."),
        "account_inactive": _("Bu hesab deaktiv edilib. DMX ilə əlaqə saxlayın."),
        "email_taken": _("Bu e-poçt ünvanı ilə hesab artıq mövcuddur."),
        "password_mismatch": _("Parollar eyni deyil."),
        "too_many_login_attempts": _(
            "Çox sayda uğursuz giriş cəhdi oldu. Bir qədər sonra yenidən cəhd edin."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the e-mail (``quota_portal.outbox``) in the language active now.

        Its links (``*_url``) point at ``DJANGO_SITE_URL``, never at the Host header of
        the request that asked for them; its text is not kept once sent (it holds keys).
        """
        from quota_portal.outbox.services import enqueue_email

        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        context = {
            name: on_site(value) if name.endswith("_url") and isinstance(value, str) else value
            for name, value in context.items()
        }
        message = self.render_mail(template_prefix, email, context)
        enqueue_email(message, kind=template_prefix, sensitive=True)

    def get_client_ip(self, request) -> str:
        """The visitor's address for allauth's rate limits: the one django-axes counts."""
        from quota_portal.throttling import client_ip

        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address.")
        return address

    def clean_email(self, email: str) -> str:
        """Return the address as allauth compares identifiers: NFKC, then case-folded.

        Every form that looks an address up (sign-up, password reset, adding an address)
        passes it through here first, so "owner@ｅxample.az" with a full-width "ｅ" is
        found as the "owner@example.az" it will be stored as, never as a new account.
        """
        email = unicodedata.normalize("NFKC", super().clean_email(email)).casefold()
        validate_email(email)
        return email

    def populate_username(self, request, user) -> None:
        """Keep the e-mail address as the (never shown) user name, as older accounts have."""
        email = (user.email or "").strip().lower()
        user_model = type(user)
        if email and not user_model.objects.filter(username__iexact=email).exists():
            user.username = email
        else:
            super().populate_username(request, user)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """allauth's ways to confirm it is you, described in our words."""
        descriptions = {
            "reauthenticate": _("Parolunuzla"),
            "reauthenticate_by_code": _("E-poçtunuza göndərilən kodla"),
            "mfa_reauthenticate": _("Autentifikator tətbiqinin kodu və ya bərpa kodu ilə"),
        }
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = descriptions.get(method["id"], method["description"])
        return methods

    def get_login_redirect_url(self, request) -> str:
        if request.user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    """The second factor in our words; DMX staff cannot turn theirs off."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "İki mərhələli girişlə qorunan hesaba e-poçt ünvanı əlavə edilə bilməz."
        ),
        "cannot_delete_authenticator": _(
            "DMX əməkdaşları autentifikator tətbiqini söndürə bilməz. Telefonunuzu "
            "dəyişmisinizsə, bərpa kodu ilə daxil olun və ya DMX administratoruna müraciət edin."
        ),
        "cannot_generate_recovery_codes": _(
            "Bərpa kodları yalnız autentifikator tətbiqi qoşulduqdan sonra yaradıla bilər."
        ),
        "incorrect_code": _("Kod yanlışdır və ya vaxtı keçib. Tətbiqdəki yeni kodu yazın."),
        "unverified_email": _(
            "Autentifikator tətbiqini qoşmaq üçün əvvəlcə e-poçt ünvanınızı təsdiqləyin."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not authenticator.user.is_staff
