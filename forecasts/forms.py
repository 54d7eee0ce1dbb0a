"""Forms of the employer side: sign-up, profile, lines, justification, upload."""

import functools
from collections.abc import Iterable

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import SignupForm
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import construct_instance
from django.shortcuts import redirect
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from classification.models import Level, Occupation, Place
from classification.suggest import MAX_DUTIES_LENGTH
from classification.text import ordinal, sort_key
from quota_portal.forms import VisibleTextMixin, email_widget, style_account_fields

from . import members, services
from .models import (
    EMPLOYER_BLOCK,
    IDENTITY_FIELDS,
    IDENTITY_LOCKED_HELP,
    IDENTITY_REASON_MAX_LENGTH,
    IDENTITY_REASON_REQUIRED,
    LINE_FIELDS,
    MAX_MONTHLY_WAGE,
    MAX_PERIOD_MONTHS,
    MAX_WORKERS_PER_LINE,
    EducationLevel,
    Employer,
    Forecast,
    ForecastLine,
)
from .validators import normalise_phone, normalise_voen, validate_phone, validate_voen

# Where the "check your e-mail" page finds the address it names.
SIGNUP_EMAIL_SESSION_KEY = "signup_email"
# The invitation link a visitor opened before signing up (member_views.invitation).
INVITATION_SESSION_KEY = "forecasts:invitation"


def _invitation_in_session():
    """Return the pending invitation whose link this visitor opened, or None."""
    request = allauth_context.request
    token = request.session.get(INVITATION_SESSION_KEY) if request is not None else None
    invitation = members.invitation_for(token) if token else None
    return invitation if invitation is not None and invitation.is_pending() else None


# The employer block (what each submission freezes) and the language of DMX's e-mails;
# the sign-up form asks for the e-mail on its own, so it is left out here.
PROFILE_FIELDS = [*(name for name in EMPLOYER_BLOCK if name != "email"), "language"]


class EmployerProfileForm(VisibleTextMixin, forms.ModelForm):
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
        fields = [*EMPLOYER_BLOCK, "language"]
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


class EmployerIdentityForm(VisibleTextMixin, forms.ModelForm):
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


