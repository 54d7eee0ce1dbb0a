"""Deleting a line asks first (a page without JavaScript, a dialog with it) and can be undone."""

import datetime

import pytest
import time_machine

from forecasts import services

pytestmark = pytest.mark.django_db


def _delete_url(draft, line):
    return f"/forecasts/{draft.pk}/lines/{line.pk}/delete/"


def test_delete_link_opens_a_confirmation_page_that_changes_nothing(owner_client, draft):
    line = draft.lines.get(occupation_id="7212")
    response = owner_client.get(_delete_url(draft, line))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bu sətri silmək istəyirsiniz?" in html
    assert "7212" in html and "Qaynaqçılar" in html
    assert "Bəli, sil" in html and "Xeyr, saxla" in html
    assert draft.lines.filter(pk=line.pk).exists()


def test_the_forecast_page_links_delete_to_the_confirmation_page_and_has_the_dialog(
    owner_client, draft
):
    line = draft.lines.first()
    html = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert f'href="{_delete_url(draft, line)}" data-confirm-delete' in html
    assert '<dialog class="confirm-dialog' in html


def test_deleting_offers_undo_which_puts_the_line_back(owner_client, draft, places):
    line = draft.lines.get(occupation_id="7212")
    line.citizenship, line.note = "TR", "Tikinti sahəsi"
    line.save()
    draft.refresh_from_db()
    response = owner_client.post(_delete_url(draft, line), {"version": draft.version})
    assert response.status_code == 302
    assert not draft.lines.filter(occupation_id="7212").exists()

    html = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert 'id="undo-delete"' in html and "Sətir silindi: 7212" in html
    draft.refresh_from_db()
    owner_client.post(f"/forecasts/{draft.pk}/lines/restore/", {"version": draft.version})

    restored = draft.lines.get(occupation_id="7212")
    assert (restored.workers, restored.place, restored.citizenship.code, restored.note) == (
        10,
        places["Bakı"],
        "TR",
        "Tikinti sahəsi",
    )
    assert list(draft.lines.values_list("occupation_id", flat=True)) == ["7212", "5120"]
    html = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
    assert "Sətir geri qaytarıldı." in html and 'id="undo-delete"' not in html


def test_undo_is_offered_only_for_a_short_time(owner_client, draft):
    line = draft.lines.first()
    owner_client.post(_delete_url(draft, line), {"version": draft.version})
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        seconds=services.UNDO_DELETE_SECONDS + 1
    )
    with time_machine.travel(later):
        html = owner_client.get(f"/forecasts/{draft.pk}/").content.decode()
        assert 'id="undo-delete"' not in html
        draft.refresh_from_db()
        owner_client.post(f"/forecasts/{draft.pk}/lines/restore/", {"version": draft.version})
    assert draft.lines.count() == 1


def test_undo_belongs_to_the_forecast_and_session_it_was_made_in(
    owner_client, other_client, draft, other
):
    line = draft.lines.first()
    owner_client.post(_delete_url(draft, line), {"version": draft.version})
    from tests.forecasts import factories

    theirs = factories.make_forecast(other, 2028)
    other_client.post(f"/forecasts/{theirs.pk}/lines/restore/", {"version": theirs.version})
    assert theirs.lines.count() == 0 and draft.lines.count() == 1
