"""Measure the memory the classification search index takes in one process.

    .venv/bin/python bench/search_index_memory.py

Every gunicorn worker builds its own index (deploy/gunicorn.conf.py, post_worker_init);
this prints what one index costs: the resident memory the process grows by and the
Python allocations that stay alive (tracemalloc), on the configured database (the
bundled classification is loaded if the database has none).
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

import django  # noqa: E402

django.setup()

from classification.models import Occupation  # noqa: E402
from classification.search import clear_index, get_index  # noqa: E402
from classification.services import import_classification  # noqa: E402


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    if not Occupation.objects.exists():
        import_classification()
    clear_index()
    gc.collect()
    before = _rss_mib()
    started = time.perf_counter()
    index = get_index()
    built = time.perf_counter() - started
    gc.collect()
    after = _rss_mib()
    print(f"groups indexed: {len(index.entries)}, fields: {len(index.fields)}")
    print(f"build time: {built:.2f} s")
    print(f"process resident memory: {before:.0f} -> {after:.0f} MiB (+{after - before:.0f})")
    del index
    clear_index()
    gc.collect()
    tracemalloc.start()
    get_index()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"live Python allocations of the index: {current / 2**20:.1f} MiB (peak {peak / 2**20:.1f})"
    )


if __name__ == "__main__":
    main()