class EmployerSignupForm(VisibleTextMixin, SignupForm):
    """allauth's sign-up (e-mail and password) with the employer's profile in one page.

    The profile is validated by ``EmployerProfileForm`` (``self.profile``), so sign-up,
    the profile page and the admin agree on what a valid employer is. Whether the
    address already has an account is never shown: both cases get the same "check your
    e-mail" page; the owner of an existing account is told by e-mail instead. A VÖEN
    already registered becomes a request to join that employer, answered the same way.
    Opened from an invitation link, it asks for no profile and joins the employer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_account_fields(self)
        self.fields["email"].label = _("E-poçt (giriş və DMX ilə yazışma üçün)")
        # A colleague who opened an invitation link signs up without an employer profile.
        self.invitation = _invitation_in_session()
        if self.invitation is not None:
            self.fields["email"].initial = self.invitation.email
            self.profile = None
            return
        self.profile = SignupProfileForm(
            self.data if self.is_bound else None,
            initial={"language": get_language() or settings.LANGUAGE_CODE},
        )

    def is_valid(self) -> bool:
        account_valid = super().is_valid()
        return (self.profile is None or self.profile.is_valid()) and account_valid

    def validate_unique_email(self, value: str) -> str:
        if self.invitation is not None and value.lower() != self.invitation.email:
            raise forms.ValidationError(
                _("Dəvət %(email)s ünvanına göndərilib: qeydiyyatdan həmin ünvanla keçin."),
                params={"email": self.invitation.email},
            )
        # Never "this address is taken": remember it and answer as for a new account.
        self.account_already_exists = bool(filter_users_by_email(value))
        return value

    def signup(self, request, user) -> None:
        """Called by allauth once the user exists: attach the employer, or join one."""
        if self.invitation is not None:
            members.accept_invitation(invitation=self.invitation, user=user)
            return
        services.register_employer(
            user=user, profile=self.profile.cleaned_data, language=get_language() or ""
        )

    def try_save(self, request):
        email = self.cleaned_data["email"]
        if self.invitation is not None and not self.account_already_exists:
            # The link reached this address: no verification e-mail; allauth signs in.
            with transaction.atomic():
                user = self.save(request)
                members.confirm_invited_address(user=user, invitation=self.invitation)
            request.session.pop(INVITATION_SESSION_KEY, None)
            return user, None
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


class _FixedChoices(BaseChoiceIterator):
    """Choices already in Django's canonical form, so assigning them costs nothing.

    They never change once built: a form's copy of its fields shares them, and a
    value is looked up in a set instead of a walk through 250 countries.
    """

    def __init__(self, choices: tuple):
        self.choices = choices
        self.values = frozenset(
            str(value)
            for group, options in choices
            for value in ([v for v, _label in options] if isinstance(options, list) else [group])
        )

    def __iter__(self):
        return iter(self.choices)

    def __deepcopy__(self, memo):
        return self


class _ListedChoiceMixin:
    """A choice field that checks a value against ``_FixedChoices`` by set lookup."""

    def valid_value(self, value) -> bool:
        if isinstance(self.choices, _FixedChoices):
            return str(value) in self.choices.values
        return super().valid_value(value)


class _ChoiceField(_ListedChoiceMixin, forms.ChoiceField):
    pass


class _TypedChoiceField(_ListedChoiceMixin, forms.TypedChoiceField):
    pass


@functools.lru_cache(maxsize=8)
def _country_choices(language: str) -> _FixedChoices:
    """The citizenship choices in ``language``'s alphabetical order, built once per language."""
    field = ForecastLine._meta.get_field("citizenship").formfield()
    with translation.override(language):
        countries = [(code, str(name)) for code, name in list(field.choices)[1:]]
        blank = str(_("— seçin —"))
    # The ones settings put first (COUNTRIES_FIRST: stateless) stay first.
    first = [choice for choice in countries if choice[0] in settings.COUNTRIES_FIRST]
    rest = sorted(
        (choice for choice in countries if choice[0] not in settings.COUNTRIES_FIRST),
        key=lambda choice: sort_key(choice[1], language),
    )
    return _FixedChoices((("", blank), *first, *rest))


def _education_choices() -> _FixedChoices:
    return _FixedChoices((("", _("— seçin —")), *EducationLevel.choices))


class LineLookups:
    """What checking the lines of one forecast reads from the database, read once.

    The line page makes one per form; an upload makes one for all its rows (with the
    codes it names), so checking 2,000 rows costs the same few queries as one.
    """

    def __init__(self, forecast: Forecast, *, codes: Iterable[str] | None = None):
        self.forecast = forecast
        # Place's own ordering: by economic region, then the Azerbaijani alphabet.
        places = list(Place.objects.select_related("region"))
        self.places = {place.pk: place for place in places}
        groups: dict[str, list] = {}
        for place in places:
            groups.setdefault(place.region.name, []).append((place.pk, place.name))
        self.place_choices = _FixedChoices((("", _("— seçin —")), *groups.items()))
        self._occupations = None
        if codes is not None:
            found = Occupation.objects.filter(code__in=set(codes))
            self._occupations = {occupation.code: occupation for occupation in found}
        self._taken: dict[tuple[str, int], tuple] | None = None

    def occupation(self, code: str) -> Occupation | None:
        if self._occupations is not None:
            return self._occupations.get(code)
        return Occupation.objects.filter(code=code).first()

    @property
    def taken(self) -> dict[tuple[str, int], tuple]:
        """Return (code, place pk) → the line that has them: ("line", number, pk)."""
        if self._taken is None:
            self._taken = {}
            lines = self.forecast.lines.order_by("position", "pk")
            for number, (pk, code, place) in enumerate(
                lines.values_list("pk", "occupation_id", "place_id"), start=1
            ):
                if code and place:
                    self._taken.setdefault((code, place), ("line", number, pk))
        return self._taken

    def take(self, occupation: Occupation, place: Place, *, row: int) -> None:
        """Record that row ``row`` of an upload holds this profession and place."""
        self.taken.setdefault((occupation.code, place.pk), ("row", row, None))


