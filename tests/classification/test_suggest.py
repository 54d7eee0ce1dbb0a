"""The coding assistant on a small classification built in code.

Each test states what an employer notices: which group comes first, how sure the
assistant says it is, when it says the title is ambiguous and what would decide it.
"""

import pytest

from classification.models import AlternativeLabel, Occupation
from classification.services import bump_version
from classification.suggest import suggest

pytestmark = pytest.mark.django_db

# code: (az title, en title, az labels, definition_az)
UNITS = {
    "2142": (
        "İnşaat mühəndisləri",
        "Civil engineers",
        ["inşaat mühəndisi", "tikinti mühəndisi"],
        "İnşaat mühəndisləri binaları, yolları və körpüləri layihələndirir.\n"
        "Əsas vəzifələrə daxildir:\n– dəmir-beton konstruksiyaların hesablanması;",
    ),
    "2144": (
        "Mexanika mühəndisləri",
        "Mechanical engineers",
        ["mexanika mühəndisi", "maşınqayırma mühəndisi"],
        "Mexanika mühəndisləri maşınları, mühərrikləri və istilik sistemlərini layihələndirir.",
    ),
    "2151": (
        "Elektrik mühəndisləri",
        "Electrical engineers",
        ["elektrik mühəndisi", "energetik mühəndis"],
        "Elektrik mühəndisləri elektrik təchizatı sistemlərini və elektrik şəbəkələrini "
        "layihələndirir.\nBu qrupa aid edilən peşələrə nümunələr:\n– Elektrik mühəndisi",
    ),
    "3121": (
        "Mədənçıxarmada ustalar",
        "Mining supervisors",
        ["mədən ustası", "şaxta ustası"],
        "Mədən ustaları şaxtalarda işçilərin işinə rəhbərlik edir.",
    ),
    "3134": (
        "Neft və qaz emalı qurğularının operatorları",
        "Petroleum and natural gas refining plant operators",
        ["neft emalı operatoru"],
        "Operatorlar neft emalı qurğularını idarəetmə pultundan idarə edir.",
    ),
    "7126": (
        "Santexniklər və boru quraşdıranlar",
        "Plumbers and pipe fitters",
        ["santexnik", "boru montajçısı"],
        "Santexniklər binalarda su və kanalizasiya borularını quraşdırır və təmir edir.",
    ),
    "7131": (
        "Rəngsazlar və oxşar peşələrin işçiləri",
        "Painters and related workers",
        ["rəngsaz", "boyaqçı", "malyar"],
        "Rəngsazlar binaların divarlarını boyayır.",
    ),
    "7212": (
        "Qaynaqçılar və qaz kəsənlər",
        "Welders and flame cutters",
        ["qaynaqçı", "elektrik qaynaqçısı"],
        "Qaynaqçılar metal hissələri qaynaq edir.",
    ),
    "7411": (
        "Tikinti elektrikləri",
        "Building and related electricians",
        ["elektrik", "elektrik montajçısı"],
        "Elektriklər binalarda elektrik naqillərini çəkir və rozetkaları quraşdırır.",
    ),
    "8113": (
        "Quyu qazmaçıları",
        "Well drillers and borers and related workers",
        ["qazmaçı", "qazma operatoru", "buruq operatoru"],
        "Qazmaçılar neft və qaz quyularını qazır.",
    ),
    "8189": (
        "Başqa qruplara daxil edilməyən stasionar qurğu operatorları",
        "Stationary plant and machine operators not elsewhere classified",
        ["dəzgah operatoru", "qurğu operatoru"],
        "Bu qrupa başqa qruplara daxil edilməyən qurğu operatorları aiddir.",
    ),
    "8212": (
        "Elektrik və elektron avadanlığı yığıcıları",
        "Electrical and electronic equipment assemblers",
        ["elektron avadanlıq montajçısı", "elektron lövhə yığıcısı"],
        "Yığıcılar elektron lövhələri və cihazları yığır.",
    ),
    "8322": (
        "Minik avtomobili, taksi və furqon sürücüləri",
        "Car, taxi and van drivers",
        ["sürücü", "taksi sürücüsü", "minik avtomobili sürücüsü"],
        "Sürücülər minik avtomobillərini idarə edir və sərnişin daşıyır.",
    ),
    "8332": (
        "Yük maşını sürücüləri",
        "Heavy truck and lorry drivers",
        ["yük maşını sürücüsü", "tır sürücüsü"],
        "Sürücülər ağır yük maşınlarını idarə edir və yük daşıyır.",
    ),
    "8342": (
        "Torpaqqazan və oxşar maşınların operatorları",
        "Earthmoving and related plant operators",
        ["buldozerçi", "ekskavatorçu", "katokçu", "ekskavator operatoru"],
        "Operatorlar torpağı qazan, düzləyən və sıxlaşdıran maşınları idarə edir.",
    ),
    "9312": (
        "Yol və mühəndis qurğularının tikintisində fəhlələr",
        "Civil engineering labourers",
        ["yol fəhləsi", "mühəndis qurğuları fəhləsi"],
        "Fəhlələr yolların tikintisində sadə işlər görür.",
    ),
}


