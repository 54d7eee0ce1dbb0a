"""The portal's icon on every page, the admin's included, and at /favicon.ico."""

from django.templatetags.static import static

ICON = static("img/favicon.svg")


def test_a_signed_in_browser_asking_for_favicon_ico_gets_the_icon_and_keeps_its_cookies(
    owner_client,
):
    owner_client.cookies["csrftoken"] = "a" * 32  # the cookie of a page opened earlier
    response = owner_client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, ICON)
    assert "csrftoken" not in response.cookies  # a 404 page here set it again


def test_admin_pages_name_the_portal_icon(reviewer_client):
    response = reviewer_client.get("/admin/")
    assert response.status_code == 200
    assert f'<link rel="icon" href="{ICON}" type="image/svg+xml">' in response.text
