"""Measure what refusing the three hostile XLSX files of issue 16 costs.

    .venv/bin/python bench/hostile_uploads.py

For each file (tests/security/hostile_xlsx.py builds them) and each reader (the forecast
upload, the classification import) a fresh process builds the file, then reads it and
prints the CPU time of the read (user + system), the peak resident memory the process
grew by during the read (VmHWM, reset after building the file) and the peak of traced
Python allocations, and the answer the user gets. The goal: under 2 s and 200 MB each.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

READERS = ("forecast", "classification")


def _peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _read(reader: str, content: bytes) -> str:
    """Read ``content`` as ``reader`` does; return what the user would be told."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    if reader == "forecast":
        from forecasts.models import Forecast
        from forecasts.xlsx import XlsxUploadError, parse_upload

        try:
            # Refused files are refused before the (unsaved) forecast is looked at.
            parse_upload(SimpleUploadedFile("f.xlsx", content), forecast=Forecast())
        except XlsxUploadError as error:
            return error.errors[0].message
        return "accepted"
    from classification.services import _read_table

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.xlsx"
        path.write_bytes(content)
        try:
            for _row in _read_table(path):
                pass
        except ValueError as error:
            return str(error)
    return "accepted"


def _one(name: str, reader: str) -> None:
    import django

    django.setup()
    from tests.security.hostile_xlsx import HOSTILE_FILES

    content = HOSTILE_FILES[name]()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # reset VmHWM to the current resident size
    before_rss, before_cpu = _peak_rss_mib(), _cpu()
    answer = _read(reader, content)
    cpu, rss = _cpu() - before_cpu, _peak_rss_mib() - before_rss
    tracemalloc.start()
    _read(reader, content)
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:<18} {reader:<15} {len(content) / 1024:7.0f} KB  CPU {cpu:6.3f} s  "
        f"peak RSS +{rss:6.1f} MiB  traced peak {traced / 2**20:6.1f} MiB  {answer}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("FILE", "READER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return
    from tests.security.hostile_xlsx import HOSTILE_FILES

    for name in HOSTILE_FILES:
        for reader in READERS:
            subprocess.run([sys.executable, __file__, "--one", name, reader], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
