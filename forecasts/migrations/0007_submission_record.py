"""The submission becomes the system of record: its schema (data in 0008, clean-up in 0009).

The employer block gets columns of its own on ``Submission``, the lines become rows of
``SubmittedLine``, review decisions rows of ``Decision`` (appended, never changed), and a
forecast points at the submission its status refers to. The JSON snapshots stay until
0008 has copied them (``lines`` is renamed out of the way of the new ``lines`` rows).
"""

import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0003_territorial_unit_tables"),
        ("forecasts", "0006_assigned_reviewer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="submission", old_name="lines", new_name="legacy_lines"),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("accepted", "Qəbul edilib"),
                            ("returned", "Düzəliş üçün qaytarılıb"),
                            ("rejected", "Rədd edilib"),
                            ("reopened", "Düzəliş üçün yenidən açılıb"),
                        ],
                        max_length=10,
                        verbose_name="qərar",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="yoxlayanın şərhi")),
                ("decided_at", models.DateTimeField(verbose_name="tarix")),
            ],
            options={
                "verbose_name": "qərar",
                "verbose_name_plural": "qərarlar",
                "ordering": ["submission", "decided_at", "pk"],
                "abstract": False,
                "base_manager_name": "objects",
            },
        ),
        migrations.CreateModel(
            name="SubmittedLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(verbose_name="sıra")),
                ("code", models.CharField(max_length=8, verbose_name="kod")),
                ("title_az", models.CharField(max_length=300, verbose_name="ad (azərbaycanca)")),
                (
                    "title_en",
                    models.CharField(blank=True, max_length=300, verbose_name="ad (ingiliscə)"),
                ),
                (
                    "title_ru",
                    models.CharField(blank=True, max_length=300, verbose_name="ad (rusca)"),
                ),
                ("workers", models.PositiveIntegerField(verbose_name="əcnəbi işçilərin sayı")),
                ("place_name", models.CharField(max_length=100, verbose_name="şəhər / rayon")),
                (
                    "region_number",
                    models.PositiveSmallIntegerField(
                        null=True, verbose_name="iqtisadi rayonun nömrəsi"
                    ),
                ),
                ("region_name", models.CharField(max_length=100, verbose_name="iqtisadi rayon")),
                (
                    "is_liberated",
                    models.BooleanField(default=False, verbose_name="işğaldan azad edilmiş ərazi"),
                ),
                (
                    "job_title",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="vəzifənin adı (işəgötürəndə)"
                    ),
                ),
                (
                    "citizenship",
                    django_countries.fields.CountryField(
                        blank=True, max_length=2, verbose_name="vətəndaşlıq"
                    ),
                ),
                (
                    "education",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("none", "Tələb olunmur"),
                            ("general", "Ümumi orta təhsil"),
                            ("vocational", "Peşə təhsili"),
                            ("secondary_special", "Orta ixtisas təhsili"),
                            ("bachelor", "Ali təhsil (bakalavr)"),
                            ("master", "Ali təhsil (magistr)"),
                            ("doctorate", "Doktorantura"),
                        ],
                        max_length=20,
                        verbose_name="təhsil səviyyəsi",
                    ),
                ),
                (
                    "monthly_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="planlaşdırılan aylıq əmək haqqı (AZN)",
                    ),
                ),
                (
                    "period_months",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="müddət (ay)"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="qeyd")),
            ],
            options={
                "verbose_name": "göndərilmiş sətir",
                "verbose_name_plural": "göndərilmiş sətirlər",
                "ordering": ["submission", "position"],
                "abstract": False,
                "base_manager_name": "objects",
            },
        ),
        migrations.AlterModelOptions(
            name="submission",
            options={
                "base_manager_name": "objects",
                "ordering": ["forecast", "number"],
                "verbose_name": "göndəriş",
                "verbose_name_plural": "göndərişlər",
            },
        ),
        migrations.AddField(
            model_name="forecast",
            name="current_submission",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="current_for",
                to="forecasts.submission",
                verbose_name="cari göndəriş",
            ),
        ),
        migrations.AddField(
            model_name="historicalforecast",
            name="current_submission",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="forecasts.submission",
                verbose_name="cari göndəriş",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="activity",
            field=models.CharField(
                choices=[
                    ("A", "A — Kənd təsərrüfatı, meşə təsərrüfatı və balıqçılıq"),
                    ("B", "B — Mədənçıxarma sənayesi"),
                    ("C", "C — Emal sənayesi"),
                    (
                        "D",
                        "D — Elektrik enerjisi, qaz və buxar istehsalı, bölüşdürülməsi və təchizatı",
                    ),
                    ("E", "E — Su təchizatı; tullantıların təmizlənməsi və emalı"),
                    ("F", "F — Tikinti"),
                    ("G", "G — Ticarət; nəqliyyat vasitələrinin təmiri"),
                    ("H", "H — Nəqliyyat və anbar təsərrüfatı"),
                    ("I", "I — Turistlərin yerləşdirilməsi və ictimai iaşə"),
                    ("J", "J — İnformasiya və rabitə"),
                    ("K", "K — Maliyyə və sığorta fəaliyyəti"),
                    ("L", "L — Daşınmaz əmlakla əlaqəli əməliyyatlar"),
                    ("M", "M — Peşə, elmi və texniki fəaliyyət"),
                    ("N", "N — İnzibati və yardımçı xidmətlər"),
                    ("O", "O — Dövlət idarəetməsi və müdafiə; sosial təminat"),
                    ("P", "P — Təhsil"),
                    ("Q", "Q — Əhaliyə səhiyyə və sosial xidmətlərin göstərilməsi"),
                    ("R", "R — İncəsənət, əyləncə və istirahət"),
                    ("S", "S — Digər xidmət fəaliyyətləri"),
                    ("T", "T — Ev təsərrüfatlarının fəaliyyəti"),
                    ("U", "U — Ekstraterritorial təşkilatların fəaliyyəti"),
                ],
                default="",
                max_length=1,
                verbose_name="əsas iqtisadi fəaliyyət növü",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="contact_person",
            field=models.CharField(default="", max_length=200, verbose_name="əlaqələndirici şəxs"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="contact_position",
            field=models.CharField(
                default="", max_length=200, verbose_name="əlaqələndirici şəxsin vəzifəsi"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="email",
            field=models.EmailField(default="", max_length=254, verbose_name="e-poçt"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="foreign_workers",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="iş icazəsi olan əcnəbi işçilərin sayı"
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="head_name",
            field=models.CharField(default="", max_length=200, verbose_name="rəhbərin adı, soyadı"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="head_position",
            field=models.CharField(blank=True, max_length=200, verbose_name="rəhbərin vəzifəsi"),
        ),
        migrations.AddField(
            model_name="submission",
            name="headcount",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="işçilərin sayı"),
        ),
        migrations.AddField(
            model_name="submission",
            name="kind",
            field=models.CharField(
                choices=[
                    ("legal_entity", "Hüquqi şəxs"),
                    ("foreign_branch", "Xarici şirkətin filialı və ya nümayəndəliyi"),
                    ("individual", "Fərdi sahibkar"),
                ],
                default="",
                max_length=20,
                verbose_name="növü",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="legal_address",
            field=models.CharField(default="", max_length=500, verbose_name="hüquqi ünvanı"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="legal_name",
            field=models.CharField(default="", max_length=300, verbose_name="hüquqi adı"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="phone",
            field=models.CharField(default="", max_length=13, verbose_name="telefon"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="voen",
            field=models.CharField(default="", max_length=10, verbose_name="VÖEN"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="submission",
            name="submitted_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="göndərən istifadəçi",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="decided_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="yoxlayan",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="submission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="forecasts.submission",
                verbose_name="göndəriş",
            ),
        ),
        migrations.AddField(
            model_name="submittedline",
            name="place",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="classification.place",
                verbose_name="şəhər / rayon",
            ),
        ),
        migrations.AddField(
            model_name="submittedline",
            name="submission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lines",
                to="forecasts.submission",
                verbose_name="göndəriş",
            ),
        ),
        migrations.AddConstraint(
            model_name="submittedline",
            constraint=models.UniqueConstraint(
                fields=("submission", "position"), name="submitted_line_unique_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="submittedline",
            constraint=models.CheckConstraint(
                condition=models.Q(("workers__gte", 1), ("workers__lte", 10000)),
                name="submitted_line_workers_1_10000",
            ),
        ),
    ]
