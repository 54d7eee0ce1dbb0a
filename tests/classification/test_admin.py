"""Admin: groups searchable and filterable, labels inline, the unmatched-search log."""

import pytest
from django.urls import reverse

from classification.models import AlternativeLabel, ClassificationVersion, UnmatchedSearch
from classification.search import search

pytestmark = pytest.mark.django_db


def test_occupations_are_searchable_by_code_and_title(superuser_client, classification):
    url = reverse("admin:classification_occupation_changelist")

    by_code = superuser_client.get(url, {"q": "7212"})
    by_title = superuser_client.get(url, {"q": "Сварщики"})

    assert by_code.status_code == by_title.status_code == 200
    assert "Qaynaqçılar və qaz kəsənlər" in by_code.content.decode()
    assert "Qaynaqçılar və qaz kəsənlər" in by_title.content.decode()


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"level": "4"}, "Aşpazlar", "Sənətkarlar"),
        ({"az_title": "official"}, "5120", "7212"),
        ({"az_title": "working"}, "7212", "/5120/"),
    ],
)
def test_occupations_filter_by_level_and_official_title(
    superuser_client, classification, params, present, absent
):
    html = superuser_client.get(
        reverse("admin:classification_occupation_changelist"), params
    ).content.decode()

    assert present in html
    assert absent not in html


def test_the_changelist_uses_a_bounded_number_of_queries(
    superuser_client, classification, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        superuser_client.get(reverse("admin:classification_occupation_changelist"))


def test_the_change_page_shows_labels_inline_and_saving_refreshes_search(
    superuser_client, classification
):
    url = reverse("admin:classification_occupation_change", args=["7211"])
    page = superuser_client.get(url)
    assert "labels-TOTAL_FORMS" in page.content.decode()
    before = ClassificationVersion.objects.get().version

    response = superuser_client.post(
        url,
        {
            "code": "7211",
            "level": "4",
            "parent": "721",
            "is_active": "on",
            "title_az": "Metal tökənlər",
            "title_en": "Metal moulders and coremakers",
            "title_ru": "Формовщики",
            "definition_en": "",
            "labels-TOTAL_FORMS": "1",
            "labels-INITIAL_FORMS": "0",
            "labels-MIN_NUM_FORMS": "0",
            "labels-MAX_NUM_FORMS": "1000",
            "labels-0-label": "tökmə ustası",
            "labels-0-language": "az",
            "labels-0-kind": "alternative",
            "labels-0-source": "portal",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert AlternativeLabel.objects.filter(occupation_id="7211", label="tökmə ustası").exists()
    assert ClassificationVersion.objects.get().version > before
    assert search("tökmə ustası")[0].code == "7211"


def test_staff_read_the_searches_that_found_nothing(superuser_client, classification):
    search("kosmonavt")
    search("kosmonavt")
    url = reverse("admin:classification_unmatchedsearch_changelist")

    html = superuser_client.get(url).content.decode()

    assert "kosmonavt" in html
    assert UnmatchedSearch.objects.get().count == 2
    assert (
        superuser_client.get(reverse("admin:classification_unmatchedsearch_add")).status_code == 403
    )


def test_visitors_cannot_reach_the_admin(client, classification):
    response = client.get(reverse("admin:classification_occupation_changelist"))

    assert response.status_code == 302
