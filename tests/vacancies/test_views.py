"""Public pages: filters in the URL, folding search, statuses, the vacancy page, drafts."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from classification.models import EconomicRegion
from quota_portal.pagecache import data_state
from vacancies.models import Vacancy

from .factories import make_announcement, make_vacancy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("announcement")]

LIST = reverse("vacancies:list")
ARCHIVE = reverse("vacancies:archive")


def _ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-vacancy="(\d+)"', response.content.decode())}


def _count(response) -> int:
    return int(re.search(r'data-count="(\d+)"', response.content.decode()).group(1))


def _detail(vacancy: Vacancy) -> str:
    return reverse("vacancies:detail", args=[vacancy.pk])


def _translator() -> Vacancy:
    return Vacancy.objects.get(title="inspektor-tərcüməçi")


def test_the_urls_are_where_applicants_expect_them():
    assert LIST == "/vacancies/"
    assert reverse("vacancies:feed") == "/vacancies/feed/"
    assert reverse("vacancies:detail", args=[7]) == "/vacancies/7/"
    assert ARCHIVE == "/vacancies/archive/"


# ---------------------------------------------------------------------------
# The list


def test_the_list_shows_every_open_vacancy_with_a_count(client, announcement):
    response = client.get(LIST)

    assert response.status_code == 200
    assert len(_ids(response)) == 11
    assert _count(response) == 11
    assert "11 vakansiya tapıldı" in response.content.decode()


def test_each_card_shows_position_office_city_address_and_deadline(client, announcement):
    html = client.get(LIST, {"position": "inspektor-tərcüməçi"}).content.decode()

    assert "İnspektor-tərcüməçi" in html
    assert "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi" in html
    assert '<span class="vacancy-city">Yevlax</span>' in html
    assert "Yevlax şəhəri, H.Əliyev prospekti 99a/4" in html
    local = announcement.deadline.astimezone(ZoneInfo("Asia/Baku"))
    assert f'<time datetime="{local.isoformat()}">{local:%d.%m.%Y}, saat 18:00</time>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"city": "Yevlax"}, 3),
        ({"city": "Bakı"}, 2),
        ({"kind": "detention_centre"}, 2),
        ({"kind": "head_office"}, 2),
        ({"kind": "regional_office"}, 7),
        ({"position": "inspektor-tərcüməçi"}, 1),
        ({"position": "inspektor"}, 10),
        ({"city": "Yevlax", "kind": "regional_office"}, 1),
        ({"city": "Gəncə", "position": "inspektor-tərcüməçi"}, 0),
    ],
)
def test_filters_live_in_the_url(client, announcement, params, expected):
    response = client.get(LIST, params)

    assert len(_ids(response)) == expected
    assert _count(response) == expected
    expected_ids = set(Vacancy.objects.filtered(**{"q": "", **params}).values_list("pk", flat=True))
    assert _ids(response) == expected_ids


def test_the_region_filter_finds_the_offices_of_an_economic_region(client, announcement):
    aran = EconomicRegion.objects.get(name="Mərkəzi Aran")

    response = client.get(LIST, {"region": aran.pk})

    assert _ids(response) == set(
        Vacancy.objects.filter(office__city="Yevlax").values_list("pk", flat=True)
    )
    assert f'<option value="{aran.pk}" selected>Mərkəzi Aran</option>' in response.content.decode()


def test_the_filter_form_keeps_the_choices_made(client, announcement):
    html = client.get(
        LIST, {"city": "Yevlax", "kind": "detention_centre", "q": "tercumeci"}
    ).content.decode()

    assert '<option value="Yevlax" selected>Yevlax</option>' in html
    assert '<option value="detention_centre" selected>' in html
    assert 'value="tercumeci"' in html
    assert "Süzgəci təmizlə" in html


def test_a_bad_filter_value_is_ignored_not_an_error(client, announcement):
    response = client.get(LIST, {"region": "abc", "kind": "castle", "page": "x"})

    assert response.status_code == 200
    assert len(_ids(response)) == 11


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("tercumeci", {"inspektor-tərcüməçi"}),
        ("TƏRCÜMƏÇİ", {"inspektor-tərcüməçi"}),
        ("sebeke", {"inspektor"}),
        ("sexslerin tercumeci", {"inspektor-tərcüməçi"}),
        ("sebeke tercumeci", set()),
    ],
)
def test_keyword_search_over_titles_and_functions(client, announcement, query, titles):
    found = Vacancy.objects.filter(pk__in=_ids(client.get(LIST, {"q": query})))

    assert set(found.values_list("title", flat=True)) == titles
    if query == "sebeke":
        assert found.count() == 1  # only the IT post of the head office


def test_mufettis_finds_the_inspector_posts(client, announcement):
    assert len(_ids(client.get(LIST, {"q": "mufettis"}))) == 11
    assert len(_ids(client.get(LIST, {"q": "mufettis tercumeci"}))) == 1


def test_mufettis_finds_a_title_written_with_its_letters(client):
    chief = make_vacancy(title="baş müfəttiş")
    accountant = make_vacancy(title="mühasib")

    found = _ids(client.get(LIST, {"q": "mufettis"}))
    assert chief.pk in found and accountant.pk not in found
    both = _ids(client.get(LIST, {"q": "bas mufettis"}))
    assert chief.pk in both and both < found  # every word must match


def test_closing_soon_badge_in_the_last_seven_days_then_the_archive(client, announcement):
    deadline = announcement.deadline
    with time_machine.travel(deadline - datetime.timedelta(days=8), tick=False):
        html = client.get(LIST).content.decode()
        assert "Müddət bitmək üzrədir" not in html
        assert len(_ids(client.get(ARCHIVE))) == 0
    with time_machine.travel(deadline - datetime.timedelta(days=6), tick=False):
        html = client.get(LIST).content.decode()
        assert html.count("Müddət bitmək üzrədir") == 11
    with time_machine.travel(deadline + datetime.timedelta(minutes=1), tick=False):
        assert _ids(client.get(LIST)) == set()
        assert "Hazırda açıq vakansiya yoxdur." in client.get(LIST).content.decode()
        archive = client.get(ARCHIVE)
        assert len(_ids(archive)) == 11
        assert "Müddət başa çatıb" in archive.content.decode()
        # A closed vacancy stays readable, marked as closed.
        page = client.get(_detail(_translator())).content.decode()
        assert "müraciət müddəti başa çatıb" in page


def test_the_list_paginates_and_keeps_the_filters(client, announcement):
    for vacancy in list(Vacancy.objects.all()):
        for _copy in range(2):
            make_vacancy(announcement, vacancy.office, title=vacancy.title)

    first = client.get(LIST, {"kind": "regional_office"})
    second = client.get(LIST, {"kind": "regional_office", "page": 2})

    assert _count(first) == 21
    assert len(_ids(first)) == 20 and len(_ids(second)) == 1
    assert "?kind=regional_office&amp;page=2" in first.content.decode()
    assert not _ids(first) & _ids(second)


def test_the_list_query_count_does_not_grow(client, announcement, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert len(_ids(client.get(LIST))) == 11
    for vacancy in list(Vacancy.objects.all()):
        make_vacancy(announcement, vacancy.office, title=vacancy.title)
    with django_assert_max_num_queries(6):
        assert len(_ids(client.get(LIST, {"q": "inspektor"}))) == 20  # one page
    with django_assert_max_num_queries(6):
        client.get(ARCHIVE)


def test_the_filters_work_for_every_persona(
    client, owner_client, vacancy_editor_client, announcement
):
    for persona in (client, owner_client, vacancy_editor_client):
        assert len(_ids(persona.get(LIST, {"city": "Yevlax"}))) == 3


# ---------------------------------------------------------------------------
# The vacancy page


def test_the_vacancy_page_has_its_sections_in_order(client, announcement):
    html = client.get(_detail(_translator())).content.decode()

    order = [
        html.index(f'id="{section}"')
        for section in ("overview", "functions", "conditions", "common", "competencies", "apply")
    ]
    assert order == sorted(order)
    assert "Yevlax şəhəri, H.Əliyev prospekti 99a/4" in html
    assert "rus dili, ingilis dili (yüksək səviyyədə)." in html
    assert html.count("<li>mərkəzdə saxlanılan şəxslərin") == 2
    for competency in ("Problem həlletmə və qərarvermə", "Yaradıcılıq və təşəbbüskarlıq"):
        assert competency in html
    assert "Dövlət İmtahan Mərkəzində test imtahanı" in html
    assert "mənzil-qərargahında müsahibə" in html
    assert "Əlaqə:" in html
    assert "saat 18:00-dək qəbul olunur" in html


def test_the_preference_section_appears_only_when_there_is_one(client, announcement):
    lawyer = Vacancy.objects.filter(office__kind="head_office").order_by("position_order").first()

    assert 'id="preference"' in client.get(_detail(lawyer)).content.decode()
    assert 'id="preference"' not in client.get(_detail(_translator())).content.decode()


def test_the_vacancy_page_links_its_isco_group(client, announcement):
    html = client.get(_detail(_translator())).content.decode()

    assert f'href="{reverse("classification:occupation-detail", args=["2643"])}"' in html


def test_the_vacancy_page_is_print_friendly(client, announcement):
    html = client.get(_detail(_translator())).content.decode()

    assert "/static/css/vacancies.css" in html
    assert "data-print" in html
    assert 'class="vacancy-related no-print' in html


def test_the_pages_need_no_inline_script_or_style(client, announcement):
    for url in (LIST, ARCHIVE, _detail(_translator())):
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert " onclick=" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert " src=" in tag or 'type="application/ld+json"' in tag


def test_the_vacancy_page_links_others_at_the_same_office_and_for_the_same_post(
    client, announcement
):
    translator = _translator()
    sibling = Vacancy.objects.get(office=translator.office, title="inspektor")
    html = client.get(_detail(sibling)).content.decode()

    assert _detail(translator) in html  # same office
    gence = Vacancy.objects.get(office__city="Gəncə")
    assert _detail(gence) in html  # same position elsewhere
    assert f'href="{_detail(sibling)}"' not in html.split('id="h-related"')[1]


def test_the_vacancy_page_query_count(
    client, announcement, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's
    data_state()  # computed once after each change of the data, not per request
    with django_assert_max_num_queries(4):
        client.get(_detail(_translator()))


def _job_posting(html: str) -> dict:
    blocks = re.findall(
        r'<script type="application/ld\+json" id="job-posting">(.*?)</script>', html, re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_is_a_valid_job_posting(client, announcement):
    translator = _translator()
    html = client.get(_detail(translator)).content.decode()

    data = _job_posting(html)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    for key in ("title", "description", "datePosted", "validThrough", "hiringOrganization"):
        assert data[key]
    assert data["title"] == "inspektor-tərcüməçi"
    assert data["validThrough"] == announcement.deadline.isoformat()
    assert datetime.datetime.fromisoformat(data["validThrough"]).tzinfo is not None
    assert data["hiringOrganization"]["@type"] == "GovernmentOrganization"
    address = data["jobLocation"]["address"]
    assert address["@type"] == "PostalAddress"
    assert address["streetAddress"] == "Yevlax şəhəri, H.Əliyev prospekti 99a/4"
    assert address["addressLocality"] == "Yevlax"
    assert address["addressCountry"] == "AZ"
    assert data["occupationalCategory"]["codeValue"] == "2643"
    assert data["url"] == f"http://testserver{_detail(translator)}"


def test_json_ld_cannot_be_broken_out_of(client, announcement):
    vacancy = _translator()
    vacancy.functions = ["</script><script>alert(1)</script>", "a & b <!--"]
    vacancy.refresh_search_text()
    vacancy.save()

    html = client.get(_detail(vacancy)).content.decode()

    assert "<script>alert(1)" not in html
    assert "<!--" not in html.split("</head>")[0]
    assert _job_posting(html)["description"].startswith("</script><script>alert(1)</script>")


# ---------------------------------------------------------------------------
# Unpublished vacancies


def test_unpublished_vacancies_are_hidden_from_the_public(client, owner_client, announcement):
    hidden = _translator()
    hidden.is_published = False
    hidden.save()

    for persona in (client, owner_client):
        assert hidden.pk not in _ids(persona.get(LIST))
        assert hidden.pk not in _ids(persona.get(LIST, {"q": "tercumeci"}))
        assert persona.get(_detail(hidden)).status_code == 404
    assert f"/vacancies/{hidden.pk}/" not in client.get(reverse("vacancies:feed")).content.decode()
    api = client.get(reverse("vacancies-api:list")).json()
    assert hidden.pk not in {item["id"] for item in api["results"]}
    assert client.get(reverse("vacancies-api:detail", args=[hidden.pk])).status_code == 404
    # Nor in the "other vacancies" of its siblings.
    sibling = Vacancy.objects.get(office=hidden.office, title="inspektor")
    assert _detail(hidden) not in client.get(_detail(sibling)).content.decode()


def test_an_unpublished_announcement_hides_all_its_vacancies(client, announcement):
    announcement.is_published = False
    announcement.save()

    assert _ids(client.get(LIST)) == set()
    assert client.get(_detail(_translator())).status_code == 404
    assert client.get(reverse("vacancies-api:list")).json()["count"] == 0
    with time_machine.travel(announcement.deadline + datetime.timedelta(days=1)):
        assert _ids(client.get(ARCHIVE)) == set()


def test_staff_preview_an_unpublished_vacancy_marked_as_such(vacancy_editor_client, announcement):
    hidden = _translator()
    hidden.is_published = False
    hidden.save()

    response = vacancy_editor_client.get(_detail(hidden))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bu vakansiya dərc olunmayıb" in html
    assert "application/ld+json" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert hidden.pk not in _ids(vacancy_editor_client.get(LIST))


def test_an_unknown_vacancy_is_a_404(client):
    assert client.get(reverse("vacancies:detail", args=[999999])).status_code == 404


def test_pages_refuse_post(client, announcement):
    assert client.post(LIST).status_code == 405
    assert client.post(_detail(_translator())).status_code == 405


def test_a_closed_announcement_built_in_code_is_only_in_the_archive(client):
    past = make_announcement(deadline=datetime.datetime(2020, 1, 31, 14, 0, tzinfo=datetime.UTC))
    vacancy = make_vacancy(past)

    assert vacancy.pk not in _ids(client.get(LIST))
    assert _ids(client.get(ARCHIVE)) == {vacancy.pk}  # the seed's posts are still open
