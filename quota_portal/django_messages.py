"""Django's own validation messages, listed so that the portal's catalogues word them.

Django's Azerbaijani catalogue writes, for example, "Bu qiymətin 1-(y)a/ə bərabər və ya
ondan böyük olduğunu yoxlayın." The portal's catalogues (LOCALE_PATHS) come before
Django's, so every msgid below, extracted from here by ``make messages``, is shown in
the portal's own Azerbaijani (and Russian) wording wherever Django raises it: in our
forms, in model validation and in the admin. The msgids must stay exactly Django's.
Nothing imports this module; it exists for the catalogues
(tests/foundation/test_validation_messages.py checks the wording is in use).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.forms.fields and django.core.validators
    gettext_noop("This field is required."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Null characters are not allowed."),
    # Ours names the field only ("Bu VÖEN artıq qeydiyyatdadır"), not the model:
    # xgettext:no-python-format
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
    # django.contrib.auth
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
]
