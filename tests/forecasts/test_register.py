"""The line register: every submitted line of the forecasts in the list, as submitted,
with the list's filters applied, streamed as XLSX or CSV."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from classification.countries import country_name
from classification.models import EconomicActivity
from forecasts.models import EducationLevel, Status
from tests.forecasts.factories import make_employer, make_forecast

pytestmark = pytest.mark.django_db


def _url(kind: str, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("admin:forecasts_forecast_register", args=[kind]) + (
        f"?{query}" if query else ""
    )


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    assert response.streaming
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with it
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def submitted(owner, occupations, places, campaign):
    """The owner's 2028 forecast, submitted, with one line filled in full."""
    forecast = make_forecast(
        owner,
        2028,
        lines=[(occupations["7212"], 10, places["Bakı"]), (occupations["5120"], 2, places["Şuşa"])],
    )
    forecast.lines.filter(occupation=occupations["7212"]).update(
        citizenship="TR",
        education=EducationLevel.choices[0][0],
        monthly_wage=Decimal("1500.50"),
        period_months=6,
    )
    forecast.submit(by=owner.user)
    return forecast


def test_each_submitted_line_is_a_row_as_it_was_submitted(submitted, owner, reviewer_client):
    # After submitting, the employer renames the company and edits the live lines.
    legal_name = owner.legal_name
    owner.legal_name = "Yeni ad MMC"
    owner.save()
    submission = submitted.current_submission

    rows = _xlsx(reviewer_client.get(_url("xlsx", queue="all")))

    headings, *body = rows
    assert headings[:3] == ("İstinad nömrəsi", "İşəgötürən", "VÖEN")
    assert len(headings) == 17
    welder, cook = body
    when = timezone.localtime(submission.submitted_at).replace(tzinfo=None, microsecond=0)
    assert welder[:-1] == (
        submitted.reference,
        legal_name,
        owner.voen,
        str(dict(EconomicActivity.choices)["F"]),
        "7212",
        "Qaynaqçılar və qaz kəsənlər",
        "Bakı",
        1,
        "Bakı",
        "xeyr",
        10,
        country_name("TR", "az"),
        str(EducationLevel.choices[0][1]),
        1500.5,
        6,
        "Göndərilib",
    )
    assert abs(welder[-1] - when) < datetime.timedelta(seconds=1)
    assert cook[4:11] == ("5120", "Aşpazlar", "Şuşa", 6, "Qarabağ", "bəli", 2)
    assert cook[11:15] == (None, None, None, None)


def test_the_list_filters_choose_the_forecasts(
    submitted, other, occupations, places, reviewer_client
):
    make_forecast(
        other, 2027, lines=[(occupations["7112"], 3, places["Yevlax"])], status=Status.ACCEPTED
    )
    make_forecast(make_employer("drafter@example.az"), 2028, lines=[(occupations["7112"], 9, None)])

    def references(**params) -> list[str]:
        return [row[0] for row in _xlsx(reviewer_client.get(_url("xlsx", **params)))[1:]]

    ours, theirs = submitted.reference, other.forecasts.get().reference
    # The list opens on the queue: submitted forecasts of the current campaign.
    assert references() == [ours, ours]
    assert references(queue="all") == [ours, ours, theirs]
    assert references(queue="all", year=2027) == [theirs]
    assert references(queue="all", status__exact="accepted") == [theirs]
    assert references(queue="all", q=other.voen) == [theirs]


def test_the_csv_has_the_same_rows_in_the_officers_language(submitted, reviewer_client):
    rows = _csv(reviewer_client.get(_url("csv", queue="all")))
    xlsx = _xlsx(reviewer_client.get(_url("xlsx", queue="all")))

    assert len(rows) == len(xlsx) == 3
    assert rows[0] == list(xlsx[0])
    assert rows[1][:11] == [str(value) for value in xlsx[1][:11]]
    assert rows[1][13] == "1500.50"
    assert rows[2][11:15] == ["", "", "", ""]
    with translation.override("en"):
        english = _csv(reviewer_client.get(_url("csv", queue="all")))
    assert english[0][0] != rows[0][0]
    assert english[2][5] == "Cooks" and english[2][9] == "yes"


def test_the_register_reads_a_fixed_number_of_queries(
    submitted, occupations, places, reviewer_client, django_assert_max_num_queries
):
    def download() -> int:
        return len(b"".join(reviewer_client.get(_url("csv", queue="all")).streaming_content))

    with django_assert_max_num_queries(30) as few:
        download()
    for n in range(20):
        make_forecast(
            make_employer(f"many{n}@example.az"),
            2028,
            lines=[(occupations["7112"], 1 + n, places["Yevlax"])],
            status=Status.SUBMITTED,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        download()


def test_only_staff_who_may_view_forecasts_download_it(
    submitted, owner_client, staff_client, client
):
    for kind in ("xlsx", "csv"):
        for visitor in (client, owner_client):
            response = visitor.get(_url(kind))
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert staff_client.get(_url(kind)).status_code == 403


def test_the_changelist_links_the_register_with_its_filters(submitted, reviewer_client):
    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_changelist"), {"queue": "all", "year": 2028}
    ).content.decode()

    for kind in ("xlsx", "csv"):
        assert (
            f"{reverse('admin:forecasts_forecast_register', args=[kind])}?queue=all&amp;year=2028"
            in html
        )
