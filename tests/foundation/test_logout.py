"""Logging out says so, in the visitor's language."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said"),
    [("az", "Siz hesabdan çıxdınız."), ("en", "You have signed out."), ("ru", "Вы вышли")],
)
def test_logging_out_shows_that_you_are_signed_out(owner_client, language, said):
    with translation.override(language):
        url = reverse("account_logout")
    response = owner_client.post(url, follow=True)
    assert said in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
