"""The reviewer's queue: the forecast list's default view, its columns, filters, assignment."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from forecasts.models import Campaign, Status
from forecasts.review import review_forecast
from forecasts.services import submit_forecast
from tests.forecasts.factories import make_employer, make_forecast, owner_of

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:forecasts_forecast_changelist"
ASSIGN = "admin:forecasts_forecast_assign"


@pytest.fixture
def queue(occupations, places, campaign, superuser):
    """Three forecasts waiting in the 2028 campaign (submitted on different days), a
    resubmission, a draft, a decided one and one of another year."""
    now = timezone.now()
    made = {}
    for days_ago, name, place in [
        (3, "oldest", places["Şuşa"]),
        (2, "middle", places["Bakı"]),
        (1, "newest", places["Yevlax"]),
    ]:
        employer = make_employer(f"{name}@example.az", activity="F" if name != "middle" else "I")
        forecast = make_forecast(employer, 2028, lines=[(occupations["7212"], 5, place)])
        forecast.submit(by=employer.user, now=now - datetime.timedelta(days=days_ago))
        made[name] = forecast
    made["draft"] = make_forecast(
        make_employer("draft@example.az"), 2028, lines=[(occupations["5120"], 1, places["Bakı"])]
    )
    decided = make_forecast(
        make_employer("decided@example.az"), 2028, lines=[(occupations["5120"], 1, places["Bakı"])]
    )
    decided.submit(by=decided.employer.user)
    review_forecast(forecast=decided, action="accept", by=superuser)
    made["decided"] = decided
    Campaign.objects.create(
        year=2027, opens_on=datetime.date(2025, 8, 2), deadline=datetime.date(2026, 8, 1)
    )
    old = make_forecast(
        make_employer("old@example.az"),
        2027,
        lines=[(occupations["5120"], 1, places["Bakı"])],
        reopened_until=timezone.localdate(),
    )
    old.submit(by=old.employer.user)
    made["old"] = old
    return made


def _rows(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response, list(response.context["cl"].result_list)


def test_the_default_view_is_the_campaigns_waiting_forecasts_oldest_first(reviewer_client, queue):
    response, rows = _rows(reviewer_client)
    assert rows == [queue["oldest"], queue["middle"], queue["newest"]]
    html = response.content.decode()
    assert "Baxış gözləyənlər (cari kampaniya)" in html

    _response, everything = _rows(reviewer_client, queue="all")
    assert len(everything) == 6


def test_the_queue_shows_reference_submission_number_and_the_resubmission_marker(
    reviewer_client, queue, reviewer
):
    middle = queue["middle"]
    review_forecast(forecast=middle, action="return", by=reviewer, comment="Düzəldin.")
    middle.refresh_from_db()
    submit_forecast(forecast=middle, by=owner_of(middle.employer))

    response, rows = _rows(reviewer_client)
    html = response.content.decode()
    by_pk = {row.pk: row for row in rows}
    assert by_pk[middle.pk].current_submission.number == 2
    assert by_pk[queue["oldest"].pk].current_submission.number == 1
    assert middle.reference in html and queue["oldest"].reference in html
    cells = html.split('class="field-resubmitted"')
    assert len(cells) == 4  # three rows
    marked = [cell.split("</td>")[0] for cell in cells[1:]]
    assert sum("icon-yes" in cell for cell in marked) == 1
    assert "№2" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"liberated": "1"}, {"oldest"}),
        ({"liberated": "0"}, {"middle", "newest"}),
        ({"employer__activity__exact": "I"}, {"middle"}),
        ({"region": "Mərkəzi Aran"}, {"newest"}),
    ],
)
def test_the_queue_filters(reviewer_client, queue, params, expected):
    if "region" in params:
        from classification.models import EconomicRegion

        params = {"region": str(EconomicRegion.objects.get(name=params["region"]).pk)}
    _response, rows = _rows(reviewer_client, **params)
    assert {row.pk for row in rows} == {queue[name].pk for name in expected}


def test_the_date_range_filter_keeps_whole_days(reviewer_client, queue):
    middle_day = timezone.localdate(queue["middle"].submitted_at)
    response, rows = _rows(
        reviewer_client, submitted_from=str(middle_day), submitted_to=str(middle_day)
    )
    assert rows == [queue["middle"]]
    html = response.content.decode()
    assert f'name="submitted_from" value="{middle_day}"' in html
    _response, rows = _rows(reviewer_client, submitted_from=str(middle_day))
    assert rows == [queue["middle"], queue["newest"]]
    _response, rows = _rows(reviewer_client, submitted_to="not-a-date")
    assert len(rows) == 3


def test_assign_to_me_from_the_row_then_my_queue(reviewer_client, reviewer, queue):
    response, _rows_ = _rows(reviewer_client)
    html = response.content.decode()
    assert html.count('class="button assign-to-me"') == 3

    done = reviewer_client.post(
        reverse(ASSIGN) + "?to=me", {"forecast": queue["newest"].pk, "changelist": "liberated=0"}
    )

    assert done.status_code == 302 and done["Location"].endswith("?liberated=0")
    queue["newest"].refresh_from_db()
    assert queue["newest"].assigned_to == reviewer
    record = queue["newest"].history.latest()
    assert (record.history_user, record.history_change_reason) == (
        reviewer,
        "Yoxlayan təyin edildi",
    )
    _response, mine = _rows(reviewer_client, queue="mine")
    assert mine == [queue["newest"]]
    response, _rows_ = _rows(reviewer_client)
    assert reviewer.email in response.content.decode()


def test_bulk_assignment_confirms_then_assigns_to_the_chosen_reviewer(
    reviewer_client, reviewer, superuser, queue, owner
):
    selected = [queue["oldest"].pk, queue["middle"].pk]
    page = reviewer_client.post(
        reverse(CHANGELIST), {"action": "assign_selected", "_selected_action": selected}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "2 proqnoz dəyişəcək." in html
    assert f'<option value="{superuser.pk}">{superuser.email}</option>' in html
    assert owner.user.email not in html  # employers are never offered

    reviewer_client.post(
        reverse(ASSIGN), {"forecasts": page.context["selected"], "reviewer": superuser.pk}
    )
    for name in ("oldest", "middle"):
        queue[name].refresh_from_db()
        assert queue[name].assigned_to == superuser

    refused = reviewer_client.post(
        reverse(ASSIGN), {"forecasts": str(queue["oldest"].pk), "reviewer": owner.user.pk}
    )
    assert refused.status_code == 200  # not a choice: the page again, nothing changed
    queue["oldest"].refresh_from_db()
    assert queue["oldest"].assigned_to == superuser


def test_assign_to_me_from_the_change_page(reviewer_client, reviewer, queue):
    change = reverse("admin:forecasts_forecast_change", args=[queue["oldest"].pk])
    assert 'class="assign-to-me"' in reviewer_client.get(change).content.decode()
    response = reviewer_client.post(
        reverse(ASSIGN) + "?to=me", {"forecasts": str(queue["oldest"].pk)}
    )
    assert "1 proqnoz təyin edildi" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    queue["oldest"].refresh_from_db()
    assert queue["oldest"].assigned_to == reviewer
    assert 'class="assign-to-me"' not in reviewer_client.get(change).content.decode()


def test_plain_staff_and_employers_cannot_assign(staff_client, owner_client, queue):
    data = {"forecasts": str(queue["oldest"].pk)}
    assert staff_client.post(reverse(ASSIGN) + "?to=me", data).status_code == 403
    assert owner_client.post(reverse(ASSIGN) + "?to=me", data).status_code == 302  # to login
    queue["oldest"].refresh_from_db()
    assert queue["oldest"].assigned_to is None


def test_the_queue_query_count_does_not_grow_with_the_rows(
    reviewer_client, queue, occupations, places, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        _rows(reviewer_client)
    for n in range(30):
        employer = make_employer(f"more{n}@example.az")
        forecast = make_forecast(employer, 2028, lines=[(occupations["7112"], 2, places["Bakı"])])
        forecast.submit(by=employer.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _response, rows = _rows(reviewer_client)
    assert len(rows) == 33
    assert rows[0].status == Status.SUBMITTED


def test_the_current_review_describes_the_current_submission_and_earlier_rounds_are_history(
    reviewer_client, reviewer, queue
):
    forecast = queue["middle"]
    review_forecast(forecast=forecast, action="return", by=reviewer, comment="Köhnə şərh: sayı.")
    forecast.refresh_from_db()
    change = reverse("admin:forecasts_forecast_change", args=[forecast.pk])

    html = reviewer_client.get(change).content.decode()
    block = html.split('id="current-review"')[1].split("</div>")[0]
    assert "Göndəriş №1" in block and "Düzəliş üçün qaytarılıb" in block
    assert "Köhnə şərh: sayı." in block and "Düzəliş üçün son tarix" in block

    submit_forecast(forecast=forecast, by=owner_of(forecast.employer))
    html = reviewer_client.get(change).content.decode()
    block = html.split('id="current-review"')[1].split("</div>")[0]
    assert "Göndəriş №2" in block and "Baxış gözləyir" in block
    assert "qaytarıldıqdan sonra yenidən göndərilib" in block
    assert "Köhnə şərh" not in block
    history = html.split('id="submissions"')[1].split("</table>")[0]
    assert "Köhnə şərh: sayı." in history and "Düzəliş üçün qaytarılıb" in history
