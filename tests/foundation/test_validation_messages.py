"""Django's validation messages in the portal's own words (quota_portal/django_messages.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from quota_portal.django_messages import MESSAGES

pytestmark = pytest.mark.django_db


def _msgid(message) -> str:
    return message if isinstance(message, str) else message._kw["singular"]


@pytest.mark.parametrize("message", MESSAGES, ids=_msgid)
@pytest.mark.parametrize("language", ["az", "ru"])
def test_every_listed_django_message_has_the_portal_wording(message, language):
    with translation.override(language):
        if isinstance(message, str):
            shown = gettext(message)
        else:
            shown = ngettext(message._kw["singular"], message._kw["plural"], 1)
    assert shown != _msgid(message), "untranslated"
    assert "(y)a/ə" not in shown and "əmin olun" not in shown and "yoxlayın" not in shown
