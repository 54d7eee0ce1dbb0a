"""Give offices and announcements a stable slug: the loader finds its rows by it."""

from django.db import migrations, models
from django.utils.text import slugify

# Rows loaded before this migration get the slugs the announcement file uses.
KNOWN = {
    "Dövlət Miqrasiya Xidmətinin Aparatı": "aparat",
    "Gəncə regional miqrasiya idarəsi": "gence-rmi",
    "Lənkəran regional miqrasiya idarəsi": "lenkeran-rmi",
    "Xaçmaz regional miqrasiya idarəsi": "xacmaz-rmi",
    "Şəki regional miqrasiya idarəsi": "seki-rmi",
    "Ağsu regional miqrasiya idarəsi": "agsu-rmi",
    "Yevlax regional miqrasiya idarəsi": "yevlax-rmi",
    "Şirvan regional miqrasiya idarəsi": "sirvan-rmi",
    "Yevlax şəhər qanunsuz miqrantların saxlanılması mərkəzi": "yevlax-saxlanma-merkezi",
    "Azərbaycan Respublikası Dövlət Miqrasiya Xidmətinin müsabiqəyə çıxarılan vakant "
    "vəzifələri haqqında məlumat": "dmx-inspektorlar",
}


def fill_slugs(apps, schema_editor):
    for model_name, text in (("Office", "name"), ("Announcement", "title")):
        model = apps.get_model("vacancies", model_name)
        taken = set()
        for row in model.objects.order_by("pk"):
            name = getattr(row, text)
            slug = KNOWN.get(name) or slugify(name)[:90] or f"{model_name.lower()}-{row.pk}"
            base, n = slug, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            row.slug = slug
            row.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="slug",
            field=models.SlugField(db_index=False, default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="announcement",
            name="slug",
            field=models.SlugField(db_index=False, default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="office",
            name="slug",
            field=models.SlugField(
                help_text="Sabit açar: məlumat faylı idarəni bununla tanıyır.",
                max_length=100,
                unique=True,
                verbose_name="qısa ad",
            ),
        ),
        migrations.AlterField(
            model_name="announcement",
            name="slug",
            field=models.SlugField(
                help_text="Sabit açar: məlumat faylı elanı bununla tanıyır.",
                max_length=100,
                unique=True,
                verbose_name="qısa ad",
            ),
        ),
    ]
