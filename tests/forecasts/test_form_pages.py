import pytest

from forecasts.models import Forecast, Status

pytestmark = pytest.mark.django_db


def test_dashboard_shows_campaign_days_left_and_forecasts(owner_client, draft, campaign):
    html = owner_client.get("/forecasts/").content.decode()
    assert "2028" in html
    assert f'data-days-left="{campaign.days_left()}"' in html
    assert "Qaralama" in html


def test_start_creates_a_draft_for_the_current_campaign(owner_client, owner, campaign):
    response = owner_client.post("/forecasts/start/")
    forecast = Forecast.objects.get(employer=owner)
    assert response.status_code == 302 and forecast.year == 2028


def test_start_from_last_year_copies_the_lines(owner_client, owner, occupations, places, campaign):
    from . import factories

    factories.make_forecast(
        owner, 2027, lines=[(occupations["7212"], 5, places["Bakı"])], status=Status.ACCEPTED
    )
    owner_client.post("/forecasts/start/", {"copy": "1"})
    forecast = Forecast.objects.get(employer=owner, year=2028)
    assert [(line.occupation_id, line.workers) for line in forecast.lines.all()] == [("7212", 5)]


def test_line_is_added_by_typed_code_without_javascript(owner_client, draft, places):
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {
            "profession": " 2512 ",
            "workers": "4",
            "place": places["Bakı"].pk,
            "version": draft.version,
        },
    )
    assert response.status_code == 302
    assert draft.lines.filter(occupation_id="2512", workers=4).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9999", "təsnifatda yoxdur"),
        ("72", "4 rəqəmli ibtidai qrupu"),
        ("qaynaqçı", "4 rəqəmli kodunu"),
    ],
)
def test_bad_code_is_explained_next_to_the_field_and_nothing_is_saved(
    owner_client, draft, code, message
):
    before = draft.lines.count()
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {"profession": code, "workers": "4", "version": draft.version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="4"' in html  # what was typed is kept
    assert draft.lines.count() == before


def test_workers_out_of_range_is_refused(owner_client, draft):
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {"profession": "2512", "workers": "10001", "version": draft.version},
    )
    assert response.status_code == 200
    assert draft.lines.count() == 2


def test_stale_tab_gets_a_clear_message(owner_client, draft, places):
    stale = draft.version
    owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {"profession": "2512", "workers": "1", "version": stale},
    )
    response = owner_client.post(
        f"/forecasts/{draft.pk}/lines/add/",
        {"profession": "7112", "workers": "1", "version": stale},
        follow=True,
    )
    assert "başqa pəncərədə" in response.content.decode()
    assert not draft.lines.filter(occupation_id="7112").exists()


def test_check_answers_lists_errors_and_hides_the_submit_button(owner_client, owner, campaign):
    from . import factories

    empty = factories.make_forecast(owner, 2028)
    html = owner_client.get(f"/forecasts/{empty.pk}/check/").content.decode()
    assert "Ən azı bir peşə" in html
    assert "Təsdiq et və göndər" not in html


