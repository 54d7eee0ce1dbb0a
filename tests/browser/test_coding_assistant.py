"""The coding assistant in the line form, in a real Chromium on a 375 px phone.

The employer types their own job title and a line of duties, sees the suggested
codes with their certainty and the definition sentence that matched, picks one, and
saves: the line has the code and keeps the employer's title.
"""

import pytest

from classification.services import import_classification
from classification.suggest import warm_up
from forecasts.models import ForecastLine
from tests import personas
from tests.forecasts import factories

from .a11y import axe_problems, overflow, sign_in, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUTIES = "Buldozerlə tikinti meydançasında torpağı qazır, düzləyir və yığır"


def test_buldozer_surucusu_with_duties_is_coded_8342_picked_and_saved(phone_page, live_server):
    assert import_classification().ok
    warm_up()  # the live server runs in this process: build its index before the page asks
    places = factories.make_places()
    factories.make_campaign(2028)
    owner = personas.make_owner()  # a construction company (activity F)
    forecast = factories.make_forecast(owner, 2028)
    sign_in(phone_page.context, live_server, owner.user)
    page = phone_page

    page.goto(f"/forecasts/{forecast.pk}/lines/add/")
    page.fill("#id_job_title", "buldozer sürücüsü")
    page.fill("#id_duties", DUTIES)

    first = page.locator("#assistant-suggestions .assistant-item").first
    first.wait_for(timeout=30_000)
    assert first.get_attribute("data-code") == "8342"
    certainty = first.locator(".assistant-certainty").inner_text()
    assert certainty.startswith("Əminlik: ") and certainty.endswith("%")
    assert int(certainty.removeprefix("Əminlik: ").removesuffix("%")) >= 70
    assert first.locator(".assistant-definition").inner_text()
    assert not overflow(page), "the suggestions are wider than the phone"
    assert axe_problems(page) == []

    first.locator(".assistant-pick").click()
    assert page.locator("#id_profession").input_value() == "8342"
    assert "8342" in page.locator(".picker-chosen").inner_text()
    assert page.locator("#id_job_title").input_value() == "buldozer sürücüsü"

    page.fill("#id_workers", "3")
    page.select_option("#id_place", str(places["Bakı"].pk))
    page.get_by_role("button", name="Yadda saxla", exact=True).click()
    page.wait_for_selector("#forecast-lines")
    row = page.locator("#forecast-lines tbody tr").first
    assert row.get_attribute("data-line-code") == "8342"
    assert "8342" in row.inner_text()
    line = ForecastLine.objects.get(forecast=forecast)
    assert (line.occupation_id, line.job_title, line.workers) == ("8342", "buldozer sürücüsü", 3)


def test_suggestions_and_choices_fit_a_phone_and_pass_axe_in_az_en_ru(phone_page, live_server):
    assert import_classification().ok
    warm_up()
    factories.make_places()
    factories.make_campaign(2028)
    owner = personas.make_owner()
    forecast = factories.make_forecast(owner, 2028)
    sign_in(phone_page.context, live_server, owner.user)
    page = phone_page

    problems = []
    for language in ("az", "en", "ru"):
        page.goto(url_in(language, "forecasts:line-add", forecast.pk))
        for title, duties in (("buldozer sürücüsü", DUTIES), ("mühəndis", "")):
            page.fill("#id_duties", duties)
            page.fill("#id_job_title", title)
            page.locator("#assistant-suggestions .assistant-pick >> nth=0").wait_for(timeout=30_000)
            if not duties:  # a generic title: the choices that decide it are offered
                page.locator("#assistant-suggestions .assistant-choices").wait_for()
            where = f"{language}, {title!r}"
            if overflow(page):
                problems.append(f"{where}: {overflow(page)} px wider than the phone")
            problems += [f"{where}: {problem}" for problem in axe_problems(page)]
    assert not problems, "\n".join(problems)