class _WholeNumberField(forms.IntegerField):
    """A whole number typed with or without spaces between the thousands ("1 000")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


class _AmountField(forms.DecimalField):
    """An amount in AZN typed with a decimal point or comma, spaces allowed ("1 500,50")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace(",", ".")
        return super().to_python(value)


_WAGE = ForecastLine._meta.get_field("monthly_wage")


class LineForm(VisibleTextMixin, forms.ModelForm):
    """What a valid forecast line is: the line page and every row of an upload use it.

    Blank required fields are allowed, since a draft may hold incomplete lines
    (``Forecast.validation_errors`` says what stops a submission). The limits are the
    model's constants, so this form, the model's validators and the database agree;
    a profession already on the forecast at the same place is refused, naming the line.
    """

    profession = forms.CharField(
        label=_("Peşə (Məşğulluq Təsnifatı üzrə kod)"),
        max_length=200,
        required=False,
        help_text=_(
            "4 rəqəmli kodu yazın və ya peşənin adını yazıb təkliflərdən seçin, məsələn 7212."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    # Text, not type=number: a browser sends an empty value for "abc" in a number
    # input, and the line would be saved without its count and without a word.
    workers = _WholeNumberField(
        label=_("Əcnəbi işçilərin sayı"),
        required=False,
        min_value=1,
        max_value=MAX_WORKERS_PER_LINE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("İşçilərin sayını rəqəmlərlə yazın, məsələn 12.")},
    )
    place = _TypedChoiceField(
        label=_("İş yeri (iqtisadi rayon, şəhər / rayon)"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=CompactSelect,
        error_messages={"invalid_choice": _("«%(value)s» şəhər və rayonların siyahısında yoxdur.")},
    )
    citizenship = _ChoiceField(
        label=_("Vətəndaşlıq (istəyə bağlı)"),
        required=False,
        widget=CompactSelect,
        error_messages={
            "invalid_choice": _(
                "«%(value)s» ölkə kimi tanınmadı; ölkənin adını və ya ISO kodunu yazın."
            )
        },
    )
    education = _ChoiceField(
        label=_("Təhsil səviyyəsi (istəyə bağlı)"),
        required=False,
        widget=CompactSelect,
        error_messages={"invalid_choice": _("Təhsil səviyyəsini siyahıdan seçin.")},
    )
    monthly_wage = _AmountField(
        label=_("Planlaşdırılan aylıq əmək haqqı, AZN (istəyə bağlı)"),
        required=False,
        min_value=0,
        max_value=MAX_MONTHLY_WAGE,
        max_digits=_WAGE.max_digits,
        decimal_places=_WAGE.decimal_places,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    period_months = _WholeNumberField(
        label=_("Müddət, ay (istəyə bağlı)"),
        required=False,
        min_value=1,
        max_value=MAX_PERIOD_MONTHS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = ForecastLine
        # The profession field above stands for the occupation.
        fields = [name for name in LINE_FIELDS if name != "occupation"]
        labels = {
            "job_title": _("Vəzifənin adı (istəyə bağlı)"),
            "note": _("Qeyd (istəyə bağlı)"),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, forecast: Forecast, lookups: LineLookups | None = None, **kwargs):
        line = kwargs.get("instance")
        if line is None:
            kwargs["instance"] = ForecastLine(forecast=forecast)
        else:
            kwargs["initial"] = {
                "profession": line.occupation_id or "",
                "citizenship": line.citizenship.code if line.citizenship else "",
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.forecast = forecast
        self.lookups = lookups or LineLookups(forecast)
        self.fields["place"].choices = self.lookups.place_choices
        self.fields["citizenship"].choices = _country_choices(
            (get_language() or settings.LANGUAGE_CODE)[:2]
        )
        self.fields["education"].choices = _education_choices()
        self.fields["profession"].widget.attrs.update(
            {"data-picker": "profession", "aria-describedby": "id_profession_helptext"}
        )

    def clean_profession(self) -> Occupation | None:
        """Return the unit group the code names; it must still be in use."""
        code = "".join((self.cleaned_data.get("profession") or "").split())
        if not code:
            return None
        if not code.isdigit():
            raise forms.ValidationError(
                _("Peşənin 4 rəqəmli kodunu yazın və ya axtarış təkliflərindən birini seçin.")
            )
        occupation = self.lookups.occupation(code)
        if occupation is None:
            raise forms.ValidationError(
                _("“%(code)s” kodu təsnifatda yoxdur. Peşəni adı ilə axtarın."),
                params={"code": code[:20]},
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
        return None if pk is None else self.lookups.places[pk]

    def clean(self) -> dict:
        data = super().clean()
        occupation, place = data.get("profession"), data.get("place")
        self.instance.occupation = occupation
        if occupation and place:
            holder = self.lookups.taken.get((occupation.code, place.pk))
            if holder and (holder[0] == "row" or holder[2] != self.instance.pk):
                self.add_error("profession", self._repeat_message(holder, occupation, place))
        return data

    @staticmethod
    def _repeat_message(holder: tuple, occupation: Occupation, place: Place) -> str:
        kind, number, _pk = holder
        if kind == "row":
            return _(
                "Bu peşə bu iş yeri ilə faylın %(number)s sətrində artıq var. "
                "Saylarını bir sətirdə birləşdirin."
            ) % {"number": ordinal(number)}
        return _(
            "Bu peşə bu iş yerində artıq %(number)s sətirdədir (%(code)s %(title)s, "
            "%(place)s). Saylarını bir sətirdə birləşdirin."
        ) % {
            "number": ordinal(number),
            "code": occupation.code,
            "title": occupation.title(),
            "place": place.name,
        }

    def _post_clean(self):
        # Django's ModelForm would test each check constraint with a query of its own
        # and the place and country against the database and all 250 countries again:
        # on every row of an upload. The fields above check the same limits (the
        # model's constants) and choices, and the database holds the constraints; the
        # rest of the model's validation runs as usual.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        try:
            self.instance.full_clean(
                exclude=self._get_validation_exclusions() | {"place", "citizenship"},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._update_errors(error)

    def line_data(self) -> dict:
        """Return the cleaned values keyed as ``ForecastLine`` fields."""
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["occupation"] = self.cleaned_data.get("profession")
        return data


class LinePageForm(LineForm):
    """The line form of the page, with the version it was shown at (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class JustificationForm(VisibleTextMixin, forms.ModelForm):
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


class DutiesForm(forms.Form):
    """The line of duties the coding assistant reads with the job title; not stored."""

    duties = forms.CharField(
        label=_("Əsas vəzifə öhdəlikləri (istəyə bağlı)"),
        max_length=MAX_DUTIES_LENGTH,
        required=False,
        help_text=_("Bir cümlə ilə: işçi nə edir. Kodu daha dəqiq təklif etməyə kömək edir."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class InvitationForm(forms.Form):
    """An owner invites a colleague: their address and the language of the e-mail."""

    email = forms.EmailField(label=_("Həmkarınızın e-poçtu"), widget=email_widget())
    language = forms.ChoiceField(label=_("Məktubun dili"), choices=settings.LANGUAGES)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class TransferOwnershipForm(VisibleTextMixin, forms.Form):
    """DMX staff give an employer's account to another person, with the reason."""

    user = forms.ModelChoiceField(label=_("Yeni sahib"), queryset=None)
    reason = forms.CharField(
        label=_("Səbəb"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("İşəgötürənə e-poçtla göndəriləcək və tarixçədə saxlanılacaq."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: user.email

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()