def test_submit_through_check_answers(owner_client, draft):
    page = owner_client.get(f"/forecasts/{draft.pk}/check/").content.decode()
    assert "Təsdiq et və göndər" in page
    response = owner_client.post(f"/forecasts/{draft.pk}/check/", {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    detail = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert "Peşə əlavə et" not in detail  # read-only now


def test_returned_forecast_shows_the_reviewer_comment(owner_client, draft, owner, staff_user):
    draft.submit(by=owner.user)
    draft.return_for_correction(by=staff_user, comment="Bakı üzrə sayları dəqiqləşdirin.")
    html = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert 'id="reviewer-comment"' in html and "Bakı üzrə sayları dəqiqləşdirin." in html
    assert "Peşə əlavə et" in html  # editable again


def test_line_delete_removes_it(owner_client, draft):
    line = draft.lines.first()
    owner_client.post(f"/forecasts/{draft.pk}/lines/{line.pk}/delete/", {"version": draft.version})
    assert not draft.lines.filter(pk=line.pk).exists()


def test_use_code_asks_first_and_a_get_changes_nothing(owner_client, owner, occupations, campaign):
    response = owner_client.get("/forecasts/use/7212/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html
    assert "Qaynaqçılar" in html
    assert not Forecast.objects.filter(employer=owner).exists()


def test_use_code_opens_a_line_with_the_code_filled_in(owner_client, owner, occupations, campaign):
    response = owner_client.post("/forecasts/use/7212/", follow=True)
    assert 'value="7212"' in response.content.decode()
    assert Forecast.objects.filter(employer=owner, year=2028).exists()


def test_editing_a_line_shows_its_place_and_citizenship_chosen(owner_client, draft, places):
    line = draft.lines.get(place=places["Yevlax"])
    line.citizenship = "TR"
    line.save()
    html = owner_client.get(f"/forecasts/{draft.pk}/lines/{line.pk}/").content.decode()
    assert f'<option value="{places["Yevlax"].pk}" selected>Yevlax</option>' in html
    assert '<optgroup label="Mərkəzi Aran">' in html
    assert '<option value="TR" selected>' in html
    assert html.count(" selected>") == 3  # place, citizenship and the blank education


def test_country_names_follow_the_visitors_language(owner_client, draft):
    url = f"/forecasts/{draft.pk}/lines/add/"
    russian = owner_client.get(f"/ru{url}").content.decode()
    english = owner_client.get(f"/en{url}").content.decode()
    assert '<option value="DE">Германия</option>' in russian
    assert '<option value="DE">Germany</option>' in english


def _options(html: str, name: str) -> list[tuple[str, str]]:
    """Return the (value, label) options of the select ``name`` on a page, in order."""
    import re

    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.mark.parametrize(
    ("prefix", "language", "before", "after"),
    [
        ("", "az", "Çin", "Danimarka"),  # Ç after C, before D: not after Z
        ("/ru", "ru", "Австрия", "Германия"),
        ("/en", "en", "Austria", "Germany"),
    ],
)
def test_countries_are_in_the_alphabetical_order_of_the_visitors_language(
    owner_client, draft, prefix, language, before, after
):
    import html as html_module

    from classification.text import sort_key

    html = owner_client.get(f"{prefix}/forecasts/{draft.pk}/lines/add/").content.decode()
    options = _options(html, "citizenship")

    assert options[1][0] == "XX"  # the stateless first, as settings.COUNTRIES_FIRST says
    labels = [html_module.unescape(label) for _value, label in options[2:]]
    assert labels == sorted(labels, key=lambda label: sort_key(label, language))
    assert labels.index(before) < labels.index(after)


def test_places_within_a_region_are_in_azerbaijani_alphabetical_order(owner_client, draft):
    from classification.models import EconomicRegion, Place

    region = EconomicRegion.objects.create(number=5, name="Gəncə-Daşkəsən")
    for name in ["Şəki", "Göygöl", "İmişli", "Zaqatala", "Gəncə", "Goranboy", "Ağdaş", "Samux"]:
        Place.objects.create(region=region, name=name)

    html = owner_client.get(f"/forecasts/{draft.pk}/lines/add/").content.decode()
    group = html.split('<optgroup label="Gəncə-Daşkəsən">')[1].split("</optgroup>")[0]

    names = [name for _pk, name in _options(f'<select name="g">{group}</select>', "g")]
    assert names == ["Ağdaş", "Gəncə", "Goranboy", "Göygöl", "İmişli", "Samux", "Şəki", "Zaqatala"]
    regions = html.split('name="place"')[1].split("</select>")[0]
    assert regions.index("Bakı") < regions.index("Gəncə-Daşkəsən") < regions.index("Mərkəzi Aran")


def test_the_line_page_costs_the_same_queries_with_more_places_and_lines(
    owner_client, draft, occupations, places
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from classification.models import Place
    from forecasts.models import ForecastLine

    url = f"/forecasts/{draft.pk}/lines/add/"
    post = {"profession": "2512", "workers": "3", "place": places["Şuşa"].pk}
    owner_client.get(url)  # what a first request of a session reads once
    with CaptureQueriesContext(connection) as small:
        owner_client.get(url)
        owner_client.post(url, {**post, "workers": "abc", "version": draft.version})
    region = places["Bakı"].region
    extra = Place.objects.bulk_create(Place(region=region, name=f"Yer {n}") for n in range(60))
    ForecastLine.objects.bulk_create(
        ForecastLine(forecast=draft, position=10 + n, occupation=occupations["7112"], place=place)
        for n, place in enumerate(extra)
    )
    with CaptureQueriesContext(connection) as large:
        owner_client.get(url)
        owner_client.post(url, {**post, "workers": "abc", "version": draft.version})
    assert len(large) == len(small)
