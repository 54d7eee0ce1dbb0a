"""Several people per employer: each employer's account becomes its owner, nothing lost.

The employer (its VÖEN) keeps its forecasts; ``Employer.user`` becomes a ``Membership``
with the role "owner", joined when the employer registered. Backwards, each employer
gets back its earliest owner.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def accounts_become_owners(apps, schema_editor):
    Employer = apps.get_model("forecasts", "Employer")
    Membership = apps.get_model("forecasts", "Membership")
    rows = list(Employer.objects.exclude(user=None).values_list("pk", "user_id", "created_at"))
    Membership.objects.bulk_create(
        Membership(employer_id=pk, user_id=user_id, role="owner") for pk, user_id, _at in rows
    )
    # auto_now_add stamped today: a member since the employer registered.
    registered = Employer.objects.filter(pk=OuterRef("employer_id")).values("created_at")[:1]
    Membership.objects.update(created_at=Subquery(registered))


def owners_become_accounts(apps, schema_editor):
    Employer = apps.get_model("forecasts", "Employer")
    Membership = apps.get_model("forecasts", "Membership")
    for employer in Employer.objects.all():
        owner = (
            Membership.objects.filter(employer=employer, role="owner")
            .order_by("created_at", "pk")
            .first()
        )
        if owner is not None:
            Employer.objects.filter(pk=employer.pk).update(user_id=owner.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("forecasts", "0011_line_unique_profession_place"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("owner", "Sahib"), ("member", "Üzv")],
                        default="member",
                        max_length=10,
                        verbose_name="rol",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="qoşulub"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="forecasts.employer",
                        verbose_name="İşəgötürən",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="hesab",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical üzvlük",
                "verbose_name_plural": "historical üzvlər",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("owner", "Sahib"), ("member", "Üzv")],
                        default="member",
                        max_length=10,
                        verbose_name="rol",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="qoşulub")),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="forecasts.employer",
                        verbose_name="İşəgötürən",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="hesab",
                    ),
                ),
            ],
            options={
                "verbose_name": "üzvlük",
                "verbose_name_plural": "üzvlər",
                "ordering": ["employer", "created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-poçt")),
                (
                    "language",
                    models.CharField(
                        choices=[("az", "Azərbaycan dili"), ("en", "English"), ("ru", "Русский")],
                        default="az",
                        max_length=2,
                        verbose_name="məktubun dili",
                    ),
                ),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="göndərilib")),
                ("expires_at", models.DateTimeField(verbose_name="etibarlıdır (tarixədək)")),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="qəbul edilib"),
                ),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="ləğv edilib"),
                ),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="qəbul edən",
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="forecasts.employer",
                        verbose_name="İşəgötürən",
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="dəvət edən",
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ləğv edən",
                    ),
                ),
            ],
            options={
                "verbose_name": "dəvət",
                "verbose_name_plural": "dəvətlər",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["employer", "accepted_at", "revoked_at"], name="invitation_open"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="JoinRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Gözləyir"),
                            ("approved", "Təsdiqlənib"),
                            ("refused", "Rədd edilib"),
                            ("withdrawn", "Geri götürülüb"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="vəziyyət",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("az", "Azərbaycan dili"), ("en", "English"), ("ru", "Русский")],
                        default="az",
                        max_length=2,
                        verbose_name="dil",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="müraciət tarixi"),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="qərar tarixi"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="qərar verən",
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="join_requests",
                        to="forecasts.employer",
                        verbose_name="İşəgötürən",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="join_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="müraciət edən",
                    ),
                ),
            ],
            options={
                "verbose_name": "qoşulma müraciəti",
                "verbose_name_plural": "qoşulma müraciətləri",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("user",),
                        name="join_request_one_pending_per_user",
                    )
                ],
            },
        ),
        # Every employer's account becomes its owner (0013 then drops the one-account link).
        migrations.AlterField(
            model_name="employer",
            name="user",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="employer",
                to=settings.AUTH_USER_MODEL,
                verbose_name="hesab",
            ),
        ),
        migrations.RunPython(accounts_become_owners, owners_become_accounts),
    ]
