"""The DMX admin: the reviewer group, the forecast and employer lists, deletion rules."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from classification.models import EconomicRegion, Place
from forecasts.admin import LINES_SHOWN
from forecasts.models import Forecast, ForecastLine, Status
from tests.forecasts.factories import make_employer, make_forecast, make_member, owner_of

pytestmark = pytest.mark.django_db

FORECASTS = "admin:forecasts_forecast_changelist"
EMPLOYERS = "admin:forecasts_employer_changelist"


@pytest.fixture
def three(occupations, places):
    """Three forecasts that differ in every filtered attribute."""
    builder = make_employer("builder@example.az", kind="legal_entity", activity="F")
    cook = make_employer("cook@example.az", kind="individual", activity="I")
    coder = make_employer("coder@example.az", kind="foreign_branch", activity="J")
    return {
        "builder": make_forecast(
            builder,
            2028,
            lines=[
                (occupations["7212"], 10, places["Bakı"]),
                (occupations["7112"], 5, places["Bakı"]),
            ],
            status=Status.SUBMITTED,
        ),
        "cook": make_forecast(cook, 2028, lines=[(occupations["5120"], 2, places["Yevlax"])]),
        "coder": make_forecast(
            coder, 2027, lines=[(occupations["2512"], 3, places["Şuşa"])], status=Status.ACCEPTED
        ),
    }


def _shown(client, **params) -> set[str]:
    """Return the legal names listed on the forecast changelist (all forecasts) for ``params``."""
    response = client.get(reverse(FORECASTS), {"queue": "all", **params})
    assert response.status_code == 200
    return {f.employer.legal_name for f in response.context["cl"].result_list}


# --- the reviewer group -----------------------------------------------------------------


def test_the_reviewer_group_has_exactly_the_permissions_a_reviewer_needs():
    group = Group.objects.get(name="DMX reviewer")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {
        ("forecasts", "view_employer"),
        ("forecasts", "view_forecast"),
        ("forecasts", "review_forecast"),
        ("forecasts", "view_forecastline"),
        ("forecasts", "view_submission"),
        ("forecasts", "view_submittedline"),
        ("forecasts", "view_decision"),
        ("forecasts", "view_campaign"),
        ("classification", "view_economicregion"),
        ("forecasts", "view_historicalemployer"),
        ("forecasts", "view_historicalforecast"),
        ("forecasts", "view_historicalforecastline"),
        # Who works on an employer's account (forecasts/migrations/0014).
        ("forecasts", "view_membership"),
        ("forecasts", "view_historicalmembership"),
        ("forecasts", "view_invitation"),
        ("forecasts", "view_joinrequest"),
        ("classification", "view_occupation"),
        # The e-mails their decisions send, and a retry of those the mail server refused.
        ("outbox", "view_email"),
        ("outbox", "retry_email"),
    }
    assert not any(c.startswith(("add_", "change_", "delete_")) for _app, c in codenames)


def test_a_reviewer_reads_but_cannot_change_employers_forecasts_or_lines(reviewer_client, three):
    forecast = three["builder"]
    line = forecast.lines.first()
    employer = forecast.employer
    for name, pk in [
        ("forecasts_forecast_change", forecast.pk),
        ("forecasts_employer_change", employer.pk),
        ("forecasts_forecastline_change", line.pk),
    ]:
        page = reviewer_client.get(reverse(f"admin:{name}", args=[pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()

    reviewer_client.post(
        reverse("admin:forecasts_forecastline_change", args=[line.pk]), {"workers": 9999}
    )
    reviewer_client.post(
        reverse("admin:forecasts_employer_change", args=[employer.pk]), {"legal_name": "X"}
    )
    line.refresh_from_db()
    employer.refresh_from_db()
    assert line.workers == 10 and employer.legal_name != "X"
    assert reviewer_client.get(reverse("admin:forecasts_campaign_add")).status_code == 403
    assert reviewer_client.get(reverse("admin:classification_occupation_add")).status_code == 403


def test_an_employer_cannot_open_the_admin(owner_client):
    response = owner_client.get(reverse(FORECASTS))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- the forecast changelist ------------------------------------------------------------


def test_the_changelist_shows_the_columns_a_reviewer_needs(reviewer_client, three, reviewer):
    three["builder"].accept(by=reviewer)
    response = reviewer_client.get(reverse(FORECASTS), {"queue": "all"})
    html = response.content.decode()
    row = next(f for f in response.context["cl"].result_list if f.pk == three["builder"].pk)

    assert (row.line_count, row.total_workers) == (2, 15)
    builder = three["builder"].employer
    assert builder.legal_name in html and builder.voen in html
    assert reverse("admin:forecasts_employer_change", args=[builder.pk]) in html
    assert response.context["cl"].list_display[1:] == [
        "reference",
        "employer_link",
        "voen",
        "submission_number",
        "submitted_at",
        "line_count",
        "total_workers",
        "resubmitted",
        "assignee",
        "year",
        "status",
        "reviewed_by",
    ]
    assert f'<td class="field-reviewed_by nowrap">{reviewer}</td>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2028"}, {"builder", "cook"}),
        ({"status__exact": "accepted"}, {"coder"}),
        ({"region": "Mərkəzi Aran"}, {"cook"}),
        ({"major": "7"}, {"builder"}),
        ({"major": "2"}, {"coder"}),
        ({"employer__kind__exact": "individual"}, {"cook"}),
        ({"employer__activity__exact": "J"}, {"coder"}),
        ({"q": "builder"}, {"builder"}),
        ({"q": "7112"}, {"builder"}),
        ({"q": "51"}, {"cook"}),
    ],
)
def test_filters_and_search_narrow_the_list(reviewer_client, three, params, expected):
    if "region" in params:
        params = {"region": str(EconomicRegion.objects.get(name=params["region"]).pk)}
    names = {key: f.employer.legal_name for key, f in three.items()}
    assert _shown(reviewer_client, **params) == {names[key] for key in expected}


def test_search_finds_an_employer_by_voen(reviewer_client, three):
    voen = three["coder"].employer.voen
    assert _shown(reviewer_client, q=voen) == {three["coder"].employer.legal_name}


def test_the_change_page_shows_the_lines_read_only_and_links_the_employer(reviewer_client, three):
    forecast = three["builder"]
    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[forecast.pk])
    ).content.decode()

    for text in ("7212", "Qaynaqçılar və qaz kəsənlər", "7112", "Bənnalar", "Bakı"):
        assert text in html
    assert 'name="lines-0-workers"' not in html  # read-only, not an input
    assert reverse("admin:forecasts_employer_change", args=[forecast.employer_id]) in html
    assert reverse("admin:forecasts_forecast_audit", args=[forecast.pk]) in html


def test_a_long_forecast_shows_its_first_lines_and_links_them_all(reviewer_client, occupations):
    forecast = make_forecast(make_employer("long@example.az"), 2028)
    ForecastLine.objects.bulk_create(
        ForecastLine(forecast=forecast, position=n, workers=n) for n in range(1, LINES_SHOWN + 31)
    )
    url = reverse("admin:forecasts_forecast_change", args=[forecast.pk])

    html = reviewer_client.get(url).content.decode()

    shown = re.findall(r'class="field-workers">\s*<p>(\d+)</p>', html)
    assert shown == [str(n) for n in range(1, LINES_SHOWN + 1)]
    assert f"İlk {LINES_SHOWN} sətir göstərilir, cəmi {LINES_SHOWN + 30} sətir var." in html
    all_lines = reverse("admin:forecasts_forecastline_changelist") + (
        f"?forecast__id__exact={forecast.pk}"
    )
    assert f'href="{all_lines}"' in html.replace("&amp;", "&")
    listed = reviewer_client.get(all_lines).content.decode()
    assert listed.count('class="field-workers') == LINES_SHOWN + 30


def test_a_long_submitted_forecast_shows_its_first_lines_and_links_the_print_view(
    reviewer_client, occupations, places
):
    region = places["Bakı"].region
    lines = [
        (occupations["7212"], n, Place.objects.create(region=region, name=f"Yer {n}"))
        for n in range(1, LINES_SHOWN + 31)
    ]
    forecast = make_forecast(
        make_employer("long@example.az"), 2028, lines=lines, status=Status.SUBMITTED
    )

    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[forecast.pk])
    ).content.decode()

    table = html[
        html.index('id="submitted-lines"') : html.index(
            "</table>", html.index('id="submitted-lines"')
        )
    ]
    assert table.count("<tr><td>") == LINES_SHOWN
    assert f"İlk {LINES_SHOWN} sətir göstərilir, cəmi {LINES_SHOWN + 30} sətir var." in html
    assert reverse("admin:forecasts_forecast_print", args=[forecast.pk]) in html


@pytest.mark.parametrize(("forecast", "rows"), [("cook", 1), ("builder", 2)])
def test_a_short_forecast_shows_every_line_without_the_note(reviewer_client, three, forecast, rows):
    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[three[forecast].pk])
    ).content.decode()
    live = len(re.findall(r'class="field-workers">\s*<p>', html))
    submitted = (
        html.count("<tr><td>", html.find('id="submitted-lines"'))
        if "submitted-lines" in html
        else 0
    )
    assert live + submitted == rows
    assert "lines-shown" not in html


def test_a_liberated_place_is_marked_on_the_line(reviewer_client, three):
    html = reviewer_client.get(
        reverse("admin:forecasts_forecast_change", args=[three["coder"].pk])
    ).content.decode()
    assert "işğaldan azad edilmiş ərazi" in html


def _add_forecasts(count: int, occupations, places, prefix: str) -> None:
    for n in range(count):
        make_forecast(
            make_employer(f"{prefix}{n}@example.az", activity="BCFGI"[n % 5]),
            2028,
            lines=[
                (occupations["7112"], n + 1, places["Yevlax"]),
                (occupations["5120"], 1, places["Bakı"]),
            ],
            status=[Status.SUBMITTED, Status.ACCEPTED, Status.DRAFT][n % 3],
        )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"queue": "all"},
        {"queue": "all", "status__exact": "submitted", "major": "7", "year": "2028"},
        {"queue": "all", "q": "7112"},
        {"o": "-5", "liberated": "0", "employer__activity__exact": "B"},
    ],
)
def test_the_changelist_query_count_does_not_grow_with_the_rows(
    reviewer_client, occupations, places, django_assert_max_num_queries, params
):
    _add_forecasts(2, occupations, places, "few")
    url = reverse(FORECASTS)
    with django_assert_max_num_queries(30) as few:
        assert reviewer_client.get(url, params).status_code == 200

    _add_forecasts(40, occupations, places, "many")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = reviewer_client.get(url, params)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 2


def test_the_employer_changelist_query_count_does_not_grow_with_the_rows(
    reviewer_client, occupations, places, django_assert_max_num_queries
):
    _add_forecasts(2, occupations, places, "few")
    url = reverse(EMPLOYERS)
    with django_assert_max_num_queries(30) as few:
        reviewer_client.get(url)
    _add_forecasts(40, occupations, places, "many")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reviewer_client.get(url).status_code == 200


# --- nothing submitted is deleted -----------------------------------------------------------


def test_only_drafts_can_be_deleted_and_only_by_whoever_may_delete(
    superuser_client, reviewer_client, three
):
    submitted, draft = three["builder"], three["cook"]
    assert (
        reviewer_client.post(
            reverse("admin:forecasts_forecast_delete", args=[draft.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        superuser_client.post(
            reverse("admin:forecasts_forecast_delete", args=[submitted.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    superuser_client.post(
        reverse("admin:forecasts_forecast_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert set(Forecast.objects.values_list("pk", flat=True)) == {
        three["builder"].pk,
        three["coder"].pk,
    }
    # The deleted draft and its lines stay in the audit trail.
    assert draft.history.filter(history_type="-").exists()


def test_the_bulk_delete_removes_drafts_only(superuser_client, three):
    selected = [f.pk for f in three.values()]
    url = reverse(FORECASTS) + "?queue=all"
    confirm = superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": selected}
    )
    assert "2 göndərilmiş proqnoz silinmir" in confirm.content.decode()
    assert confirm.context["queryset"].get() == three["cook"]  # only the draft is offered
    superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    assert set(Forecast.objects.values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.ACCEPTED,
    }


def test_the_history_can_be_read_but_not_reverted(superuser_client, three):
    forecast = three["builder"]
    record = forecast.history.earliest()
    url = reverse("admin:forecasts_forecast_simple_history", args=[forecast.pk, record.pk])
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.post(url, {"reopened_until": ""}).status_code == 403
    forecast.refresh_from_db()
    assert forecast.status == Status.SUBMITTED


# --- employers ----------------------------------------------------------------------------


def test_the_employer_list_counts_forecasts_and_searches(reviewer_client, three, occupations):
    builder = three["builder"].employer
    make_forecast(builder, 2029)
    response = reviewer_client.get(reverse(EMPLOYERS))
    row = next(e for e in response.context["cl"].result_list if e.pk == builder.pk)
    assert row.forecast_total == 2
    html = response.content.decode()
    assert builder.voen in html and "Tikinti" in html  # activity F

    found = reviewer_client.get(reverse(EMPLOYERS), {"q": builder.voen}).context["cl"]
    assert [e.pk for e in found.result_list] == [builder.pk]
    found = reviewer_client.get(reverse(EMPLOYERS), {"q": "cook"}).context["cl"]
    assert [e.pk for e in found.result_list] == [three["cook"].employer_id]


def test_the_employer_page_lists_their_forecasts(reviewer_client, three):
    employer = three["builder"].employer
    html = reviewer_client.get(
        reverse("admin:forecasts_employer_change", args=[employer.pk])
    ).content.decode()
    assert reverse("admin:forecasts_forecast_change", args=[three["builder"].pk]) in html


def test_a_superuser_deactivates_employer_accounts(superuser_client, three):
    employers = [three["builder"].employer, three["cook"].employer]
    colleague = make_member(employers[0], "builder.hr@example.az")  # every account goes
    superuser_client.post(
        reverse(EMPLOYERS),
        {"action": "deactivate", "_selected_action": [e.pk for e in employers]},
    )
    for employer in employers:
        assert owner_of(employer).is_active is False
    colleague.refresh_from_db()
    assert colleague.is_active is False
    assert owner_of(three["coder"].employer).is_active
    assert LogEntry.objects.filter(object_id__in=[str(e.pk) for e in employers]).count() == 2

    visitor = Client()
    login = visitor.post(
        "/accounts/login/",
        {"login": "builder@example.az", "password": "correct-horse-battery"},
    )
    # An inactive account cannot log in: allauth's "account inactive" page.
    assert (login.status_code, login["Location"]) == (302, "/accounts/inactive/")
    assert "_auth_user_id" not in visitor.session


def test_a_reviewer_cannot_deactivate_accounts(reviewer_client, three):
    employer = three["builder"].employer
    html = reviewer_client.get(reverse(EMPLOYERS)).content.decode()
    assert 'value="deactivate"' not in html
    reviewer_client.post(
        reverse(EMPLOYERS), {"action": "deactivate", "_selected_action": [employer.pk]}
    )
    assert owner_of(employer).is_active
