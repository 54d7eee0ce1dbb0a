"""load_regions: the 14 economic regions and their places, idempotent and all or nothing."""

import csv

import pytest
from django.core.management import call_command

from classification.models import EconomicRegion, Place
from classification.services import REGIONS_CSV, load_regions

pytestmark = pytest.mark.django_db


def _rows():
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_first_load_creates_every_region_and_place_and_the_second_changes_nothing():
    rows = _rows()
    first = load_regions()
    assert EconomicRegion.objects.count() == 14
    assert Place.objects.count() == len(rows)
    assert (first.created, first.updated, first.unchanged) == (14 + len(rows), 0, 0)
    again = load_regions()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 14 + len(rows))


def test_a_renamed_region_and_a_changed_flag_are_updated(tmp_path):
    load_regions()
    rows = _rows()
    rows[0]["economic_region"] = "Bakı şəhəri"
    rows[1]["liberated"] = "1"
    path = tmp_path / "regions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    counts = load_regions(path)
    assert counts.updated == 2
    assert EconomicRegion.objects.get(number=int(rows[0]["region_no"])).name == "Bakı şəhəri"
    assert Place.objects.get(name=rows[1]["city_or_district"]).is_liberated


def test_a_broken_file_leaves_nothing_half_loaded(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text(
        "region_no,economic_region,city_or_district,liberated\n1,Bakı,Bakı,0\nx,Bad,Bad,0\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        load_regions(path)
    assert not EconomicRegion.objects.exists() and not Place.objects.exists()


def test_the_command_loads_the_regions_and_reports_the_counts(capsys):
    total = 14 + len(_rows())

    call_command("load_regions")
    first = capsys.readouterr().out
    call_command("load_regions")
    second = capsys.readouterr().out

    assert f"{total} created, 0 updated, 0 unchanged" in first
    assert Place.objects.get(name="Sumqayıt").region.name == "Abşeron-Xızı"
    assert f"0 created, 0 updated, {total} unchanged" in second
