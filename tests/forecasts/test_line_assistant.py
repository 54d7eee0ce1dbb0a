"""The coding assistant on the line form, without JavaScript: ask, pick, save.

The employer types their own job title and a line of duties, presses "suggest" and
sees codes with their certainty; a suggestion's button fills the code; the title
stays on the saved line. Nothing is saved until they press "save".
"""

import pytest

from classification.suggest import Choice, SuggestResult
from forecasts import views

pytestmark = pytest.mark.django_db


def _url(draft) -> str:
    return f"/forecasts/{draft.pk}/lines/add/"


def _ask(owner_client, draft, **fields):
    data = {"job_title": "qaynaqçı", "workers": "4", "version": draft.version}
    data.update(fields)
    return owner_client.post(_url(draft), data)


def test_the_line_form_asks_for_the_job_title_and_duties_beside_the_code(owner_client, draft):
    html = owner_client.get(_url(draft)).content.decode()

    assert 'name="job_title"' in html
    assert 'name="duties"' in html
    assert 'name="action" value="suggest"' in html
    assert 'data-api="/api/classification/suggest"' in html
    assert 'data-activity="F"' in html  # the employer's registered activity


def test_suggest_lists_codes_with_their_certainty_and_saves_nothing(owner_client, draft):
    before = draft.lines.count()

    response = _ask(owner_client, draft, action="suggest", duties="metal hissələri qaynaq edir")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="pick" value="7212"' in html
    assert "Əminlik:" in html
    assert 'value="qaynaqçı"' in html and 'value="metal hissələri qaynaq edir"' in html
    assert 'value="4"' in html  # what was typed is kept
    assert draft.lines.count() == before


def test_picking_a_suggestion_fills_the_code_and_saving_keeps_the_title(
    owner_client, draft, places
):
    picked = _ask(owner_client, draft, pick="7212")

    html = picked.content.decode()
    assert 'name="profession" value="7212"' in html
    assert 'aria-pressed="true"' in html
    assert draft.lines.count() == 2

    saved = _ask(
        owner_client,
        draft,
        profession="7212",
        place=places["Şuşa"].pk,
        action="save",
        duties="metal hissələri qaynaq edir",
    )
    assert saved.status_code == 302
    line = draft.lines.get(place=places["Şuşa"])
    assert (line.occupation_id, line.job_title, line.workers) == ("7212", "qaynaqçı", 4)


def test_the_employers_activity_and_the_duties_go_with_the_title(owner_client, draft, monkeypatch):
    asked, real_suggest = {}, views.suggest

    def fake_suggest(title, **kwargs):
        asked.update(kwargs, title=title)
        return real_suggest("qaynaqçı", language="az")

    monkeypatch.setattr(views, "suggest", fake_suggest)
    _ask(owner_client, draft, action="suggest", job_title="Baş qaynaqçı", duties="boru qaynağı")

    assert asked["title"] == "Baş qaynaqçı"
    assert asked["duties"] == "boru qaynağı"
    assert asked["activity"] == draft.employer.activity == "F"


def test_suggest_without_a_title_asks_for_one(owner_client, draft):
    html = _ask(owner_client, draft, action="suggest", job_title="").content.decode()

    assert "Əvvəlcə vəzifənin adını yazın." in html
    assert 'name="pick"' not in html


def test_a_generic_title_says_so_and_offers_the_choices(owner_client, draft, monkeypatch):
    generic = SuggestResult(
        ambiguous=True,
        reason="generic",
        choices=[Choice("2142", "İnşaat mühəndisləri", "inşaat mühəndisi")],
    )
    monkeypatch.setattr(views, "suggest", lambda title, **kwargs: generic)

    html = _ask(owner_client, draft, action="suggest", job_title="mühəndis").content.decode()

    assert "Bu vəzifə adı ümumidir" in html
    assert 'name="pick" value="2142"' in html
    assert "inşaat mühəndisi" in html


def test_editing_a_line_shows_its_job_title_in_the_assistant(owner_client, draft):
    line = draft.lines.first()
    line.job_title = "Elektrik qaynaqçısı"
    line.save()

    html = owner_client.get(f"/forecasts/{draft.pk}/lines/{line.pk}/").content.decode()

    assert 'value="Elektrik qaynaqçısı"' in html
    assert html.index('name="job_title"') < html.index('name="workers"')
