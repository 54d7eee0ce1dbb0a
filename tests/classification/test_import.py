"""Importing the classification: official exports, the key table, bundled data, bad files."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from classification.models import (
    AlternativeLabel,
    ClassificationVersion,
    CodeTransition,
    Occupation,
)
from classification.services import import_classification

pytestmark = pytest.mark.django_db


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A tiny stand-in for fixtures/classification/: English, working titles, labels."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    write_csv(
        folder / "isco08_en.csv",
        [
            ["code", "level", "parent_code", "title_en", "description_en"],
            ["7", "1", "", "Craft and related trades workers", "Craft workers apply skills."],
            ["72", "2", "7", "Metal, machinery and related trades workers", ""],
            ["721", "3", "72", "Sheet and structural metal workers", ""],
            ["7211", "4", "721", "Metal moulders and coremakers", ""],
            ["7212", "4", "721", "Welders and flame cutters", "Welders weld metal."],
        ],
    )
    write_csv(
        folder / "working_titles.csv",
        [
            ["code", "title_az", "title_ru"],
            ["7", "Sənətkarlar", "Квалифицированные рабочие"],
            ["72", "Metal emalı işçiləri", "Рабочие металлообработки"],
            ["721", "Metal konstruksiya işçiləri", "Рабочие металлоконструкций"],
            ["7211", "Metal tökənlər", "Формовщики"],
            ["7212", "Qaynaqçılar və qaz kəsənlər", "Сварщики и газорезчики"],
        ],
    )
    write_csv(
        folder / "esco_occupations_en.csv",
        [
            ["isco_code", "esco_uri", "preferred_label", "alt_labels"],
            ["7212", "http://example/1", "welder", "tig welder|mig welder|welder"],
        ],
    )
    write_csv(
        folder / "aliases.csv",
        [
            ["code", "lang", "kind", "label"],
            ["7212", "az", "alternative", "qaynaqçı"],
            ["7212", "ru", "alternative", "сварщик"],
            ["7212", "az", "hidden", "qaynaqci"],
        ],
    )
    write_csv(
        folder / "definitions.csv",
        [
            ["code", "definition_az", "definition_ru"],
            ["7212", "Qaynaqçılar metal hissələri qaynaq edir.", "Сварщики сваривают металл."],
        ],
    )
    write_csv(
        folder / "transition_old_new_partial.csv",
        [
            ["kod_kohne", "ad_kohne", "kod_yeni", "ad_yeni"],
            ["7442", "Qaynaqçılar", "7212", "Qaynaqçılar və qaz kəsənlər"],
        ],
    )
    return folder


def test_bundled_load_creates_groups_labels_and_key_table(bundled):
    report = import_classification(bundled_dir=bundled)

    assert report.ok
    assert (report.occupations.created, report.labels.created, report.transitions.created) == (
        5,
        6,
        1,
    )
    welders = Occupation.objects.get(code="7212")
    assert welders.title_en == "Welders and flame cutters"
    assert welders.title_az == "Qaynaqçılar və qaz kəsənlər"
    assert not welders.title_az_official
    assert welders.parent_id == "721"
    assert welders.labels.filter(language="ru", label="сварщик").exists()
    assert ClassificationVersion.objects.get().version == 1


def test_a_second_run_changes_nothing(bundled):
    import_classification(bundled_dir=bundled)

    again = import_classification(bundled_dir=bundled)

    assert again.ok
    assert again.changed == 0
    assert again.occupations.unchanged == 5
    assert again.labels.unchanged == 6
    assert ClassificationVersion.objects.get().version == 1


def test_official_xlsx_replaces_the_working_title_and_survives_a_bundled_reload(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    export = write_xlsx(
        tmp_path / "mesgulluq.xlsx",
        [
            ["MƏŞĞULLUQ TƏSNİFATI"],
            [],
            [" KOD ", "Ad"],
            ["7212", "Qaynaqçılar və qazla kəsənlər"],
        ],
    )

    report = import_classification([export])

    assert report.ok, report.rejected
    assert report.occupations.updated == 1
    welders = Occupation.objects.get(code="7212")
    assert welders.title_az == "Qaynaqçılar və qazla kəsənlər"
    assert welders.title_az_official
    assert welders.is_title_official("az")

    reload = import_classification(bundled_dir=bundled)
    welders.refresh_from_db()
    assert reload.occupations.updated == 0
    assert welders.title_az == "Qaynaqçılar və qazla kəsənlər"


def test_an_official_file_with_a_language_column_sets_the_russian_title(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    export = write_csv(
        tmp_path / "ru.csv",
        [["Kod", "Dil", "Ad", "Səviyyə"], ["7212", "ru", "Сварщики", "4"]],
    )

    report = import_classification([export])

    assert report.ok, report.rejected
    welders = Occupation.objects.get(code="7212")
    assert (welders.title_ru, welders.title_ru_official) == ("Сварщики", True)


def test_excel_numbers_get_back_their_leading_zero_when_the_level_says_so(tmp_path):
    export = write_xlsx(
        tmp_path / "armed.xlsx",
        [
            ["Kod", "Ad", "Səviyyə"],
            [0, "Silahlı qüvvələrdə peşələr", 1],
            [1, "Zabitlər", 2],
            [11, "Zabitlər", 3],
            [110, "Silahlı qüvvələrin zabit heyəti", 4],
        ],
    )

    report = import_classification([export])

    assert report.ok, report.rejected
    assert list(Occupation.objects.values_list("code", flat=True)) == ["0", "01", "011", "0110"]


@pytest.mark.parametrize(
    "header",
    [
        ["Kod(kohnə)", "Ad(kohnə)", "Kod(yeni)", "Ad(yeni)"],
        ["kod (köhnə)", "ad (köhnə)", "KOD (YENİ)", "AD (YENİ)"],
        ["kod_kohne", "ad_kohne", "kod_yeni", "ad_yeni"],
    ],
)
def test_it_reads_the_key_table_whatever_the_spacing_case_and_spelling(bundled, tmp_path, header):
    import_classification(bundled_dir=bundled)
    table = write_xlsx(
        tmp_path / "kecid.xlsx",
        [header, ["7441", "Metal qaynaqçıları", "7212", "Qaynaqçılar"]],
    )

    report = import_classification([table])

    assert report.ok, report.rejected
    assert report.files == [("kecid.xlsx", "key_table")]
    transition = CodeTransition.objects.get(old_code="7441")
    assert (transition.new_occupation_id, transition.official) == ("7212", True)


def test_a_bad_file_changes_nothing_and_names_every_bad_row(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    before = list(Occupation.objects.values_list("code", "title_az", "is_active"))
    broken = write_csv(
        tmp_path / "broken.csv",
        [
            ["Kod", "Ad", "Səviyyə", "Parent"],
            ["7212", "Qaynaqçılar (yeni)", "4", "721"],
            ["72A1", "Səhv kod", "4", "721"],
            ["7213", "Təbəqə metal işçiləri", "3", "721"],
            ["7214", "Metal konstruksiyaçılar", "4", "711"],
            ["7212", "Qaynaqçılar yenə", "4", "721"],
            ["7215", "", "4", "721"],
        ],
    )

    report = import_classification([broken])

    assert not report.ok
    assert [(row.file, row.row_number) for row in report.rejected] == [
        ("broken.csv", 3),
        ("broken.csv", 4),
        ("broken.csv", 5),
        ("broken.csv", 6),
        ("broken.csv", 7),
    ]
    reasons = " | ".join(row.reason for row in report.rejected)
    assert "72A1" in reasons and "təkrar" in reasons and "yuxarı qrup" in reasons
    assert report.changed == 0
    assert list(Occupation.objects.values_list("code", "title_az", "is_active")) == before


def test_an_unknown_column_layout_is_rejected(tmp_path):
    odd = write_csv(tmp_path / "odd.csv", [["foo", "bar"], ["1", "2"]])

    report = import_classification([odd])

    assert [row.reason for row in report.rejected][0].startswith("sütunların düzülüşü tanınmadı")
    assert not Occupation.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_rejected(tmp_path):
    garbage = tmp_path / "export.xlsx"
    garbage.write_bytes(b"PK\x03\x04 definitely not a workbook")
    binary = tmp_path / "export.csv"
    binary.write_bytes(b"\x00\x01\x02")

    report = import_classification([garbage, binary])

    assert [row.file for row in report.rejected] == ["export.csv", "export.xlsx"]
    assert not Occupation.objects.exists()


def test_a_key_table_row_naming_an_unknown_new_code_rejects_the_file(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    table = write_csv(
        tmp_path / "kecid.csv",
        [
            ["Kod(kohnə)", "Ad(kohnə)", "Kod(yeni)", "Ad(yeni)"],
            ["1", "x", "7212", "y"],
            ["2", "x", "9999", "y"],
        ],
    )

    report = import_classification([table])

    assert [(row.row_number, row.reason) for row in report.rejected] == [
        (3, "naməlum yeni kod 9999")
    ]
    assert not CodeTransition.objects.filter(old_code="1").exists()


def test_a_full_official_file_deactivates_missing_codes_without_deleting_them(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    full = write_csv(
        tmp_path / "full.csv",
        [
            ["Kod", "Ad"],
            ["7", "Sənətkarlar"],
            ["72", "Metal işçiləri"],
            ["721", "Metal konstruksiya işçiləri"],
            ["7212", "Qaynaqçılar"],
        ],
    )

    report = import_classification([full])

    assert report.ok, report.rejected
    assert report.occupations.deactivated == 1
    moulders = Occupation.objects.get(code="7211")
    assert not moulders.is_active
    assert Occupation.objects.count() == 5


def test_a_partial_official_file_deactivates_nothing(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    partial = write_csv(tmp_path / "partial.csv", [["Kod", "Ad"], ["7212", "Qaynaqçılar"]])

    report = import_classification([partial])

    assert report.occupations.deactivated == 0
    assert Occupation.objects.filter(is_active=True).count() == 5


def test_bundled_reload_removes_labels_dropped_from_the_bundled_files_only(bundled):
    import_classification(bundled_dir=bundled)
    AlternativeLabel.objects.create(
        occupation_id="7212", language="az", label="dəmir qaynaqçısı", source="portal"
    )
    write_csv(bundled / "aliases.csv", [["code", "lang", "kind", "label"]])

    report = import_classification(bundled_dir=bundled)

    assert report.labels.deleted == 3
    assert AlternativeLabel.objects.filter(label="dəmir qaynaqçısı").exists()


def test_dry_run_reports_counts_but_saves_nothing(bundled):
    report = import_classification(bundled_dir=bundled, dry_run=True)

    assert report.ok
    assert report.occupations.created == 5
    assert not Occupation.objects.exists()
    assert not ClassificationVersion.objects.exists()


def test_the_command_prints_counts_and_fails_on_rejected_rows(bundled, tmp_path, capsys):
    import_classification(bundled_dir=bundled)
    good = write_csv(tmp_path / "good.csv", [["Kod", "Ad"], ["7212", "Qaynaqçılar"]])
    bad = write_csv(tmp_path / "bad.csv", [["Kod", "Ad"], ["XX", "Səhv"]])

    call_command("import_classification", str(good))
    out = capsys.readouterr().out
    assert "occupations: 0 created, 1 updated, 0 unchanged, 0 deactivated" in out
    welders = Occupation.objects.get(code="7212")
    assert (welders.title_az, welders.title_az_official) == ("Qaynaqçılar", True)

    versions = ClassificationVersion.objects.count()
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_classification", str(bad))
    assert "bad.csv, sətir 2" in capsys.readouterr().err
    assert ClassificationVersion.objects.count() == versions


def test_the_bundled_definitions_are_working_translations(bundled):
    import_classification(bundled_dir=bundled)

    welders = Occupation.objects.get(code="7212")
    assert welders.definition_az == "Qaynaqçılar metal hissələri qaynaq edir."
    assert welders.definition_ru == "Сварщики сваривают металл."
    assert welders.definition_en == "Welders weld metal."
    assert not welders.definition_az_official
    assert welders.definition_with_language("ru") == ("Сварщики сваривают металл.", "ru", False)
    assert welders.definition_with_language("en") == ("Welders weld metal.", "en", True)


def test_an_official_definition_replaces_the_working_one_and_survives_a_bundled_reload(
    bundled, tmp_path
):
    import_classification(bundled_dir=bundled)
    export = write_csv(
        tmp_path / "rəsmi.csv",
        [
            ["Kod", "Ad", "Tərif"],
            ["7212", "Qaynaqçılar", "Qaynaqçılar metalı qaynaqla birləşdirir."],
        ],
    )

    report = import_classification([export])

    assert report.ok, report.rejected
    welders = Occupation.objects.get(code="7212")
    assert welders.definition_az == "Qaynaqçılar metalı qaynaqla birləşdirir."
    assert welders.definition_az_official
    assert welders.definition_en == "Welders weld metal."
    import_classification(bundled_dir=bundled)
    welders.refresh_from_db()
    assert welders.definition_az == "Qaynaqçılar metalı qaynaqla birləşdirir."
    assert welders.definition_ru == "Сварщики сваривают металл."


def test_a_file_of_definitions_alone_updates_the_groups_it_names(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    export = write_csv(
        tmp_path / "terifler.csv",
        [["Kod", "Tərif (ru)", "Təsviri"], ["7211", "Формовщики отливают металл.", "Tökənlər."]],
    )

    report = import_classification([export])

    assert report.ok, report.rejected
    assert report.files == [("terifler.csv", "definitions")]
    moulders = Occupation.objects.get(code="7211")
    assert (moulders.definition_ru, moulders.definition_ru_official) == (
        "Формовщики отливают металл.",
        True,
    )
    assert moulders.definition_az == "Tökənlər."
    assert moulders.is_active


def test_bad_definition_rows_are_named_and_change_nothing(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    export = write_csv(
        tmp_path / "terifler.csv",
        [
            ["Kod", "Tərif"],
            ["9999", "Naməlum."],
            ["72X2", "Səhv kod."],
            ["7212", "x" * 20_001],
            ["7211", "Bir."],
            ["7211", "İki."],
        ],
    )

    report = import_classification([export])

    assert [row.row_number for row in report.rejected] == [2, 3, 4, 6]
    assert Occupation.objects.get(code="7211").definition_az == ""


def test_turkish_labels_are_read_and_turkish_titles_refused(bundled, tmp_path):
    import_classification(bundled_dir=bundled)
    labels = write_csv(
        tmp_path / "etiketler.csv",
        [
            ["code", "language", "label"],
            ["7212", "tr", "kaynakçı"],
            ["7212", "Türkçe", "kaynak ustası"],
        ],
    )
    titles = write_csv(
        tmp_path / "adlar.csv", [["Kod", "Dil", "Ad"], ["7212", "tr", "Kaynakçılar"]]
    )

    assert import_classification([labels]).ok
    assert set(AlternativeLabel.objects.filter(language="tr").values_list("label", flat=True)) == {
        "kaynakçı",
        "kaynak ustası",
    }
    refused = import_classification([titles])
    assert [row.row_number for row in refused.rejected] == [2]
