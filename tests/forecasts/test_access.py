"""Every forecast URL walked as anonymous, owner, another employer and staff.

The table is checked against the URL configuration, so a new URL without an entry
here fails the suite.
"""

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

# name: (method, needs forecast pk, needs line pk, owner's expected status)
MATRIX = {
    "dashboard": ("get", False, False, 200),
    "register": ("get", False, False, 302),  # a logged-in employer goes to the dashboard
    "profile": ("get", False, False, 200),
    "start": ("post", False, False, 302),
    "template-xlsx": ("get", False, False, 200),
    "use-code": ("get", False, False, 302),
    "forecast-detail": ("get", True, False, 200),
    "line-add": ("get", True, False, 200),
    "line-edit": ("get", True, True, 200),
    "line-delete": ("post", True, True, 302),
    "copy-last-year": ("post", True, False, 302),
    "forecast-check": ("get", True, False, 200),
    "forecast-print": ("get", True, False, 200),
    "forecast-xlsx": ("get", True, False, 200),
    "forecast-upload": ("get", True, False, 200),
}
PUBLIC = {"register"}


def _url(name, forecast, line):
    method, needs_pk, needs_line, _ = MATRIX[name]
    if name == "use-code":
        return reverse("forecasts:use-code", args=["7212"])
    args = []
    if needs_pk:
        args.append(forecast.pk)
    if needs_line:
        args.append(line.pk)
    return reverse(f"forecasts:{name}", args=args)


def test_every_forecast_url_has_an_entry_in_the_matrix():
    names = {
        name
        for name in get_resolver().namespace_dict["forecasts"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(MATRIX), "add new forecast URLs to MATRIX with their expected statuses"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_log_in(client, draft, name):
    if name in PUBLIC:
        pytest.skip("public page")
    method = MATRIX[name][0]
    response = getattr(client, method)(_url(name, draft, draft.lines.first()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_owner_reaches_every_page(owner_client, draft, name):
    method, *_rest, expected = MATRIX[name]
    response = getattr(owner_client, method)(_url(name, draft, draft.lines.first()))
    assert response.status_code == expected


@pytest.mark.parametrize("name", sorted(n for n, v in MATRIX.items() if v[1]))
def test_another_employer_gets_404_for_someone_elses_forecast(client, draft, other, name):
    client.force_login(other.user)
    method = MATRIX[name][0]
    response = getattr(client, method)(_url(name, draft, draft.lines.first()))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.lines.count() == 2


@pytest.mark.parametrize("name", sorted(n for n, v in MATRIX.items() if v[1]))
def test_staff_without_an_employer_gets_404_on_employer_pages(client, draft, staff_user, name):
    client.force_login(staff_user)
    method = MATRIX[name][0]
    response = getattr(client, method)(_url(name, draft, draft.lines.first()))
    assert response.status_code == 404
