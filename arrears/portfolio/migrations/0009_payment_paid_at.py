"""Payments by date: the nightly's week of flows and the vintages read payments in a range
of `paid_at`, which scanned every payment ever imported. The account's own index goes: the
(account, paid_at) and (account, external_id) indexes lead with it, so a payment import
keeps the same number of indexes to maintain."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0008_account_delinquent_since"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="payments",
                to="portfolio.account",
            ),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["paid_at"], name="payment_paid_at"),
        ),
    ]
