"""Admin for staff: changelists without N+1, duplicate and publish actions, edits."""

import datetime

import pytest
from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vacancies.models import Announcement, Office, Vacancy

from .factories import make_vacancy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("announcement")]

VACANCIES = reverse("admin:vacancies_vacancy_changelist")
ANNOUNCEMENTS = reverse("admin:vacancies_announcement_changelist")
OFFICES = reverse("admin:vacancies_office_changelist")


def _form_data(response) -> dict:
    """Return the POST data a browser would send back for an unchanged admin change form."""
    forms_ = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms_.extend(formset.forms)
    for form in forms_:
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(field, forms.SplitDateTimeField):
                local = timezone.localtime(value)
                data[f"{key}_0"], data[f"{key}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            elif isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = field.prepare_value(value)
    return data


def _act(client, url, action, objects):
    return client.post(
        url,
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]},
        follow=True,
    )


def test_the_admin_is_for_staff_only(client, owner_client, vacancy_editor_client, announcement):
    assert client.get(VACANCIES).status_code == 302
    assert owner_client.get(VACANCIES).status_code == 302
    for url in (VACANCIES, ANNOUNCEMENTS, OFFICES):
        assert vacancy_editor_client.get(url).status_code == 200


def test_the_changelists_do_not_grow_queries_with_rows(
    superuser_client, announcement, django_assert_max_num_queries
):
    counts = {}
    for url in (VACANCIES, ANNOUNCEMENTS, OFFICES):
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url).status_code == 200
        counts[url] = len(queries)
    for vacancy in list(Vacancy.objects.all()):
        make_vacancy(announcement, vacancy.office, title=vacancy.title)
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            superuser_client.get(url)


def test_the_changelist_searches_and_filters(superuser_client, announcement):
    found = superuser_client.get(VACANCIES, {"q": "tərcüməçi"}).context["cl"].result_list
    assert [v.title for v in found] == ["inspektor-tərcüməçi"]
    centre = superuser_client.get(VACANCIES, {"office__kind__exact": "detention_centre"})
    assert centre.context["cl"].result_count == 2
    open_ = superuser_client.get(VACANCIES, {"status": "open"})
    assert open_.context["cl"].result_count == 11
    assert superuser_client.get(VACANCIES, {"status": "closed"}).context["cl"].result_count == 0


def test_the_announcement_list_counts_its_vacancies(superuser_client, announcement):
    response = superuser_client.get(ANNOUNCEMENTS)

    assert response.context["cl"].result_list[0]._vacancy_count == 11
    assert '<td class="field-vacancy_count">11</td>' in response.content.decode()


def test_duplicate_copies_the_selected_vacancies_as_drafts(vacancy_editor_client, announcement):
    originals = list(Vacancy.objects.filter(office__city="Yevlax").order_by("position_order"))

    response = _act(vacancy_editor_client, VACANCIES, "duplicate", originals)

    assert "3 vakansiyanın surəti çıxarıldı" in response.content.decode()
    assert Vacancy.objects.count() == 14
    copies = list(Vacancy.objects.filter(position_order__gt=11).order_by("position_order"))
    assert [c.position_order for c in copies] == [12, 13, 14]
    for original, copy in zip(originals, copies, strict=True):
        assert copy.pk != original.pk
        assert not copy.is_published
        for field in (
            "announcement_id",
            "office_id",
            "title",
            "functions",
            "education",
            "computer_skills",
            "languages",
            "preference",
            "posts",
            "occupation_id",
            "search_text",
        ):
            assert getattr(copy, field) == getattr(original, field), field
    # Drafts stay off the public pages until published.
    public = vacancy_editor_client.get(reverse("vacancies-api:list")).json()
    assert public["count"] == 11


def test_publish_and_unpublish_vacancies(vacancy_editor_client, announcement):
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")

    response = _act(vacancy_editor_client, VACANCIES, "unpublish", [translator])
    assert "1 vakansiya dərcdən çıxarıldı." in response.content.decode()
    translator.refresh_from_db()
    assert not translator.is_published

    _act(vacancy_editor_client, VACANCIES, "publish", Vacancy.objects.all())
    assert Vacancy.objects.filter(is_published=True).count() == 11


def test_unpublishing_an_announcement_hides_its_vacancies(
    client, vacancy_editor_client, announcement
):
    response = _act(vacancy_editor_client, ANNOUNCEMENTS, "unpublish", [announcement])

    assert "1 elan dərcdən çıxarıldı." in response.content.decode()
    assert client.get(reverse("vacancies-api:list")).json()["count"] == 0
    _act(vacancy_editor_client, ANNOUNCEMENTS, "publish", [announcement])
    assert client.get(reverse("vacancies-api:list")).json()["count"] == 11


def test_staff_edit_the_functions_one_per_line(vacancy_editor_client, announcement):
    vacancy = Vacancy.objects.get(title="inspektor-tərcüməçi")
    url = reverse("admin:vacancies_vacancy_change", args=[vacancy.pk])
    page = vacancy_editor_client.get(url)
    data = _form_data(page)
    assert data["functions"].splitlines() == vacancy.functions

    data["functions"] = "  sənədlərin   tərcüməsi \n\nşifahi tərcümə\n"
    data["title"] = "baş müfəttiş-tərcüməçi"
    response = vacancy_editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    vacancy.refresh_from_db()
    assert vacancy.functions == ["sənədlərin tərcüməsi", "şifahi tərcümə"]
    assert vacancy.search_text.startswith("bas mufettis tercumeci")
    assert list(Vacancy.objects.matching("sifahi tercume")) == [vacancy]


def test_staff_edit_vacancies_inline_in_their_announcement(vacancy_editor_client, announcement):
    url = reverse("admin:vacancies_announcement_change", args=[announcement.pk])
    page = vacancy_editor_client.get(url)
    data = _form_data(page)
    translator = Vacancy.objects.get(title="inspektor-tərcüməçi")
    prefix = next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.endswith("-id") and str(value) == str(translator.pk) and key.startswith("vacancies")
    )
    data[f"{prefix}-title"] = "müfəttiş-tərcüməçi"
    data["deadline_0"] = "2031-01-31"
    data["deadline_1"] = "18:00:00"

    response = vacancy_editor_client.post(url, data)

    assert response.status_code == 302
    translator.refresh_from_db()
    assert translator.title == "müfəttiş-tərcüməçi"
    assert list(Vacancy.objects.matching("mufettis tercumeci")) == [translator]
    deadline = Announcement.objects.get().deadline
    assert timezone.localtime(deadline).replace(tzinfo=None) == datetime.datetime(2031, 1, 31, 18)


def test_a_deadline_before_publication_is_refused(vacancy_editor_client, announcement):
    url = reverse("admin:vacancies_announcement_change", args=[announcement.pk])
    data = _form_data(vacancy_editor_client.get(url))
    data["published_on"] = "2031-02-01"
    data["deadline_0"] = "2031-01-31"

    response = vacancy_editor_client.post(url, data)

    assert response.status_code == 200
    assert "deadline" in response.context["adminform"].form.errors


def test_editing_an_office_refreshes_its_vacancies_search(vacancy_editor_client, announcement):
    office = Office.objects.get(slug="seki-rmi")
    url = reverse("admin:vacancies_office_change", args=[office.pk])
    data = _form_data(vacancy_editor_client.get(url))
    data["address"] = "Şəki şəhəri, M.F.Axundzadə prospekti 1"

    assert vacancy_editor_client.post(url, data).status_code == 302
    assert Vacancy.objects.matching("axundzade").get().office == office
