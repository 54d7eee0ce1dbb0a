"""The help page: finding a code, filling and uploading, deadlines and DMX's contact."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.forecasts import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("az", "Peşənin kodunu necə tapmalı"), ("en", "How to find"), ("ru", "Как найти")],
)
def test_help_page_covers_codes_uploads_deadlines_and_contact(client, settings, language, heading):
    with translation.override(language):
        url = reverse("help")
    html = client.get(url).content.decode()
    assert heading in html
    for anchor in ("finding-a-code", "filling", "uploading", "deadlines", "contact"):
        assert f'id="{anchor}"' in html
    assert f'href="tel:{settings.DMX_CONTACT_PHONE}"' in html
    assert f'href="mailto:{settings.DMX_CONTACT_EMAIL}"' in html


def test_help_page_names_the_current_campaign_dates(client):
    factories.make_campaign(2028)
    html = client.get("/help/").content.decode()
    assert "2028-ci il üçün proqnozlar" in html
