"""Data built once for a module and shared by its tests, as Django's ``setUpTestData``."""

import contextlib
from collections.abc import Iterator

from django.db import transaction


@contextlib.contextmanager
def shared_transaction(django_db_blocker) -> Iterator[None]:
    """Hold a transaction open around a module's tests and roll it back after them.

    Rows written inside it (unblock the database to write them) are seen by every test of
    the module; each test's own transaction (pytest-django's ``db``) becomes a savepoint
    in it, so whatever a test changes is undone before the next one. Tests that need
    ``transactional_db`` or ``live_server`` cannot share it: keep them in other modules.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
