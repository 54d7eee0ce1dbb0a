"""Site-wide forms that belong to no feature app: the login, the account fields, the codes,
and the mixin that keeps invisible characters out of what people type."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from classification.text import strip_invisible

PASSWORD_HINT = _(
    "Ən azı %(length)s simvol. Yadda qalan bir neçə sözdən ibarət ifadə yaxşı seçimdir."
)


class VisibleTextMixin:
    """Strip zero-width and bidirectional control characters from every text field.

    They are removed before the field validates (so length limits and the form's own
    clean methods see the visible text); passwords are left exactly as typed, and NUL
    is still refused by Django's text fields.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                field.to_python = _visible(field.to_python)


def _visible(to_python):
    def clean(value):
        return to_python(strip_invisible(value) if isinstance(value, str) else value)

    return clean


def password_hint():
    """The hint under a new-password field: what works, said before anything is typed."""
    return PASSWORD_HINT % {"length": settings.PASSWORD_MIN_LENGTH}


def email_widget(**attrs) -> forms.EmailInput:
    """An e-mail input phones show the e-mail keyboard for, which browsers can fill."""
    return forms.EmailInput(
        attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false", **attrs}
    )


def style_account_fields(form: forms.Form) -> None:
    """Give allauth's e-mail and password fields our labels and inputs (no placeholders)."""
    labels = {
        "login": _("E-poçt"),
        "email": _("E-poçt"),
        "password": _("Parol"),
        "password1": _("Parol"),
        "password2": _("Parolun təkrarı"),
        "oldpassword": _("Hazırkı parol"),
    }
    for name, field in form.fields.items():
        if name in labels:
            field.label = labels[name]
        if name == "login":
            # The e-mail address is the account's user name: password managers pair it
            # with the current password (WHATWG autofill, "username").
            field.widget = email_widget(autocomplete="username")
        elif name == "email":
            field.widget = email_widget()
        field.widget.attrs.pop("placeholder", None)
    if "password1" in form.fields:
        form.fields["password1"].help_text = password_hint()


class LoginForm(AllauthLoginForm):
    """allauth's login by e-mail, with django-axes told which address was tried."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_account_fields(self)
        self.fields["login"].widget.attrs["autofocus"] = True
        self.fields["password"].help_text = ""

    def user_credentials(self) -> dict:
        credentials = super().user_credentials()
        # django-axes reads the user name from AXES_USERNAME_FORM_FIELD ("login").
        credentials["login"] = credentials.get("email") or credentials.get("username")
        return credentials


class ReauthenticateForm(AllauthReauthenticateForm):
    """allauth's password confirmation before an account change, in our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_account_fields(self)
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs["autofocus"] = True


def _style_code_field(form: forms.Form) -> None:
    """The code of an authenticator app (or a recovery code): a number keyboard, no placeholder."""
    field = form.fields["code"]
    field.label = _("Autentifikator tətbiqindəki kod")
    field.help_text = _("6 rəqəm. Telefonunuz yoxdursa, 8 rəqəmli bərpa kodlarından birini yazın.")
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})
    field.widget.attrs.pop("placeholder", None)


# Codes tried per account (settings.ACCOUNT_RATE_LIMITS): allauth.mfa's own limit counts
# under "login_failed", which the portal leaves to django-axes, so without this a
# six-digit code could be guessed without end.
MFA_CODE_RATE_LIMIT = "mfa_code"


class _ThrottledCodeForm(forms.Form):
    """Refuse more codes for an account once too many were tried; a right one resets it."""

    def clean_code(self) -> str:
        key = f"mfa-code-{self.user.pk}"
        request = allauth_context.request
        if not ratelimit.consume(request, action=MFA_CODE_RATE_LIMIT, key=key):
            raise forms.ValidationError(
                _("Çox sayda kod yoxlanıldı. Bir neçə dəqiqədən sonra yenidən cəhd edin."),
                code="rate_limited",
            )
        code = super().clean_code()
        ratelimit.clear(request, action=MFA_CODE_RATE_LIMIT, key=key)
        return code


class MFAAuthenticateForm(_ThrottledCodeForm, mfa_forms.AuthenticateForm):
    """The second step of a staff login: the code after the password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style_code_field(self)
        self.fields["code"].widget.attrs["autofocus"] = True


class MFAReauthenticateForm(_ThrottledCodeForm, mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style_code_field(self)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style_code_field(self)
        self.fields["code"].help_text = _("Tətbiqin QR kodu oxuduqdan sonra göstərdiyi 6 rəqəm.")


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's password change, its current password checked like a login.

    The check goes through ``authenticate()``, so django-axes counts a wrong current
    password as a failed login of the account from this address and, after
    AXES_FAILURE_LIMIT of them, answers with the lock-out page: a stolen session cannot
    guess the password any faster than the login page allows.
    """

    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword", "")
        email = self.user.email
        user = authenticate(
            allauth_context.request,
            email=email,
            password=password,
            **{settings.AXES_USERNAME_FORM_FIELD: email},
        )
        if user is None or user.pk != self.user.pk:
            raise get_adapter().validation_error("enter_current_password")
        return password
