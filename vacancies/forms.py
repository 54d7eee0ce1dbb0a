"""Forms of the vacancies: the applicant's filters and the admin's vacancy form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from classification.models import EconomicRegion
from quota_portal.forms import VisibleTextMixin

from .models import OfficeKind, Vacancy

MAX_QUERY_LENGTH = 200


class VacancyFilterForm(forms.Form):
    """The GET filters of the lists and the API; each bad value is dropped on its own."""

    q = forms.CharField(label=_("Açar söz"), required=False, max_length=MAX_QUERY_LENGTH)
    city = forms.CharField(label=_("Şəhər / rayon"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("İqtisadi rayon"),
        required=False,
        queryset=EconomicRegion.objects.all(),
        empty_label=_("Hamısı"),
    )
    kind = forms.ChoiceField(
        label=_("İdarənin növü"),
        required=False,
        choices=[("", _("Hamısı")), *OfficeKind.choices],
    )
    position = forms.CharField(label=_("Vəzifə"), required=False, max_length=200)

    def filters(self) -> dict:
        """Return the valid filters, ready for ``Vacancy.objects.filtered(**filters)``."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "city": data.get("city") or "",
            "region": data.get("region"),
            "kind": data.get("kind") or "",
            "position": data.get("position") or "",
        }


class LinesField(forms.CharField):
    """A list of texts edited one per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 8, "cols": 100})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


class VacancyAdminForm(VisibleTextMixin, forms.ModelForm):
    """Let staff edit the service functions one per line instead of as JSON."""

    functions = LinesField(
        label=_("Qulluq funksiyaları"),
        required=False,
        strip=True,
        help_text=_("Hər sətirdə bir funksiya."),
    )

    class Meta:
        model = Vacancy
        fields = [
            "announcement",
            "office",
            "position_order",
            "title",
            "posts",
            "functions",
            "education",
            "computer_skills",
            "languages",
            "preference",
            "salary",
            "classification_level",
            "occupation",
            "is_published",
        ]
