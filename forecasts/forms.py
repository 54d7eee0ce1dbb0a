"""Forms of the employer side: sign-up, profile, lines, justification, upload."""

import functools

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import SignupForm
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from classification.models import Level, Occupation, Place
from quota_portal.forms import email_widget, style_account_fields

from .models import (
    IDENTITY_FIELDS,
    IDENTITY_LOCKED_HELP,
    IDENTITY_REASON_MAX_LENGTH,
    IDENTITY_REASON_REQUIRED,
    Employer,
    Forecast,
    ForecastLine,
)
from .validators import normalise_phone, normalise_voen, validate_phone, validate_voen

# Where the "check your e-mail" page finds the address it names.
SIGNUP_EMAIL_SESSION_KEY = "signup_email"

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
        widgets = {"legal_address": forms.TextInput(), "email": email_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity_locked = bool(self.instance.pk) and self.instance.has_submitted()
        if self.identity_locked:
            # Shown, never taken from the POST: DMX changes them (EmployerIdentityForm).
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = IDENTITY_LOCKED_HELP

    def clean_voen(self) -> str:
        voen = normalise_voen(self.cleaned_data["voen"])
        validate_voen(voen)
        return voen

    def clean_phone(self) -> str:
        validate_phone(self.cleaned_data["phone"])
        return normalise_phone(self.cleaned_data["phone"])


class EmployerIdentityForm(forms.ModelForm):
    """DMX staff's change of an employer's VÖEN or legal kind, with the reason required.

    Validated like the profile (the same VÖEN rules, unique in the database), applied by
    ``services.change_employer_identity``.
    """

    voen = EmployerProfileForm.base_fields["voen"]
    clean_voen = EmployerProfileForm.clean_voen
    reason = forms.CharField(
        label=_("Səbəb (işəgötürənə e-poçtla göndəriləcək və jurnalda qalacaq)"),
        max_length=IDENTITY_REASON_MAX_LENGTH,
        error_messages={"required": IDENTITY_REASON_REQUIRED},
    )

    class Meta:
        model = Employer
        fields = list(IDENTITY_FIELDS)


class SignupProfileForm(EmployerProfileForm):
    """The employer part of the sign-up: the profile, with the login address as its e-mail."""

    class Meta(EmployerProfileForm.Meta):
        fields = PROFILE_FIELDS

    def validate_unique(self):
        # An existing VÖEN is not an error at sign-up: the newcomer asks to join it
        # (forecasts.services.register_employer), and the page never says it exists.
        pass


class EmployerSignupForm(SignupForm):
    """allauth's sign-up (e-mail and password) with the employer's profile in one page.

    The profile is validated by ``EmployerProfileForm`` (``self.profile``), so sign-up,
    the profile page and the admin agree on what a valid employer is. Whether the
    address already has an account is never shown: both cases get the same "check your
    e-mail" page; the owner of an existing account is told by e-mail instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_account_fields(self)
        self.fields["email"].label = _("E-poçt (giriş və DMX ilə yazışma üçün)")
        self.profile = SignupProfileForm(
            self.data if self.is_bound else None,
            initial={"language": get_language() or settings.LANGUAGE_CODE},
        )

    def is_valid(self) -> bool:
        account_valid = super().is_valid()
        return self.profile.is_valid() and account_valid

    def validate_unique_email(self, value: str) -> str:
        # Never "this address is taken": remember it and answer as for a new account.
        self.account_already_exists = bool(filter_users_by_email(value))
        return value

    def signup(self, request, user) -> None:
        """Called by allauth once the user exists: attach the employer."""
        from .services import register_employer

        register_employer(user=user, profile=self.profile.cleaned_data)

    def try_save(self, request):
        email = self.cleaned_data["email"]
        if self.account_already_exists:
            get_account_adapter(request).send_account_already_exists_mail(email)
            user = None
        else:
            with transaction.atomic():
                user = self.save(request)
            EmailAddress.objects.get_primary(user).send_confirmation(request, signup=True)
        request.session[SIGNUP_EMAIL_SESSION_KEY] = email
        return user, redirect("account_email_verification_sent")


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
