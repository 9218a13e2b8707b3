"""AccountMonth without indexes on its account and creditor: every reader takes a month's
rows through the unique (month, account) key, and a month's first night inserts a row for
every open account (two indexes to fill instead of four)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0009_payment_paid_at"),
        ("reports", "0002_group_statistics"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accountmonth",
            name="account",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portfolio.account",
                verbose_name="account",
            ),
        ),
        migrations.AlterField(
            model_name="accountmonth",
            name="creditor",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portfolio.creditor",
                verbose_name="creditor",
            ),
        ),
    ]
