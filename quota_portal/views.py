"""Site-wide pages: the home page, the note on the data sources, help, the login and its e-mails."""

from allauth.account.models import EmailAddress
from allauth.account.views import LoginView as AllauthLoginView
from allauth.core import ratelimit
from axes.decorators import axes_dispatch, axes_form_invalid
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


class AboutDataView(TemplateView):
    template_name = "about_data.html"


@method_decorator(axes_dispatch, name="dispatch")
@method_decorator(axes_form_invalid, name="form_invalid")
class LoginView(AllauthLoginView):
    """allauth's login, throttled by django-axes (its documented allauth integration)."""


@login_required
@require_POST
def resend_verification(request):
    """Send the e-mail confirmation link again (allauth's limit: one per 3 minutes)."""
    address = EmailAddress.objects.get_primary(request.user)
    if address is None and request.user.email:
        address, _created = EmailAddress.objects.get_or_create(
            user=request.user, email=request.user.email.lower(), defaults={"primary": True}
        )
    if address is None:
        messages.error(request, _("Hesabınızda e-poçt ünvanı yoxdur. DMX ilə əlaqə saxlayın."))
    elif address.verified:
        messages.info(request, _("E-poçt ünvanınız artıq təsdiqlənib."))
    else:
        if ratelimit.consume(request, action="confirm_email", key=address.email.lower()):
            address.send_confirmation(request)
        # Said either way: the links already sent stay valid.
        messages.success(
            request,
            _("Təsdiq keçidi %(email)s ünvanına yenidən göndərildi.") % {"email": address.email},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("forecasts:dashboard")
    return redirect(back)


class HelpView(TemplateView):
    """Finding a code, filling and uploading, the deadlines and DMX's contact."""

    template_name = "help.html"

    def get_context_data(self, **kwargs):
        from forecasts.models import Campaign

        return super().get_context_data(
            campaign=Campaign.objects.current(),
            classification_url=reverse("classification:search"),
            **kwargs,
        )


def favicon(request):
    """Send a browser that asks for /favicon.ico (the admin, a PDF) to the portal's icon.

    A 404 there would also set the CSRF cookie again, from whatever cookie the request
    carried: one sent before a logout could undo the new login form's cookie.
    """
    return redirect(static("img/favicon.svg"), permanent=True)
