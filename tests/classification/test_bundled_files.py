"""The bundled data files: one file per kind of content, and what the import makes of them.

``import_before_merge.csv`` was written once, from the database the bundled import
built before ``working_titles_4/_6.csv`` and ``aliases_4/_6.csv`` were merged into
``working_titles.csv`` and ``aliases.csv``: every group's effective Azerbaijani and
Russian title and every alias the import kept (with its kind). It is frozen: the
merge must not change what the import gives.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

from classification.models import AlternativeLabel, Occupation
from classification.services import BUNDLED_DIR, SOURCE_ALIASES, bundled_sources

BEFORE = Path(__file__).with_name("import_before_merge.csv")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _before() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str, str], str]]:
    titles, aliases = {}, {}
    for row in _read(BEFORE):
        if row["field"] == "alias":
            aliases[(row["code"], row["language"], row["value"])] = row["kind"]
        else:
            titles[(row["code"], row["language"])] = row["value"]
    return titles, aliases


@pytest.fixture
def data(bundled_classification, db):
    return bundled_classification


def test_the_import_reads_one_titles_file_and_one_aliases_file():
    names = [source.path.name for source in bundled_sources()]

    assert names.count("working_titles.csv") == 1
    assert names.count("aliases.csv") == 1
    assert not [name for name in names if name.startswith(("working_titles_", "aliases_"))]
    assert not list(BUNDLED_DIR.glob("*_[0-9].csv"))


def test_the_merged_files_hold_no_duplicate_rows():
    titles = Counter(row["code"] for row in _read(BUNDLED_DIR / "working_titles.csv"))
    aliases = Counter(
        (row["code"], row["language"], " ".join(row["label"].split()))
        for row in _read(BUNDLED_DIR / "aliases.csv")
    )

    assert [code for code, n in titles.items() if n > 1] == []
    assert [key for key, n in aliases.items() if n > 1] == []


def test_every_effective_title_is_what_the_import_gave_before_the_merge(data):
    before, _aliases = _before()
    now = {}
    for code, title_az, title_ru in Occupation.objects.values_list("code", "title_az", "title_ru"):
        now[(code, "az")], now[(code, "ru")] = title_az, title_ru

    assert len(before) == 2 * 619
    assert {key: value for key, value in now.items() if before.get(key) != value} == {}
    assert now.keys() == before.keys()
    # Spot checks: titles the former _4 and _6 files overrode in working_titles.csv.
    assert now[("4131", "ru")] == "Машинистки и операторы по обработке текстов"
    assert now[("8111", "ru")] == "Горняки и рабочие карьеров"


def test_every_alias_is_what_the_import_gave_before_the_merge(data):
    _titles, before = _before()
    now = {
        (code, lang, label): kind
        for code, lang, label, kind in AlternativeLabel.objects.filter(
            source=SOURCE_ALIASES
        ).values_list("occupation_id", "language", "label", "kind")
    }

    assert len(before) == 2952
    assert {key: kind for key, kind in before.items() if now.get(key) != kind} == {}
    assert {key: kind for key, kind in now.items() if key not in before} == {}
    # Spot checks: aliases that came only from the former aliases_4.csv and aliases_6.csv.
    assert now[("4110", "az", "deloproizvoditel")] == "hidden"
    assert now[("8111", "az", "yeraltı mədənçi")] == "alternative"
