"""Tasks the worker (``manage.py db_worker``) runs."""

from django_tasks import task

from . import services


@task()
def deliver_email(email_id: int) -> str:
    """Deliver one queued e-mail (see ``quota_portal.outbox.services.deliver``)."""
    return services.deliver(email_id)
