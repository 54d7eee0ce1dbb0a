"""Site-wide forms that belong to no feature app: the login and the account fields."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PASSWORD_HINT = _(
    "Ən azı %(length)s simvol. Yadda qalan bir neçə sözdən ibarət ifadə yaxşı seçimdir."
)


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
        if name in {"login", "email"}:
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
