"""A small classification built in code: a few branches with labels and key-table rows."""

from classification.models import AlternativeLabel, CodeTransition, Occupation
from classification.services import bump_version

# code: (az, en, ru, az official)
GROUPS = {
    "2": ("Peşəkar mütəxəssislər", "Professionals", "Специалисты-профессионалы", False),
    "21": (
        "Elm və mühəndislik mütəxəssisləri",
        "Science and engineering professionals",
        "Специалисты в области науки и техники",
        False,
    ),
    "214": ("Mühəndislər", "Engineering professionals", "Инженеры", False),
    "2142": ("İnşaat mühəndisləri", "Civil engineers", "Инженеры-строители", False),
    "215": (
        "Elektrotexnika mühəndisləri",
        "Electrotechnology engineers",
        "Инженеры-электротехники",
        False,
    ),
    "2151": ("Elektrik mühəndisləri", "Electrical engineers", "Инженеры-электрики", False),
    "5": (
        "Xidmət və satış işçiləri",
        "Service and sales workers",
        "Работники сферы услуг и торговли",
        False,
    ),
    "51": (
        "Fərdi xidmət işçiləri",
        "Personal service workers",
        "Работники сферы индивидуальных услуг",
        False,
    ),
    "512": ("Aşpazlar", "Cooks", "Повара", False),
    "5120": ("Aşpazlar", "Cooks", "Повара", True),
    "7": ("Sənətkarlar", "Craft and related trades workers", "Квалифицированные рабочие", False),
    "72": (
        "Metal emalı işçiləri",
        "Metal, machinery and related trades workers",
        "Рабочие металлообработки",
        False,
    ),
    "721": (
        "Qaynaqçılar və metal konstruksiya işçiləri",
        "Sheet and structural metal workers, moulders and welders",
        "Сварщики и рабочие металлоконструкций",
        False,
    ),
    "7211": ("Metal tökənlər", "Metal moulders and coremakers", "Формовщики", False),
    "7212": (
        "Qaynaqçılar və qaz kəsənlər",
        "Welders and flame cutters",
        "Сварщики и газорезчики",
        False,
    ),
    "74": ("Elektrik işçiləri", "Electrical and electronic trades workers", "Электрики", False),
    "741": (
        "Elektrik avadanlığı quraşdırıcıları",
        "Electrical equipment installers",
        "Монтажники электрооборудования",
        False,
    ),
    "7411": (
        "Tikinti elektrikləri",
        "Building and related electricians",
        "Электрики в строительстве",
        False,
    ),
}

LABELS = [
    ("7212", "az", "qaynaqçı"),
    ("7212", "az", "elektrik qaynaqçısı"),
    ("7212", "ru", "сварщик"),
    ("7212", "en", "welder"),
    ("5120", "az", "aşbaz"),
    ("7411", "en", "electrician"),
    ("2142", "az", "tikinti mühəndisi"),
]


def make_classification() -> dict[str, Occupation]:
    """Create the groups above with their labels and two key-table rows."""
    made: dict[str, Occupation] = {}
    for code in sorted(GROUPS, key=lambda c: (len(c), c)):
        az, en, ru, official = GROUPS[code]
        made[code] = Occupation.objects.create(
            code=code,
            level=len(code),
            parent=made.get(code[:-1]),
            title_az=az,
            title_en=en,
            title_ru=ru,
            title_az_official=official,
            definition_en=f"{en} do the work of {en.lower()}.",
        )
    made["7212"].definition_en = (
        "Welders and flame cutters weld and cut metal parts using gas flame or an electric arc.\n"
        "Examples of the occupations classified here:\n- Brazier\n- Flame cutter"
    )
    made["7212"].save()
    for code, language, label in LABELS:
        AlternativeLabel.objects.create(occupation=made[code], language=language, label=label)
    CodeTransition.objects.create(
        old_code="7442", old_title="Qaynaqçılar", new_occupation=made["7212"]
    )
    CodeTransition.objects.create(
        old_code="2140", old_title="Mühəndislər", new_occupation=made["2142"]
    )
    CodeTransition.objects.create(
        old_code="2140", old_title="Mühəndislər", new_occupation=made["2151"]
    )
    bump_version()
    return made
