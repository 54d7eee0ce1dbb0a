"""The admin's "History" of a forecast, an employer or a line is the project's audit page:
the portal's language, Baku time, statuses by their labels, values never cut short."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from forecasts.review import review_forecast
from forecasts.services import save_line

pytestmark = pytest.mark.django_db

LONG = "Yerli bazarda bu ixtisas üzrə təcrübəli qaynaqçı tapılmır. " * 8  # ~480 characters


def _url(name, pk, language="az") -> str:
    """Return the admin page in ``language``: Azerbaijani unprefixed, /en/ and /ru/."""
    with translation.override(language):
        return reverse(name, args=[pk])


@pytest.fixture
def reviewed(draft, owner, reviewer):
    draft.save_draft(justification=LONG, expected_version=None)
    # 09:30 UTC is 13:30 in Baku.
    today = datetime.date.today()
    at = datetime.datetime(*today.timetuple()[:3], 9, 30, 15, 123456, tzinfo=datetime.UTC)
    with time_machine.travel(at):
        draft.submit(by=owner.user)
        review_forecast(forecast=draft, action="return", by=reviewer, comment="Sayı əsaslandırın.")
    return draft


@pytest.mark.parametrize(
    ("language", "heading", "statuses"),
    [
        ("az", "dəyişikliklər", "Göndərilib → Düzəliş üçün qaytarılıb"),
        ("en", "changes", "Submitted → Returned for correction"),
        ("ru", "изменения", "Отправлен → Возвращён на доработку"),
    ],
)
def test_the_forecast_history_speaks_the_portals_language_in_baku_time(
    reviewer_client, reviewed, language, heading, statuses
):
    html = reviewer_client.get(
        _url("admin:forecasts_forecast_history", reviewed.pk, language)
    ).content.decode()

    assert 'id="audit-trail"' in html and f"<th>{heading}</th>" in html
    assert statuses in html
    assert "13:30" in html and "09:30" not in html and "123456" not in html
    assert LONG.strip() in html  # whole, not "[106 chars]"
    table = html.split('id="audit-trail"')[1].split("</table>")[0]
    assert "chars]" not in table and "…" not in table


def test_the_employer_history_shows_whole_values_and_labels(reviewer_client, owner, superuser):
    owner.legal_address = "Bakı şəhəri, " + "Nizami küçəsi, " * 20
    owner.kind = "individual"
    owner._history_user = superuser
    owner.save()
    url = _url("admin:forecasts_employer_history", owner.pk, "en")
    html = reviewer_client.get(url).content.decode()
    assert owner.legal_address.strip() in html
    assert "Legal entity → Individual entrepreneur" in html
    assert "Change log: " in html


def test_a_line_history_lists_its_changes(reviewer_client, draft, occupations):
    line = draft.lines.get(occupation_id="7212")
    save_line(
        forecast=draft,
        line=line,
        data={"occupation": line.occupation, "workers": 15, "place": line.place},
        expected_version=None,
    )
    url = reverse("admin:forecasts_forecastline_history", args=[line.pk])
    html = reviewer_client.get(url).content.decode()
    assert "10 → 15" in html and "Sətir: 7212, Bakı" in html
