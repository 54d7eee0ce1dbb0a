"""deploy/gunicorn.conf.py: a new worker builds the classification index before its first request."""

import runpy
from pathlib import Path
from unittest import mock

import pytest

from classification import search, suggest
from classification.services import bump_version
from tests.forecasts.factories import make_classification

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def hook():
    return runpy.run_path(str(CONF))["post_worker_init"]


@pytest.mark.django_db(transaction=True)
def test_a_new_worker_has_the_index_before_the_first_search(hook):
    make_classification()
    bump_version()
    search.clear_index()
    worker = mock.Mock()
    hook(worker)
    assert search._index is not None and search._index.key == search._current_key()
    assert "head_fields" in search._index.cache  # what the coding assistant derives, too
    assert [r.code for r in search.search("7212", level=4)] == ["7212"]
    worker.log.exception.assert_not_called()
    search.clear_index()


def test_a_database_error_is_logged_and_the_worker_still_starts(hook):
    worker = mock.Mock()
    with mock.patch.object(suggest, "get_index", side_effect=RuntimeError("no database")):
        hook(worker)
    worker.log.exception.assert_called_once()