@pytest.fixture
def units(db):
    made = {}
    for code in sorted({c[:n] for c in UNITS for n in range(1, 5)}, key=lambda c: (len(c), c)):
        az, en, labels, definition = UNITS.get(code, (f"Qrup {code}", f"Group {code}", [], ""))
        made[code] = Occupation.objects.create(
            code=code,
            level=len(code),
            parent=made.get(code[:-1]),
            title_az=az,
            title_en=en,
            title_ru=f"Группа {code}",
            definition_az=definition,
            definition_en=f"{en} do the work of {en.lower()}.",
        )
        for label in labels:
            AlternativeLabel.objects.create(occupation=made[code], language="az", label=label)
    bump_version()
    return made


def codes(title, **kwargs):
    return [s.code for s in suggest(title, language="az", **kwargs).suggestions]


@pytest.mark.parametrize("title", ["buldozer sürücüsü", "katok sürücüsü", "ekskavator sürücüsü"])
def test_a_machine_before_a_drivers_head_names_the_machines_group(units, title):
    result = suggest(title, language="az")

    assert result.suggestions[0].code == "8342"
    assert result.suggestions[0].score >= 70
    assert not result.ambiguous


def test_a_trade_before_usta_is_the_trade_not_a_mining_supervisor(units):
    assert codes("boyaqçı ustası")[0] == "7131"
    assert codes("santexnik ustası")[0] == "7126"


def test_a_turkish_spelling_is_read_the_azerbaijani_way(units):
    # Only the Azerbaijani "qaynaqçı" is a label here: "kaynakçı" is read as it.
    assert codes("kaynakçı")[0] == "7212"
    assert codes("kaynakçı ustası")[0] == "7212"


def test_a_generic_title_is_ambiguous_with_choices_and_a_low_score(units):
    result = suggest("mühəndis", language="az")

    assert result.ambiguous
    assert result.reason == "generic"
    choices = {choice.code: choice.label for choice in result.choices}
    assert {"2142", "2144", "2151"} <= set(choices)
    assert choices["2151"] == "elektrik mühəndisi"
    assert all(s.score < 40 for s in result.suggestions)
    assert result.suggestions[0].code != "9312"


def test_duties_decide_between_the_groups_of_a_generic_title(units):
    result = suggest(
        "mühəndis", duties="elektrik təchizatı sistemlərini layihələndirir", language="az"
    )

    assert result.suggestions[0].code == "2151"
    evidence = [e for e in result.suggestions[0].evidence if e.source == "definition"]
    assert evidence and "elektrik" in evidence[0].words
    assert "elektrik təchizatı" in result.suggestions[0].definition


def test_duties_re_rank_but_the_title_weighs_most(units):
    assert codes("qaynaqçı", duties="binalarda elektrik naqillərini çəkir")[0] == "7212"


@pytest.mark.parametrize(
    ("title", "activity", "wanted", "below"),
    [("operator", "B", {"8113", "3134"}, "8189"), ("montajçı", "F", {"7126", "7411"}, "8212")],
)
def test_the_employers_activity_re_ranks_a_generic_title(units, title, activity, wanted, below):
    ranked = codes(title, activity=activity, limit=10)

    assert ranked[0] in wanted
    assert below not in ranked or ranked.index(below) > ranked.index(ranked[0])


def test_a_free_text_industry_names_the_activity(units):
    result = suggest("operator", industry="Neft və qaz hasilatı şirkəti", language="az")

    assert result.activity == "B"
    assert result.suggestions[0].code in {"8113", "3134"}


def test_scores_fall_with_the_rank_and_only_the_first_can_be_sure(units):
    scores = [s.score for s in suggest("qaynaqçı", language="az", limit=5).suggestions]

    assert scores == sorted(scores, reverse=True)
    assert scores[0] >= 70
    assert all(score < 50 for score in scores[1:])


def test_evidence_names_the_label_that_matched(units):
    first = suggest("ekskavator operatoru", language="az").suggestions[0]

    assert first.code == "8342"
    assert first.evidence[0].source == "label"
    assert first.evidence[0].text == "ekskavator operatoru"


def test_titles_and_definition_come_in_the_requested_language(units):
    first = suggest("qaynaqçı", language="en").suggestions[0]

    assert first.title == "Welders and flame cutters"
    assert first.definition_language == "en"


def test_a_code_as_the_title_gives_that_unit_group(units):
    assert codes("7212") == ["7212"]
    assert codes("72") == []


@pytest.mark.parametrize("title", ["", "   ", "\x00", "!!!"])
def test_an_empty_title_gives_nothing(units, title):
    result = suggest(title, language="az")

    assert result.suggestions == []
    assert not result.ambiguous


def test_the_limit_caps_the_suggestions(units):
    assert len(suggest("operator", language="az", limit=2).suggestions) == 2
