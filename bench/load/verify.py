"""Check that every forecast and line the load test saw saved is in the database."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quota_portal.settings")

import django  # noqa: E402

django.setup()

from forecasts.models import Forecast, Status  # noqa: E402


def main(path: str) -> int:
    records = json.loads(Path(path).read_text())
    lost_forecasts = lost_lines = 0
    submitted = lines = 0
    forecasts = {
        f.pk: f
        for f in Forecast.objects.filter(pk__in=[r["forecast"] for r in records if r["forecast"]])
    }
    counts = {pk: f.lines.count() for pk, f in forecasts.items()}
    for record in records:
        forecast = forecasts.get(record["forecast"])
        lines += record["lines"]
        if record["submitted"]:
            submitted += 1
        if forecast is None:
            lost_forecasts += 1
            lost_lines += record["lines"]
            continue
        if record["submitted"] and forecast.status != Status.SUBMITTED:
            lost_forecasts += 1
        if record["submitted"] and not forecast.submissions.exists():
            lost_forecasts += 1
        lost_lines += max(0, record["lines"] - counts[forecast.pk])
    print(
        f"employers={len(records)} submitted={submitted} lines={lines} "
        f"lost_forecasts={lost_forecasts} lost_lines={lost_lines}"
    )
    return 1 if (lost_forecasts or lost_lines) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
