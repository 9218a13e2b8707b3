import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0005_creditor_horizons"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="blockday",
            name="creditor",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portfolio.creditor",
                verbose_name="creditor",
            ),
        ),
    ]
