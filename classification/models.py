"""The national occupational classification (Məşğulluq Təsnifatı, ISCO-08 based)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .database import az_order

LANGS = ("az", "en", "ru")
# Alternative labels may also be Turkish: many employers of foreign workers are Turkish
# companies and write job titles in Turkish. Titles and definitions stay az/en/ru.
LABEL_LANGS = (*LANGS, "tr")


class Level(models.IntegerChoices):
    MAJOR = 1, _("Əsas qrup")
    SUB_MAJOR = 2, _("Yarımqrup")
    MINOR = 3, _("Kiçik qrup")
    UNIT = 4, _("İbtidai qrup")


class OccupationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def units(self):
        """Return unit groups: the level a forecast line must name."""
        return self.filter(level=Level.UNIT)


class Occupation(models.Model):
    """One group of the classification at any of its four levels."""

    code = models.CharField(_("kod"), max_length=8, primary_key=True)
    level = models.PositiveSmallIntegerField(_("səviyyə"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("yuxarı qrup"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title_az = models.CharField(_("ad (azərbaycanca)"), max_length=300)
    title_en = models.CharField(_("ad (ingiliscə)"), max_length=300, blank=True)
    title_ru = models.CharField(_("ad (rusca)"), max_length=300, blank=True)
    title_az_official = models.BooleanField(
        _("azərbaycanca ad rəsmidir"),
        default=False,
        help_text=_("Rəsmi təsnifatdan idxal olunub; əks halda qeyri-rəsmi iş tərcüməsidir."),
    )
    title_ru_official = models.BooleanField(_("rusca ad rəsmidir"), default=False)
    definition_en = models.TextField(_("tərif (BƏT, ingiliscə)"), blank=True)
    definition_az = models.TextField(_("tərif (azərbaycanca)"), blank=True)
    definition_ru = models.TextField(_("tərif (rusca)"), blank=True)
    definition_az_official = models.BooleanField(
        _("azərbaycanca tərif rəsmidir"),
        default=False,
        help_text=_("Rəsmi təsnifatdan idxal olunub; əks halda qeyri-rəsmi iş tərcüməsidir."),
    )
    definition_ru_official = models.BooleanField(_("rusca tərif rəsmidir"), default=False)
    is_active = models.BooleanField(
        _("aktivdir"),
        default=True,
        help_text=_("Yeni rəsmi faylda olmayan kodlar silinmir, deaktiv edilir."),
    )
    updated_at = models.DateTimeField(_("yenilənib"), auto_now=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("peşə qrupu")
        verbose_name_plural = _("peşə qrupları")
        indexes = [
            # Browse pages and the admin filter list groups by level.
            models.Index(fields=["level", "is_active"], name="occupation_level_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="occupation_level_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title()}"

    def get_absolute_url(self) -> str:
        return reverse("classification:occupation-detail", args=[self.code])

    def title(self, language: str | None = None) -> str:
        """Return the title in ``language`` (default: active), falling back to az, en, ru."""
        return self.title_with_language(language)[0]

    def title_with_language(self, language: str | None = None) -> tuple[str, str]:
        """Return (title, language it is in), falling back when a title is missing."""
        language = (language or get_language() or "az")[:2]
        order = [language] + [lang for lang in LANGS if lang != language]
        for lang in order:
            value = getattr(self, f"title_{lang}", "")
            if value:
                return value, lang
        return self.code, language

    def is_title_official(self, language: str | None = None) -> bool:
        """Say whether the title shown in ``language`` is official (English ISCO always is)."""
        _title, lang = self.title_with_language(language)
        return {"az": self.title_az_official, "ru": self.title_ru_official}.get(lang, True)

    def definition_with_language(self, language: str | None = None) -> tuple[str, str, bool]:
        """Return (definition, its language, official) in ``language``, else az, en, ru."""
        language = (language or get_language() or "az")[:2]
        order = [language] + [lang for lang in ("az", "en", "ru") if lang != language]
        for lang in order:
            value = getattr(self, f"definition_{lang}", "")
            if value:
                official = {
                    "az": self.definition_az_official,
                    "ru": self.definition_ru_official,
                }.get(lang, True)
                return value, lang, official
        return "", language, True

    @property
    def is_unit(self) -> bool:
        return self.level == Level.UNIT


class AlternativeLabel(models.Model):
    """A job title people use for an occupation, for search (after ESCO's labels)."""

    class Kind(models.TextChoices):
        ALTERNATIVE = "alternative", _("alternativ ad")
        HIDDEN = "hidden", _("gizli ad (səhv yazılış, danışıq forması)")

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="labels", verbose_name=_("peşə qrupu")
    )
    label = models.CharField(_("ad"), max_length=300)
    language = models.CharField(_("dil"), max_length=2, choices=[(x, x) for x in LABEL_LANGS])
    kind = models.CharField(_("növ"), max_length=12, choices=Kind.choices, default=Kind.ALTERNATIVE)
    source = models.CharField(_("mənbə"), max_length=20, default="portal")

    class Meta:
        ordering = ["occupation", "language", "label"]
        verbose_name = _("alternativ ad")
        verbose_name_plural = _("alternativ adlar")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "language", "label"], name="label_unique_per_occupation"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CodeTransition(models.Model):
    """One row of the official old→new key table (many-to-many between variants)."""

    old_code = models.CharField(_("köhnə kod"), max_length=8, db_index=True)
    old_title = models.CharField(_("köhnə ad"), max_length=400, blank=True)
    new_occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        related_name="old_codes",
        verbose_name=_("yeni kod"),
    )
    official = models.BooleanField(_("rəsmi"), default=True)

    class Meta:
        ordering = ["old_code", "new_occupation"]
        verbose_name = _("keçid açarı")
        verbose_name_plural = _("keçid açarları")
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_occupation"], name="transition_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_occupation_id}"


