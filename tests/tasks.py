"""Run the queued background tasks the way ``manage.py db_worker --batch`` does."""

from unittest import mock

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker


def run_tasks() -> int:
    """Run every task that is due now with the real worker loop; return how many ran.

    Inside a test's transaction: the worker's periodic connection check would close the
    connection that holds it, so it is skipped here (tests/outbox/test_worker.py runs
    the real command outside a transaction).
    """
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
    return worker._run_tasks
