"""Pages: search without JavaScript, one group, browsing; their query counts."""

import pytest
from django.urls import reverse

from classification.models import AlternativeLabel, Occupation

pytestmark = pytest.mark.django_db


def test_the_search_page_works_as_a_plain_get_form(client, classification):
    response = client.get(reverse("classification:search"), {"q": "qaynaqci"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="7212"' in html
    assert "Qaynaqçılar və qaz kəsənlər" in html
    assert "qeyri-rəsmi tərcümə" in html
    assert "7 Sənətkarlar › 72 Metal emalı işçiləri" in html


def test_the_search_page_without_a_query_shows_only_the_form(client, classification):
    response = client.get(reverse("classification:search"))

    assert response.status_code == 200
    assert "classification-results" in response.content.decode()
    assert "results-count-number" not in response.content.decode()


def test_the_search_page_says_when_nothing_was_found(client, classification):
    response = client.get(reverse("classification:search"), {"q": "kosmonavt"})

    assert "Heç nə tapılmadı" in response.content.decode()


def test_the_search_page_has_no_inline_script_or_style(client, classification):
    html = client.get(reverse("classification:search"), {"q": "7"}).content.decode()

    assert "<script>" not in html
    assert "style=" not in html
    assert "js/classification-search.js" in html


def test_the_search_page_shows_the_title_in_the_visitors_language(client, classification):
    response = client.get("/en/classification/", {"q": "qaynaqci"})

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Welders and flame cutters" in html


def test_the_occupation_page_shows_titles_path_children_labels_and_old_codes(
    client, classification
):
    response = client.get(reverse("classification:occupation-detail", args=["7212"]))

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Qaynaqçılar və qaz kəsənlər",
        "Welders and flame cutters",
        "Сварщики и газорезчики",
        "elektrik qaynaqçısı",
        "сварщик",
        "7442",
        "qeyri-rəsmi tərcümə",
        reverse("forecasts:use-code", args=["7212"]),
        reverse("classification:occupation-detail", args=["721"]),
    ]:
        assert text in html


def test_the_occupation_page_shows_the_definition_in_the_visitors_language(client, classification):
    Occupation.objects.filter(code="7212").update(
        definition_az="Qaynaqçılar metal hissələri qaynaq edir.",
        definition_ru="Сварщики сваривают металлические детали.",
    )
    url = reverse("classification:occupation-detail", args=["7212"])

    az = client.get(url).content.decode()
    ru = client.get(f"/ru{url}").content.decode()

    assert '<div class="definition" lang="az"><p>Qaynaqçılar metal hissələri' in az
    assert "qeyri-rəsmi tərcümə" in az.split("Qaynaqçılar metal hissələri")[0].rsplit("<h2", 1)[1]
    assert "Welders and flame cutters weld and cut metal parts" in az  # the ILO original
    assert '<div class="definition" lang="ru"><p>Сварщики сваривают' in ru


def test_the_occupation_page_falls_back_to_the_english_definition(client, classification):
    html = client.get(reverse("classification:occupation-detail", args=["7211"])).content.decode()

    assert '<div class="definition" lang="en">' in html
    assert "definition-original" not in html


def test_turkish_labels_are_listed_on_the_occupation_page(client, classification):
    AlternativeLabel.objects.create(occupation_id="7212", language="tr", label="kaynakçı")

    html = client.get(reverse("classification:occupation-detail", args=["7212"])).content.decode()

    assert "TR" in html and "kaynakçı" in html


def test_a_parent_page_lists_its_children_and_offers_no_forecast_link(client, classification):
    html = client.get(reverse("classification:occupation-detail", args=["721"])).content.decode()

    assert reverse("classification:occupation-detail", args=["7211"]) in html
    assert "/forecasts/use/" not in html


def test_an_unknown_code_is_a_404(client, classification):
    response = client.get(reverse("classification:occupation-detail", args=["9999"]))

    assert response.status_code == 404


def test_browse_starts_from_the_major_groups(client, classification):
    response = client.get(reverse("classification:browse"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sənətkarlar" in html and "Metal emalı işçiləri" in html
    assert reverse("classification:occupation-detail", args=["72"]) in html


def test_pages_use_a_constant_number_of_queries(
    client, classification, django_assert_max_num_queries
):
    client.get(reverse("classification:search"), {"q": "qaynaq"})
    with django_assert_max_num_queries(1):
        client.get(reverse("classification:search"), {"q": "mühəndis"})
    with django_assert_max_num_queries(6):
        client.get(reverse("classification:occupation-detail", args=["7212"]))
    with django_assert_max_num_queries(2):
        client.get(reverse("classification:browse"))
    with django_assert_max_num_queries(1):
        client.get("/api/classification/search", {"q": "сварщик"})
    with django_assert_max_num_queries(4):
        client.get("/api/classification/7212")
