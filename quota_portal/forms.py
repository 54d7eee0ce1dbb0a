"""Site-wide forms that belong to no feature app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the e-mail address in any case: accounts are stored in lower case."""

    username = UsernameField(
        label=_("E-poçt"),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}
        ),
    )

    def clean_username(self) -> str:
        return (self.cleaned_data.get("username") or "").strip().lower()
