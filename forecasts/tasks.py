"""Background tasks of the forecasts app, run by the worker (``manage.py db_worker``)."""

from django_tasks import task


@task()
def queue_decision_emails(decision_ids: list[int], attempt: int = 1) -> int:
    """Queue the employers' e-mails of a bulk review (see ``notifications``)."""
    from .notifications import queue_decision_emails as queue

    return queue(decision_ids, attempt=attempt)
