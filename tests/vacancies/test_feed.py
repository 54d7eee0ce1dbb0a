"""The Atom feed of open vacancies: valid Atom, one entry per open public vacancy."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse

from vacancies.models import Vacancy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("announcement")]

FEED = reverse("vacancies:feed")
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}


def _parse(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, no external entities


def test_the_feed_is_valid_atom_with_one_entry_per_open_vacancy(client, announcement):
    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = _parse(response)
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.find("atom:title", NS).text == "Dövlət Miqrasiya Xidmətinin açıq vakansiyaları"
    assert root.find("atom:id", NS).text
    assert root.find("atom:updated", NS).text
    assert (
        root.find("atom:link[@rel='self']", NS).get("href") == "http://testserver/vacancies/feed/"
    )
    assert (
        root.find("atom:link[@rel='alternate']", NS).get("href") == "http://testserver/vacancies/"
    )
    entries = root.findall("atom:entry", NS)
    assert len(entries) == 11
    links = set()
    for entry in entries:
        for tag in ("title", "id", "updated", "published", "summary"):
            assert entry.find(f"atom:{tag}", NS).text, tag
        assert entry.find("atom:author/atom:name", NS).text
        links.add(entry.find("atom:link", NS).get("href"))
    assert links == {
        f"http://testserver/vacancies/{pk}/" for pk in Vacancy.objects.values_list("pk", flat=True)
    }


def test_an_entry_names_the_post_office_and_its_conditions(client, announcement):
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    root = _parse(client.get(FEED))

    entry = next(
        e
        for e in root.findall("atom:entry", NS)
        if e.find("atom:link", NS).get("href").endswith(f"/vacancies/{translator.pk}/")
    )

    assert entry.find("atom:title", NS).text == (
        "İnspektor-tərcüməçi — Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi"
    )
    summary = entry.find("atom:summary", NS)
    assert summary.get("type") == "html"
    assert "rus dili, ingilis dili (yüksək səviyyədə)." in summary.text
    assert "<li>" in summary.text
    assert {c.get("term") for c in entry.findall("atom:category", NS)} == {
        "Yevlax",
        "Qanunsuz miqrantların saxlanılması mərkəzi",
    }
    updated = datetime.datetime.fromisoformat(entry.find("atom:updated", NS).text)
    published = datetime.datetime.fromisoformat(entry.find("atom:published", NS).text)
    assert updated >= published


def test_text_in_an_entry_is_escaped_html(client, announcement):
    vacancy = Vacancy.objects.get(title="inspektor-tərcüməçi")
    vacancy.functions = ["<script>alert(1)</script>"]
    vacancy.save()

    summary = [
        e.find("atom:summary", NS).text for e in _parse(client.get(FEED)).findall("atom:entry", NS)
    ]

    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in summary)
    assert not any("<script>" in text for text in summary)


def test_closed_and_unpublished_vacancies_leave_the_feed(client, announcement):
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    translator.is_published = False
    translator.save()

    assert len(_parse(client.get(FEED)).findall("atom:entry", NS)) == 10
    with time_machine.travel(announcement.deadline + datetime.timedelta(seconds=1), tick=False):
        root = _parse(client.get(FEED))
    assert root.findall("atom:entry", NS) == []


def test_the_feed_query_count_does_not_grow(client, announcement, django_assert_max_num_queries):
    for vacancy in list(Vacancy.objects.all()):
        vacancy.pk = None
        vacancy.save()
    with django_assert_max_num_queries(2):
        assert len(_parse(client.get(FEED)).findall("atom:entry", NS)) == 22