class ClassificationVersion(models.Model):
    """A single row bumped on every import, so search indexes know to rebuild."""

    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("təsnifat versiyası")
        verbose_name_plural = _("təsnifat versiyası")

    def __str__(self) -> str:
        return str(self.version)


class UnmatchedSearch(models.Model):
    """A query that found nothing: staff read these to add labels."""

    query = models.CharField(_("sorğu"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("say"), default=1)
    first_seen = models.DateTimeField(_("İlk dəfə"), auto_now_add=True)
    last_seen = models.DateTimeField(_("son dəfə"), auto_now=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("nəticəsiz axtarış")
        verbose_name_plural = _("nəticəsiz axtarışlar")

    def __str__(self) -> str:
        return self.query


# --- economic activities (NACE Rev. 2 sections) ----------------------------------------


class EconomicActivity(models.TextChoices):
    """NACE Rev. 2 sections: enough to aggregate by (Rules 3.3)."""

    A = "A", _("A — Kənd təsərrüfatı, meşə təsərrüfatı və balıqçılıq")
    B = "B", _("B — Mədənçıxarma sənayesi")
    C = "C", _("C — Emal sənayesi")
    D = "D", _("D — Elektrik enerjisi, qaz və buxar istehsalı, bölüşdürülməsi və təchizatı")
    E = "E", _("E — Su təchizatı; tullantıların təmizlənməsi və emalı")
    F = "F", _("F — Tikinti")
    G = "G", _("G — Ticarət; nəqliyyat vasitələrinin təmiri")
    H = "H", _("H — Nəqliyyat və anbar təsərrüfatı")
    I = "I", _("I — Turistlərin yerləşdirilməsi və ictimai iaşə")  # noqa: E741
    J = "J", _("J — İnformasiya və rabitə")
    K = "K", _("K — Maliyyə və sığorta fəaliyyəti")
    L = "L", _("L — Daşınmaz əmlakla əlaqəli əməliyyatlar")
    M = "M", _("M — Peşə, elmi və texniki fəaliyyət")
    N = "N", _("N — İnzibati və yardımçı xidmətlər")
    O = "O", _("O — Dövlət idarəetməsi və müdafiə; sosial təminat")  # noqa: E741
    P = "P", _("P — Təhsil")
    Q = "Q", _("Q — Əhaliyə səhiyyə və sosial xidmətlərin göstərilməsi")
    R = "R", _("R — İncəsənət, əyləncə və istirahət")
    S = "S", _("S — Digər xidmət fəaliyyətləri")
    T = "T", _("T — Ev təsərrüfatlarının fəaliyyəti")
    U = "U", _("U — Ekstraterritorial təşkilatların fəaliyyəti")


# --- territorial units -------------------------------------------------------------------


class EconomicRegion(models.Model):
    """One of the 14 economic regions (decree of 7 July 2021)."""

    number = models.PositiveSmallIntegerField(_("nömrə"), unique=True)
    name = models.CharField(_("ad"), max_length=100, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("İqtisadi rayon")
        verbose_name_plural = _("İqtisadi rayonlar")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A city or district inside an economic region."""

    region = models.ForeignKey(
        EconomicRegion,
        on_delete=models.PROTECT,
        related_name="places",
        verbose_name=_("İqtisadi rayon"),
    )
    name = models.CharField(_("şəhər / rayon"), max_length=100)
    is_liberated = models.BooleanField(
        _("İşğaldan azad edilmiş ərazi"),
        default=False,
        help_text=_("Bu ərazilərdəki əcnəbi işçilər 2023–2027-ci illərdə kvotaya daxil deyil."),
    )

    class Meta:
        ordering = ["region__number", az_order("name")]
        verbose_name = _("şəhər / rayon")
        verbose_name_plural = _("şəhərlər / rayonlar")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="place_unique_in_region"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.region.name})"
