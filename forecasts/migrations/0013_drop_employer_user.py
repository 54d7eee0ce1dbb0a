"""Employers have members now (0012): the one account per employer goes.

Apart from 0012 so that PostgreSQL alters the table in a transaction of its own, after
the rows 0012 wrote.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("forecasts", "0012_employer_members")]

    operations = [
        migrations.RemoveField(
            model_name="employer",
            name="user",
        ),
        migrations.RemoveField(
            model_name="historicalemployer",
            name="user",
        ),
    ]
