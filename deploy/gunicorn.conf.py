"""gunicorn settings for the Kvota Portalı (behind nginx, which terminates TLS)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A new worker builds the search index (seconds of CPU, see post_worker_init), so it is
# recycled rarely: with cached pages a worker answers hundreds of requests a second, and at
# 2,000 both workers of a pool were restarting every few seconds under load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Build the classification index (search and assistant) before the first request.

    Otherwise the first search in every new worker (at start and after each
    ``max_requests`` restart) waits a second or two for the index.
    """
    from django.db import connections

    from classification.suggest import warm_up

    try:
        warm_up()
    except Exception:  # a database not migrated yet must not stop the worker
        worker.log.exception("could not build the classification search index")
    finally:
        connections.close_all()
