"""Forms of the employer side: registration, profile, lines, justification, upload."""

import functools

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from classification.models import Level, Occupation, Place

from .models import Employer, Forecast, ForecastLine
from .validators import normalise_phone, normalise_voen, validate_phone, validate_voen

PROFILE_FIELDS = [
    "legal_name",
    "voen",
    "kind",
    "legal_address",
    "activity",
    "contact_person",
    "contact_position",
    "phone",
    "head_name",
    "head_position",
    "headcount",
    "foreign_workers",
    "language",
]


class EmployerProfileForm(forms.ModelForm):
    """The employer's header data; VÖEN and phone are normalised as typed."""

    # Wider than the stored value: people type spaces and dashes, removed in clean_*().
    voen = forms.CharField(
        label=_("VÖEN"),
        max_length=20,
        help_text=_("Vergi ödəyicisinin eyniləşdirmə nömrəsi: 10 rəqəm."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("telefon"),
        max_length=25,
        help_text=_("+994 XX XXX XX XX"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Employer
        fields = [*PROFILE_FIELDS[:8], "email", *PROFILE_FIELDS[8:]]
        widgets = {"legal_address": forms.TextInput()}

    def clean_voen(self) -> str:
        voen = normalise_voen(self.cleaned_data["voen"])
        validate_voen(voen)
        return voen

    def clean_phone(self) -> str:
        validate_phone(self.cleaned_data["phone"])
        return normalise_phone(self.cleaned_data["phone"])


class RegistrationForm(EmployerProfileForm):
    """A new employer: the profile plus the login (e-mail) and a password."""

    password1 = forms.CharField(
        label=_("Parol"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Parolun təkrarı"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta(EmployerProfileForm.Meta):
        labels = {"email": _("E-poçt (giriş üçün)")}

    def clean_email(self) -> str:
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Bu e-poçt ünvanı ilə hesab artıq mövcuddur."))
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Parollar eyni deyil."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def _post_clean(self):
        # The user does not exist yet: validate the profile without it.
        self.instance.user_id = None
        super()._post_clean()

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "user"}


class CompactSelect(forms.Select):
    """A select whose options are written in one template loop.

    Django's own select includes a template per option: the 250 countries and the
    places on every line form cost more than the rest of the page.
    """

    template_name = "forecasts/widgets/compact_select.html"


def _place_choices():
    places = Place.objects.order_by("region__number", "name").values_list(
        "pk", "name", "region__name"
    )
    groups: dict[str, list] = {}
    for pk, name, region in places:
        groups.setdefault(region, []).append((pk, name))
    return [("", _("— seçin —")), *groups.items()]


class _FixedChoices(BaseChoiceIterator):
    """Choices already in Django's canonical form, so assigning them costs nothing."""

    def __init__(self, choices: tuple):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


@functools.lru_cache(maxsize=8)
def _country_choices(language: str) -> _FixedChoices:
    """The citizenship choices sorted in ``language``: built once, not on every form."""
    field = ForecastLine._meta.get_field("citizenship").formfield()
    countries = ((code, str(name)) for code, name in list(field.choices)[1:])
    return _FixedChoices((("", str(_("— seçin —"))), *countries))


class LineForm(forms.Form):
    """One line of the forecast; blank required fields are allowed in a draft."""

    profession = forms.CharField(
        label=_("Peşə (Məşğulluq Təsnifatı üzrə kod)"),
        max_length=200,
        required=False,
        help_text=_(
            "4 rəqəmli kodu yazın və ya peşənin adını yazıb təkliflərdən seçin, məsələn 7212."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    workers = forms.IntegerField(
        label=_("Əcnəbi işçilərin sayı"), required=False, min_value=1, max_value=10_000
    )
    place = forms.TypedChoiceField(
        label=_("İş yeri (iqtisadi rayon, şəhər / rayon)"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=CompactSelect,
    )
    job_title = forms.CharField(
        label=_("Vəzifənin adı (istəyə bağlı)"), max_length=200, required=False
    )
    citizenship = forms.ChoiceField(
        label=_("Vətəndaşlıq (istəyə bağlı)"), required=False, widget=CompactSelect
    )
    education = forms.ChoiceField(
        label=_("Təhsil səviyyəsi (istəyə bağlı)"), required=False, widget=CompactSelect
    )
    monthly_wage = forms.DecimalField(
        label=_("Planlaşdırılan aylıq əmək haqqı, AZN (istəyə bağlı)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        decimal_places=2,
        max_digits=10,
    )
    period_months = forms.IntegerField(
        label=_("Müddət, ay (istəyə bağlı)"), required=False, min_value=1, max_value=12
    )
    note = forms.CharField(
        label=_("Qeyd (istəyə bağlı)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = _place_choices()
        self.fields["citizenship"].choices = _country_choices(
            get_language() or settings.LANGUAGE_CODE
        )
        education = ForecastLine._meta.get_field("education")
        self.fields["education"].choices = [("", _("— seçin —")), *education.choices]
        self.fields["profession"].widget.attrs.update(
            {
                "data-picker": "profession",
                "data-picker-api": "/api/classification/search",
                "aria-describedby": "id_profession_helptext",
            }
        )

    def clean_profession(self) -> Occupation | None:
        code = "".join((self.cleaned_data.get("profession") or "").split())
        if not code:
            return None
        if not code.isdigit():
            raise forms.ValidationError(
                _("Peşənin 4 rəqəmli kodunu yazın və ya axtarış təkliflərindən birini seçin.")
            )
        occupation = Occupation.objects.filter(code=code).first()
        if occupation is None:
            raise forms.ValidationError(
                _("“%(code)s” kodu təsnifatda yoxdur. Peşəni adı ilə axtarın."),
                params={"code": code},
            )
        if occupation.level != Level.UNIT:
            raise forms.ValidationError(
                _(
                    "%(code)s bir qrupdur; 4 rəqəmli ibtidai qrupu (peşəni) seçin, məsələn %(example)s."
                ),
                params={"code": code, "example": (code + "0000")[:4]},
            )
        if not occupation.is_active:
            raise forms.ValidationError(
                _("%(code)s kodu artıq istifadə olunmur. Yeni kodu axtarın."), params={"code": code}
            )
        return occupation

    def clean_place(self) -> Place | None:
        pk = self.cleaned_data.get("place")
        if pk is None:
            return None
        return Place.objects.select_related("region").get(pk=pk)

    def line_data(self) -> dict:
        """Return the cleaned values keyed as ``ForecastLine`` fields."""
        data = self.cleaned_data
        place = data.get("place")
        return {
            "occupation": data.get("profession"),
            "workers": data.get("workers"),
            "place": place,
            "job_title": data.get("job_title", ""),
            "citizenship": data.get("citizenship", ""),
            "education": data.get("education", ""),
            "monthly_wage": data.get("monthly_wage"),
            "period_months": data.get("period_months"),
            "note": data.get("note", ""),
        }

    @classmethod
    def initial_for(cls, line: ForecastLine, version: int) -> dict:
        return {
            "profession": line.occupation_id or "",
            "workers": line.workers,
            "place": line.place_id,
            "job_title": line.job_title,
            "citizenship": line.citizenship.code if line.citizenship else "",
            "education": line.education,
            "monthly_wage": line.monthly_wage,
            "period_months": line.period_months,
            "note": line.note,
            "version": version,
        }


class JustificationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Forecast
        fields = ["justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 4})}
        labels = {"justification": _("Əsaslandırma (istəyə bağlı)")}
        help_texts = {
            "justification": _("Niyə əcnəbi işçi cəlb etməyi planlaşdırdığınızı qısa izah edin.")
        }


class VersionForm(forms.Form):
    """Carries the version the page was rendered with, for the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Doldurulmuş XLSX şablonu"),
        help_text=_("Ən çox 2 MB və 2000 sətir."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
