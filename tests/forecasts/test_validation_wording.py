"""Django's validators speak the portal's Azerbaijani on the employer's forms."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_line_form_refuses_a_zero_count_in_plain_azerbaijani(owner_client, draft):
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {"profession": "7112", "workers": "0", "version": draft.version},
    )
    html = response.content.decode()
    assert "Dəyər 1 və ya daha çox olmalıdır." in html
    assert "(y)a/ə" not in html


def test_a_vöen_already_registered_is_said_so(owner_client, owner, other):
    from forecasts.forms import EmployerProfileForm

    initial = EmployerProfileForm(instance=owner).initial
    data = {key: value for key, value in initial.items() if value is not None}
    data["voen"] = other.voen
    response = owner_client.post("/forecasts/profile/", data)
    assert "Bu VÖEN artıq qeydiyyatdadır." in response.content.decode()
