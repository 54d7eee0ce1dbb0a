"""Forms of the classification app: what a valid request to the coding assistant is."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LANGS, EconomicActivity
from .suggest import (
    DEFAULT_LIMIT,
    MAX_DUTIES_LENGTH,
    MAX_INDUSTRY_LENGTH,
    MAX_LIMIT,
    MAX_TITLE_LENGTH,
)


class SuggestForm(forms.Form):
    """GET parameters of /api/classification/suggest."""

    title = forms.CharField(label=_("vəzifənin adı"), max_length=MAX_TITLE_LENGTH)
    duties = forms.CharField(label=_("vəzifələr"), max_length=MAX_DUTIES_LENGTH, required=False)
    industry = forms.CharField(label=_("sahə"), max_length=MAX_INDUSTRY_LENGTH, required=False)
    activity = forms.CharField(label=_("iqtisadi fəaliyyət"), max_length=1, required=False)
    limit = forms.IntegerField(label=_("say"), min_value=1, max_value=MAX_LIMIT, required=False)
    lang = forms.ChoiceField(
        label=_("dil"), choices=[(lang, lang) for lang in LANGS], required=False
    )

    def clean_activity(self) -> str:
        activity = self.cleaned_data["activity"].strip().upper()
        if activity and activity not in EconomicActivity.values:
            raise forms.ValidationError(
                _("activity A–U hərflərindən biri (NACE bölməsi) olmalıdır.")
            )
        return activity

    def clean_limit(self) -> int:
        return self.cleaned_data["limit"] or DEFAULT_LIMIT

    def first_error(self) -> str:
        """Return one message naming the parameter, for the JSON error."""
        name, errors = next(iter(self.errors.items()))
        return f"{name}: {errors[0]}"
